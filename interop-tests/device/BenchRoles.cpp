// --bench: push/pull throughput with fresh messages and untouched payloads (no pattern, no
// verification, no checksum). The sender stops after --num-msgs or --duration-ms and ends the
// stream with one zero-length frame; the receiver stops at that frame. Each side counts from
// --warmup-ms after its first message and prints "RATE msgs=<n> seconds=<s> cpu_seconds=<c>": the
// messages, wall time and CPU time of the whole process (all threads) in that window. The
// receiver's rate is the figure to report; CPU per message is robust on a busy machine.
#include "Roles.h"

#include <sys/resource.h>

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

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

// The counting window: from the first message plus the warm-up (or from the first message if the
// run is shorter) to the end.
class Window
{
  public:
    explicit Window(std::uint64_t warmupMs) : warmup_(std::chrono::milliseconds(warmupMs)) {}

    // Call after message n (1-based).
    void after(std::uint64_t n)
    {
        if (n == 1) {
            start(1, Clock::now());
            started_ = warmup_.count() == 0;
            return;
        }
        if (!started_ && n % kClockEvery == 0) {
            const auto now = Clock::now();
            if (now - begin_ >= warmup_) {
                start(n, now);
                started_ = true;
            }
        }
    }

    void print(std::uint64_t n) const
    {
        const auto end = Clock::now();
        const double cpu = processCpuSeconds();
        const bool any = n > 0;
        const double seconds = any ? std::chrono::duration<double>(end - begin_).count() : 0.0;
        char line[128];
        std::snprintf(line, sizeof line, "RATE msgs=%llu seconds=%.6f cpu_seconds=%.6f",
                      static_cast<unsigned long long>(any ? n - from_ : 0), seconds, any ? cpu - cpu_ : 0.0);
        std::cout << line << std::endl;
    }

  private:
    void start(std::uint64_t n, Clock::time_point now)
    {
        from_ = n;
        begin_ = now;
        cpu_ = processCpuSeconds();
    }

    Clock::duration warmup_;
    bool started_ = false;
    std::uint64_t from_ = 0;
    Clock::time_point begin_;
    double cpu_ = 0;
};

} // namespace

ReceivedPart receiveBenchPart(RoleContext& ctx, ZmqSocket& socket, ZmqMessage& frame)
{
    for (;;) {
        socket.receive(frame, ctx.patience);
        try {
            return ctx.codec.decode(frame);
        } catch (const Rejected& e) {
            reportRejection(ctx, e.what());
        }
    }
}

void runBenchSender(RoleContext& ctx)
{
    PartSpec spec{ctx.options.size, 0, false, 0};
    spec.fill = false;
    Window window(ctx.options.warmupMs);
    const auto stop = ctx.options.durationMs > 0 ? Clock::now() + std::chrono::milliseconds(ctx.options.durationMs)
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
        window.after(++n);
    }
    window.print(n);
    ZmqMessage end;  // end of stream: a zero-length frame, i.e. an empty message
    ctx.socket.send(end, false, ctx.patience);
    ctx.summary.msgs = n;
    ctx.summary.parts = n;
    ctx.summary.bytes = n * ctx.options.size;
}

void runBenchReceiver(RoleContext& ctx)
{
    ZmqMessage frame;  // zmq_msg_recv releases the previous content: one frame object for the run
    Window window(ctx.options.warmupMs);
    std::uint64_t n = 0;
    for (;;) {
        const ReceivedPart part = receiveBenchPart(ctx, ctx.socket, frame);
        if (part.zeroLengthFrame) {
            break;  // the sender's end of stream
        }
        ctx.codec.release(part);
        window.after(++n);
        if (n % kClockEvery == 0) {
            ctx.patience.progress();
        }
    }
    window.print(n);
    ctx.summary.msgs = n;
    ctx.summary.parts = n;
    ctx.summary.bytes = n * ctx.options.size;
}

} // namespace interop::device
