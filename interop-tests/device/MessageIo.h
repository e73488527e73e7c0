// Sending a planned message and receiving/verifying one, shared by all roles.
#ifndef INTEROP_DEVICE_MESSAGEIO_H
#define INTEROP_DEVICE_MESSAGEIO_H

#include "MessagePlan.h"
#include "Options.h"
#include "PayloadCodec.h"
#include "Stop.h"
#include "Summary.h"
#include "Zmq.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interop::device
{

struct RoleContext
{
    const Options& options;
    const MessagePlan& plan;
    ZmqSocket& socket;
    PayloadCodec& codec;
    Summary& summary;
    Patience patience;
    ZmqSocket* replies = nullptr;  // ping/pong: the second channel, pong -> ping
};

// Builds message k of the plan and sends it (all parts); `account` (may be null) records the payload.
// Throws on failure; unsent chunks are freed. Returns the first part's MetaHeader handle (shmem).
std::int64_t sendMessage(RoleContext& ctx, std::uint64_t k, Summary* account);

// One received logical message (all its frames). Owns what the frames hand over: the main-segment
// chunks are released exactly once, when this object is destroyed.
class ReceivedMessage
{
  public:
    ReceivedMessage(PayloadCodec& codec, std::vector<ZmqMessage> frames);
    ~ReceivedMessage();
    ReceivedMessage(ReceivedMessage&&) = default;
    ReceivedMessage& operator=(ReceivedMessage&&) = delete;
    ReceivedMessage(const ReceivedMessage&) = delete;
    ReceivedMessage& operator=(const ReceivedMessage&) = delete;

    // Why the message is not a valid message of the transport, if it is not.
    const std::optional<std::string>& rejection() const { return rejection_; }
    const std::vector<ReceivedPart>& parts() const { return parts_; }

  private:
    PayloadCodec* codec_;
    std::vector<ZmqMessage> frames_;   // decoded parts may point into these
    std::vector<ReceivedPart> parts_;
    std::optional<std::string> rejection_;
};

// Receives all frames of the next message (blocking, bounded by ctx.patience).
ReceivedMessage receiveMessage(RoleContext& ctx);

// Checks a valid message against plan entry k and records it in ctx.summary (one message, its
// parts and bytes); every mismatch is printed to stderr and counted as an error.
void verifyMessage(RoleContext& ctx, const ReceivedMessage& message, std::uint64_t k);

// Records a rejected message: a "REJECTED <reason>" line on stdout and one error.
void reportRejection(RoleContext& ctx, const std::string& reason);

} // namespace interop::device

#endif // INTEROP_DEVICE_MESSAGEIO_H
