// One transport of a device: the zmq context and, for shmem, the shared-memory lifecycle of
// PROTOCOL.md 2.1 (creation) and 2.2 (shutdown).
#ifndef INTEROP_DEVICE_DEVICETRANSPORT_H
#define INTEROP_DEVICE_DEVICETRANSPORT_H

#include "Heartbeat.h"
#include "Options.h"
#include "Zmq.h"

#include "interop/Protocol.h"

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/named_mutex.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace interop::device
{

namespace bipc = boost::interprocess;

// Holds one increment of the main segment's DeviceCounter; detach() (or the destructor) gives it back.
class DeviceAttachment
{
  public:
    DeviceAttachment(bipc::managed_shared_memory& main, bipc::named_mutex& mutex, std::string mainName,
                     std::string managementName, bool verbose);
    ~DeviceAttachment();
    DeviceAttachment(const DeviceAttachment&) = delete;
    DeviceAttachment& operator=(const DeviceAttachment&) = delete;

    void detach();  // idempotent

  private:
    bipc::managed_shared_memory& main_;
    bipc::named_mutex& mutex_;
    std::string mainName_;
    std::string managementName_;
    bool verbose_;
    bool attached_ = false;
};

class DeviceTransport
{
  public:
    explicit DeviceTransport(const Options& options);
    ~DeviceTransport();
    DeviceTransport(const DeviceTransport&) = delete;
    DeviceTransport& operator=(const DeviceTransport&) = delete;

    // PROTOCOL.md 2.2. Every socket must be closed before. Idempotent.
    void shutdown();

    const ZmqContext& context() const { return context_; }
    const ShmNames& names() const { return names_; }
    // nullptr for the zeromq transport.
    bipc::managed_shared_memory* mainSegment() { return main_.get(); }
    bipc::managed_shared_memory* managementSegment() { return management_.get(); }
    std::size_t freeMemory() const { return main_ ? main_->get_free_memory() : 0; }

  private:
    ShmNames names_;
    bool verbose_;
    std::unique_ptr<bipc::named_mutex> mutex_;           // 2.1 step 1
    ZmqContext context_;                                 // 2.1 steps 2, 4
    std::unique_ptr<bipc::managed_shared_memory> management_;  // 2.1 step 5
    std::unique_ptr<bipc::managed_shared_memory> main_;        // 2.1 step 6
    std::unique_ptr<DeviceAttachment> attachment_;             // 2.1 step 8
    std::unique_ptr<Heartbeat> heartbeat_;                     // 2.1 step 9
};

} // namespace interop::device

#endif // INTEROP_DEVICE_DEVICETRANSPORT_H
