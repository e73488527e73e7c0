#include "DeviceTransport.h"

#include "interop/Counters.h"

#include <exception>
#include <iostream>
#include <utility>

namespace interop::device
{

namespace
{

std::unique_ptr<bipc::named_mutex> openMutex(const Options& o)
{
    if (o.transport != Transport::Shmem) {
        return nullptr;
    }
    return std::make_unique<bipc::named_mutex>(bipc::open_or_create, ShmNames(o.prefix).mutex().c_str());
}

} // namespace

DeviceAttachment::DeviceAttachment(bipc::managed_shared_memory& main, bipc::named_mutex& mutex, std::string mainName,
                                   std::string managementName, bool verbose)
    : main_(main), mutex_(mutex), mainName_(std::move(mainName)), managementName_(std::move(managementName)),
      verbose_(verbose)
{
    const unsigned int count = attachDevice(main_, mutex_);
    attached_ = true;
    if (verbose_) {
        std::cerr << "shmem: device counter now " << count << std::endl;
    }
}

DeviceAttachment::~DeviceAttachment()
{
    try {
        detach();
    } catch (const std::exception& e) {
        std::cerr << "shmem: detach failed: " << e.what() << std::endl;
    }
}

void DeviceAttachment::detach()
{
    if (!attached_) {
        return;
    }
    attached_ = false;
    const DetachResult result = detachDevice(main_, mutex_, mainName_, managementName_);
    if (verbose_) {
        if (result.count == 0) {
            std::cerr << "shmem: last user of \"" << mainName_ << "\": removed main " << result.removedMain
                      << ", management " << result.removedManagement << std::endl;
        } else {
            std::cerr << "shmem: other users present (" << result.count << "), not removing segments" << std::endl;
        }
    }
}

DeviceTransport::DeviceTransport(const Options& o)
    : names_(o.prefix), verbose_(o.verbose), mutex_(openMutex(o))
{
    if (o.transport != Transport::Shmem) {
        return;
    }
    management_ = std::make_unique<bipc::managed_shared_memory>(bipc::open_or_create,
                                                                names_.managementSegment().c_str(),
                                                                kManagementSegmentSize);
    main_ = std::make_unique<bipc::managed_shared_memory>(bipc::open_or_create, o.segmentName.c_str(), o.segmentSize);
    if (verbose_) {
        std::cerr << "shmem: opened segment \"" << o.segmentName << "\" of " << main_->get_size() << " bytes, "
                  << main_->get_free_memory() << " free" << std::endl;
    }
    attachment_ = std::make_unique<DeviceAttachment>(*main_, *mutex_, o.segmentName, names_.managementSegment(), verbose_);
    if (o.heartbeat) {
        heartbeat_ = std::make_unique<Heartbeat>(names_.controlQueue());
    }
}

DeviceTransport::~DeviceTransport()
{
    try {
        shutdown();
    } catch (const std::exception& e) {
        std::cerr << "shutdown failed: " << e.what() << std::endl;
    }
}

void DeviceTransport::shutdown()
{
    if (heartbeat_) {                 // 2.2 step 1
        heartbeat_->stop();
        if (verbose_) {
            std::cerr << "shmem: heartbeats sent: " << heartbeat_->sent() << std::endl;
        }
        heartbeat_.reset();
    }
    context_.terminate();             // 2.2 step 2
    if (attachment_) {                // 2.2 step 3
        attachment_->detach();
    }
}

} // namespace interop::device
