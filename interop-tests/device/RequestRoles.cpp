// req / rep: every reply echoes its request (same sizes, same pattern), built as a new message.
#include "Roles.h"

#include <chrono>
#include <thread>

namespace interop::device
{

void runRequester(RoleContext& ctx)
{
    for (std::uint64_t k = 0; k < ctx.options.numMsgs; ++k) {
        sendMessage(ctx, k, nullptr);
        const ReceivedMessage reply = receiveMessage(ctx);
        if (reply.rejection()) {
            reportRejection(ctx, *reply.rejection());  // the reply to k is gone: go on with k + 1
            continue;
        }
        verifyMessage(ctx, reply, k);
    }
}

void runReplier(RoleContext& ctx)
{
    std::uint64_t k = 0;
    while (k < ctx.options.numMsgs) {
        {
            const ReceivedMessage request = receiveMessage(ctx);
            if (request.rejection()) {
                reportRejection(ctx, *request.rejection());
                ZmqMessage empty;  // REP must answer before it can receive again
                ctx.socket.send(empty, false, ctx.patience);
                continue;
            }
            verifyMessage(ctx, request, k);
            if (ctx.options.recvDelayUs > 0) {
                std::this_thread::sleep_for(std::chrono::microseconds(ctx.options.recvDelayUs));
            }
        }  // the request's chunks are freed here, before the reply is allocated
        sendMessage(ctx, k, nullptr);
        ++k;
    }
}

} // namespace interop::device
