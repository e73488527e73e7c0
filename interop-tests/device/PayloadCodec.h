// How a payload travels: as a MetaHeader naming shared memory (shmem) or as the frame itself (zeromq).
#ifndef INTEROP_DEVICE_PAYLOADCODEC_H
#define INTEROP_DEVICE_PAYLOADCODEC_H

#include "MessagePlan.h"
#include "Stop.h"
#include "Zmq.h"

#include <boost/interprocess/managed_shared_memory.hpp>

#include <cstdint>
#include <memory>
#include <stdexcept>

namespace interop::device
{

class DeviceTransport;
class SenderRegion;

// A main-segment chunk this process owns; freed on destruction unless handed over to zmq.
class OwnedChunk
{
  public:
    OwnedChunk() = default;
    OwnedChunk(boost::interprocess::managed_shared_memory& segment, void* address) : segment_(&segment), address_(address) {}
    ~OwnedChunk() { free(); }
    OwnedChunk(OwnedChunk&& other) noexcept : segment_(other.segment_), address_(other.address_) { other.address_ = nullptr; }
    OwnedChunk& operator=(OwnedChunk&& other) noexcept
    {
        if (this != &other) {
            free();
            segment_ = other.segment_;
            address_ = other.address_;
            other.address_ = nullptr;
        }
        return *this;
    }
    OwnedChunk(const OwnedChunk&) = delete;
    OwnedChunk& operator=(const OwnedChunk&) = delete;

    // After a successful send ownership travels with the frame (PROTOCOL.md 3.4).
    void handOver() { address_ = nullptr; }

  private:
    void free()
    {
        if (address_ != nullptr) {
            segment_->deallocate(address_);
            address_ = nullptr;
        }
    }
    boost::interprocess::managed_shared_memory* segment_ = nullptr;
    void* address_ = nullptr;
};

struct OutgoingPart
{
    ZmqMessage frame;
    OwnedChunk chunk;
    const std::uint8_t* sharedPayload = nullptr;  // shmem: the payload in shared memory
    std::uint64_t size = 0;

    // The payload bytes, valid until the frame is sent. For zeromq they are the frame's bytes,
    // which move with the frame (small zmq messages are stored inside zmq_msg_t).
    const std::uint8_t* payload() { return sharedPayload != nullptr ? sharedPayload : frame.data(); }
};

struct ReceivedPart
{
    const std::uint8_t* payload = nullptr;
    std::uint64_t size = 0;
    bool zeroLengthFrame = false;
    std::uint64_t regionId = 0;
    std::int64_t handle = 0;
    bool ownsChunk = false;  // a main-segment chunk that this process must free exactly once
};

// A frame that is not a valid message of the transport (wrong length, handle out of bounds, ...).
class Rejected : public std::runtime_error
{
    using std::runtime_error::runtime_error;
};

class PayloadCodec
{
  public:
    virtual ~PayloadCodec() = default;
    // Builds the frame for one part, filled with the plan's pattern (may wait for segment space).
    virtual OutgoingPart encode(const PartSpec& spec, const Patience& patience) = 0;
    // Interprets a received frame; throws Rejected. The frame must outlive the returned part.
    virtual ReceivedPart decode(ZmqMessage& frame) = 0;
    // Gives back what decode() handed over (frees a main-segment chunk).
    virtual void release(const ReceivedPart& part) = 0;
};

// The codec of the configured transport; `region` (may be null) is where region messages go.
std::unique_ptr<PayloadCodec> makeCodec(const Options& options, DeviceTransport& transport, SenderRegion* region);

} // namespace interop::device

#endif // INTEROP_DEVICE_PAYLOADCODEC_H
