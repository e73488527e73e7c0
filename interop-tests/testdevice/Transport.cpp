#include "Transport.h"

#include "Log.h"

#include "interop/Counters.h"
#include "interop/Protocol.h"

#include <zmq.h>

#include <cerrno>
#include <exception>
#include <stdexcept>

namespace interop::testdevice
{

TransportKind parseTransport(const std::string& text)
{
    if (text == "zeromq" || text == "default") {
        return TransportKind::Zeromq;
    }
    if (text == "shmem") {
        return TransportKind::Shmem;
    }
    throw std::invalid_argument("Invalid channel transport: \"" + text + "\" (expected default, zeromq or shmem)");
}

const char* transportName(TransportKind kind) { return kind == TransportKind::Shmem ? "shmem" : "zeromq"; }

Transport::Transport(TransportKind kind, const Options& o)
    : kind_(kind), mainName_(o.segmentName), managementName_(ShmNames(o.prefix).managementSegment())
{
    const ShmNames names(o.prefix);
    if (kind_ == TransportKind::Shmem) {
        mutex_ = std::make_unique<bipc::named_mutex>(bipc::open_or_create, names.mutex().c_str());  // step 1
    }
    context_ = zmq_ctx_new();  // step 2
    if (context_ == nullptr) {
        throw std::runtime_error(std::string("failed creating context, reason: ") + zmq_strerror(zmq_errno()));
    }
    if (zmq_ctx_set(context_, ZMQ_IO_THREADS, kIoThreads) != 0 || zmq_ctx_set(context_, ZMQ_MAX_SOCKETS, kMaxSockets) != 0) {
        logError(std::string("failed configuring context, reason: ") + zmq_strerror(zmq_errno()));  // step 4: not fatal
    }
    if (kind_ != TransportKind::Shmem) {
        return;
    }
    management_ = std::make_unique<bipc::managed_shared_memory>(bipc::open_or_create, managementName_.c_str(),
                                                                kManagementSegmentSize);  // step 5
    main_ = std::make_unique<bipc::managed_shared_memory>(bipc::open_or_create, mainName_.c_str(),
                                                          o.segmentSize);  // step 6
    logDebug("shmem: created/opened shared memory segment of " + std::to_string(o.segmentSize)
             + " bytes. Available are " + std::to_string(main_->get_free_memory()) + " bytes.");
    const unsigned int count = attachDevice(*main_, *mutex_);  // step 8
    attached_ = true;
    logDebug("shmem: device counter now " + std::to_string(count));
    heartbeat_ = std::make_unique<device::Heartbeat>(names.controlQueue());  // step 9
}

Transport::~Transport()
{
    try {
        shutdown();
    } catch (const std::exception& e) {
        logError(std::string("shmem: shutdown failed: ") + e.what());
    }
}

void Transport::shutdown()
{
    if (heartbeat_) {  // 2.2 step 1
        heartbeat_->stop();
        heartbeat_.reset();
    }
    if (context_ != nullptr) {  // step 2
        while (zmq_ctx_term(context_) != 0 && zmq_errno() == EINTR) {
        }
        context_ = nullptr;
    }
    if (attached_) {  // step 3
        attached_ = false;
        const DetachResult r = detachDevice(*main_, *mutex_, mainName_, managementName_);
        if (r.count == 0) {
            logDebug("shmem: last '" + mainName_ + "' user, removing segment.");
            logDebug(std::string("shmem: ") + (r.removedMain ? "successfully removed" : "did not remove") + " \""
                     + mainName_ + "\"; " + (r.removedManagement ? "successfully removed" : "did not remove") + " \""
                     + managementName_ + "\"");
        } else {
            logDebug("shmem: other '" + mainName_ + "' users present (" + std::to_string(r.count) + "), not removing it.");
        }
    }
}

} // namespace interop::testdevice
