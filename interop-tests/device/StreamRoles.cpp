// One-directional roles: push / pair-send and pull / pair-recv.
#include "Roles.h"

#include <chrono>
#include <iostream>
#include <thread>

namespace interop::device
{

void runSender(RoleContext& ctx)
{
    for (std::uint64_t k = 0; k < ctx.options.numMsgs; ++k) {
        sendMessage(ctx, k, &ctx.summary);
        ++ctx.summary.msgs;
    }
}

void runReceiver(RoleContext& ctx)
{
    std::uint64_t k = 0;
    while (k < ctx.options.numMsgs) {
        const ReceivedMessage message = receiveMessage(ctx);
        if (message.rejection()) {
            reportRejection(ctx, *message.rejection());
            continue;  // not a message: it does not count towards N
        }
        verifyMessage(ctx, message, k++);
        if (ctx.options.recvDelayUs > 0) {
            // A slow consumer holds its chunks while it works: the sender feels the full segment.
            std::this_thread::sleep_for(std::chrono::microseconds(ctx.options.recvDelayUs));
        }
        if (k == ctx.options.pauseAfter && ctx.options.pauseMs > 0) {
            // A consumer that stalls mid-stream: the sender finishes and leaves while frames wait here.
            std::cout << "PAUSE after " << k << " messages for " << ctx.options.pauseMs << " ms" << std::endl;
            std::this_thread::sleep_for(std::chrono::milliseconds(ctx.options.pauseMs));
        }
    }
}

} // namespace interop::device
