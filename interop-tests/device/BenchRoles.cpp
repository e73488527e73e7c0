// --bench: push/pull throughput with fresh messages and untouched payloads (no pattern, no
// verification, no checksum). The sender stops after --num-msgs or --duration-ms and ends the
// stream with one zero-length frame; the receiver counts from --warmup-ms after its first message
// to that frame. Both print "RATE msgs=<n> seconds=<s>" (the receiver's is the figure to report).
#include "Roles.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace interop::device
{

namespace
{

using Clock = std::chrono::steady_clock;

// Reading the clock costs ~20 ns: at a few million messages per second, look every 16 messages.
constexpr std::uint64_t kClockEvery = 16;

void printRate(std::uint64_t msgs, Clock::duration elapsed)
{
    const double seconds = std::chrono::duration<double>(elapsed).count();
    char line[96];
    std::snprintf(line, sizeof line, "RATE msgs=%llu seconds=%.6f", static_cast<unsigned long long>(msgs), seconds);
    std::cout << line << std::endl;
}

} // namespace

void runBenchSender(RoleContext& ctx)
{
    PartSpec spec{ctx.options.size, 0, false, 0};
    spec.fill = false;
    const auto start = Clock::now();
    const auto stop = ctx.options.durationMs > 0 ? start + std::chrono::milliseconds(ctx.options.durationMs)
                                                 : Clock::time_point::max();
    std::uint64_t n = 0;
    while (n < ctx.options.numMsgs) {
        if (n % kClockEvery == 0) {
            if (Clock::now() >= stop) {
                break;
            }
            ctx.patience.progress();
        }
        OutgoingPart part = ctx.codec.encode(spec, ctx.patience);
        ctx.socket.send(part.frame, false, ctx.patience);
        part.chunk.handOver();
        ++n;
    }
    const auto elapsed = Clock::now() - start;
    ZmqMessage end;  // end of stream: a zero-length frame, i.e. an empty message
    ctx.socket.send(end, false, ctx.patience);
    ctx.summary.msgs = n;
    ctx.summary.parts = n;
    ctx.summary.bytes = n * ctx.options.size;
    printRate(n, elapsed);
}

void runBenchReceiver(RoleContext& ctx)
{
    ZmqMessage frame;  // zmq_msg_recv releases the previous content: one frame object for the run
    std::uint64_t n = 0;
    std::uint64_t countedFrom = 1;  // messages after the first one, unless the warm-up mark is reached
    Clock::time_point first;
    Clock::time_point mark;
    bool marked = false;
    for (;;) {
        ctx.socket.receive(frame, ctx.patience);
        ReceivedPart part;
        try {
            part = ctx.codec.decode(frame);
        } catch (const Rejected& e) {
            reportRejection(ctx, e.what());
            continue;
        }
        if (part.zeroLengthFrame) {
            break;  // the sender's end of stream
        }
        ctx.codec.release(part);
        ++n;
        if (n == 1) {
            first = Clock::now();
            mark = first + std::chrono::milliseconds(ctx.options.warmupMs);
            marked = ctx.options.warmupMs == 0;
        } else if (n % kClockEvery == 0) {
            const auto now = Clock::now();
            ctx.patience.progress();
            if (!marked && now >= mark) {
                marked = true;
                mark = now;
                countedFrom = n;
            }
        }
    }
    const auto end = Clock::now();
    ctx.summary.msgs = n;
    ctx.summary.parts = n;
    ctx.summary.bytes = n * ctx.options.size;
    if (n > 0) {
        printRate(n - countedFrom, end - (marked ? mark : first));
    } else {
        printRate(0, Clock::duration::zero());
    }
}

} // namespace interop::device
