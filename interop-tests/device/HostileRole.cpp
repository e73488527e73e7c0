// sampler-hostile: valid messages as push, plus one frame of each kind a robust shmem receiver
// must reject without touching memory (PROTOCOL.md 3.3, D18).
#include "Roles.h"

#include "interop/MetaFrame.h"

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

namespace interop::device
{

namespace
{

struct HostileFrame
{
    std::string kind;
    std::vector<std::uint8_t> bytes;
};

std::vector<std::uint8_t> metaBytes(std::uint64_t size, std::uint64_t regionId, std::int64_t handle, std::size_t length = kMetaHeaderSize)
{
    std::vector<std::uint8_t> bytes(length < kMetaHeaderSize ? kMetaHeaderSize : length, 0);
    encodeMetaFrame(MetaFrame{size, regionId, handle}, bytes.data());
    bytes.resize(length);
    return bytes;
}

// None of these names a chunk that exists, so rejecting them leaks nothing.
std::vector<HostileFrame> hostileFrames(std::uint64_t segmentSize)
{
    const auto end = static_cast<std::int64_t>(segmentSize);
    const std::int64_t nearEnd = (end - 4096) & ~std::int64_t{15};
    return {
        {"short-frame", metaBytes(16, 0, 4096, 7)},
        {"long-frame", metaBytes(16, 0, 4096, 40)},
        {"handle-far", metaBytes(16, 0, std::int64_t{1} << 60)},
        {"handle-negative", metaBytes(16, 0, -4096)},
        {"past-end", metaBytes(8192, 0, nearEnd)},
        {"unknown-region", metaBytes(16, 999999, 0)},
        {"misaligned", metaBytes(16, 0, 4097)},
    };
}

void sendHostileFrames(RoleContext& ctx, std::uint64_t segmentSize)
{
    for (const auto& hostile : hostileFrames(segmentSize)) {
        ZmqMessage frame(hostile.bytes.size());
        if (!hostile.bytes.empty()) {
            std::memcpy(frame.data(), hostile.bytes.data(), hostile.bytes.size());
        }
        ctx.socket.send(frame, false, ctx.patience);
        ctx.patience.progress();
        std::cout << "HOSTILE " << hostile.kind << std::endl;
    }
}

} // namespace

void runHostileSampler(RoleContext& ctx, const boost::interprocess::managed_shared_memory& main)
{
    for (std::uint64_t k = 0; k < ctx.options.numMsgs; ++k) {
        sendMessage(ctx, k, &ctx.summary);
        ++ctx.summary.msgs;
        if (k == 0) {
            sendHostileFrames(ctx, main.get_size());
        }
    }
    if (ctx.options.numMsgs == 0) {
        sendHostileFrames(ctx, main.get_size());
    }
}

} // namespace interop::device
