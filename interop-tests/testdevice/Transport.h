// One transport of the test device: a zmq context (PROTOCOL.md 4.1) and, for shmem, the
// shared-memory lifecycle of 2.1 (creation) and 2.2 (shutdown).
#ifndef INTEROP_TESTDEVICE_TRANSPORT_H
#define INTEROP_TESTDEVICE_TRANSPORT_H

#include "Options.h"

#include "../device/Heartbeat.h"

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/named_mutex.hpp>

#include <memory>
#include <string>

namespace interop::testdevice
{

namespace bipc = boost::interprocess;

enum class TransportKind { Zeromq, Shmem };

// "zeromq" or "shmem"; "default" means zeromq, the default of the reference's test devices.
TransportKind parseTransport(const std::string& text);
const char* transportName(TransportKind kind);

class Transport
{
  public:
    // zeromq: a context. shmem: 2.1 steps 1-9 (mutex, context, management, main, counter, heartbeat).
    Transport(TransportKind kind, const Options& options);
    ~Transport();  // shutdown(), errors logged
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    // 2.2: heartbeat stop, context termination, locked counter decrement, last-out removal of the
    // configured main segment and the management segment. Every socket must be closed. Idempotent.
    void shutdown();

    TransportKind kind() const { return kind_; }
    void* context() const { return context_; }
    // The main segment (shmem only, else nullptr).
    bipc::managed_shared_memory* mainSegment() const { return main_.get(); }

  private:
    TransportKind kind_;
    std::string mainName_;
    std::string managementName_;
    std::unique_ptr<bipc::named_mutex> mutex_;
    void* context_ = nullptr;
    std::unique_ptr<bipc::managed_shared_memory> management_;
    std::unique_ptr<bipc::managed_shared_memory> main_;
    bool attached_ = false;
    std::unique_ptr<device::Heartbeat> heartbeat_;
};

} // namespace interop::testdevice

#endif // INTEROP_TESTDEVICE_TRANSPORT_H
