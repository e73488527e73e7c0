// Frames and message ownership of the v1.10 shmem transport (PROTOCOL-V110.md 3, 4.3-4.5, 5.3).
#ifndef INTEROP_V110_DEVICE_WIRE_H
#define INTEROP_V110_DEVICE_WIRE_H

#include "Options.h"
#include "Regions.h"
#include "Session.h"

#include "../device/Stop.h"

#include <zmq.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace interop::v110
{

using interop::device::Patience;

class Context
{
  public:
    Context();    // ZMQ_IO_THREADS 1, ZMQ_MAX_SOCKETS 10000 (5.1)
    ~Context();
    void* get() const { return context_; }

  private:
    void* context_;
};

class Socket
{
  public:
    // 5.3: identity, linger 1000, 100 ms timeouts, then the channel's linger and HWMs.
    Socket(const Context& context, int type, const std::string& identity, int lingerMs, int hwm);
    ~Socket();
    void bind(const std::string& endpoint);
    void connect(const std::string& endpoint);
    void send(const std::vector<char>& frame, const Patience& patience);
    void receive(std::vector<char>& frame, const Patience& patience);

  private:
    void* socket_;
};

// One part of a message: its header, and (resolved) its data and observed refcount.
struct Part
{
    fair::mq::shmem::MetaHeader h{};
    char* data = nullptr;
    std::uint16_t refCount = 0;   // chunk or RefCount value seen at resolution (0: none)
};

class Codec
{
  public:
    Codec(Session& session, ControllerRegion* region, const Options& options);
    ~Codec();

    // Sender side.
    Part allocate(std::uint64_t size, const Patience& patience);   // chunk in the own segment (3.6, 3.10)
    static Part empty();                                          // size 0, handle -1 (3.7)
    Part regionPart(std::uint64_t offset, std::uint64_t size, std::uint64_t hint);   // 4.3
    Part copy(Part& source);                                      // 3.11 soft copy
    std::vector<char> encode(const std::vector<Part>& parts) const;   // 3.2-3.4

    // Receiver side: length checks, then every part validated before memory is touched (14.8).
    bool decode(const std::vector<char>& frame, std::vector<Part>& parts, std::string& error);

    // 3.9: drop one reference.
    void release(const fair::mq::shmem::MetaHeader& h);

    // Viewers: flush and stop the ack senders (4.5); returns the number of blocks sent.
    std::uint64_t flushAcks();

  private:
    char* chunkAt(std::uint16_t segmentId, std::int64_t handle, std::uint64_t size, std::string& error);
    bool resolve(Part& part, std::string& error);
    // region id -> (base, size, refcounts, ack sender) of the controller or a viewer
    struct RegionView
    {
        char* base;
        std::uint64_t size;
        RefCounts* refCounts;
        AckSender* acks;
    };
    RegionView* region(std::uint16_t id, std::string& error);

    Session& session_;
    ControllerRegion* controller_;
    bool multipart_;
    std::size_t metadataMsgSize_;
    int retryMs_;   // full segment: sleep between allocation attempts (50 ms, --bench 1 ms)
    std::map<std::uint16_t, std::unique_ptr<ViewerRegion>> viewers_;
    std::map<std::uint16_t, RegionView> views_;
};

} // namespace interop::v110

#endif // INTEROP_V110_DEVICE_WIRE_H
