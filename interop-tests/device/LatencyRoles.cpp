// --bench --role ping|pong: round-trip latency at a fixed rate over two push/pull channels (ping
// pushes to --endpoint, pong pushes back to --reply-endpoint), the twin of
// org.fairmq.bench.TransportLatency (same rules, so either side can be Java or C++).
//
// Ping: a sender thread sends message k at its intended time start + k / rate, whatever the
// replies do, with that intended time (steady_clock ns) in the payload's first 8 bytes; a late
// sender (a full queue, a descheduled thread) sends at once, still stamped with the intended time,
// so a stall counts for every message it delays (coordinated omission). The receiving thread
// records now - stamp for every reply whose intended time lies past --warmup-ms. After
// --duration-ms the sender ends the stream with a zero-length frame, which pong sends back; ping
// stops at it and prints "LATENCY msgs=<n> p50_us=<a> p99_us=<b> p999_us=<c> max_us=<d>":
// nearest-rank percentiles of the exact samples (the value of rank ceil(p/100 * n)), as
// HdrHistogram's getValueAtPercentile defines them (the Java side, 3 significant digits).
//
// Pong forwards each received frame as it is: for shmem the MetaHeader, so the chunk travels back
// (zero copy, what a FairMQ processor does) and ping frees it; pong only decodes (validates) it.
#include "Roles.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <thread>
#include <vector>

namespace interop::device
{

namespace
{

using Clock = std::chrono::steady_clock;

// Sleeping overshoots by the timer slack (50 us) and the wake-up: sleep until this long before the
// intended time, then yield the CPU until it is there (as TransportLatency does).
constexpr auto kSpinWindow = std::chrono::microseconds(100);

void waitUntil(Clock::time_point when)
{
    if (when - Clock::now() > kSpinWindow) {
        std::this_thread::sleep_until(when - kSpinWindow);
    }
    while (Clock::now() < when) {
        std::this_thread::yield();
    }
}

std::int64_t nanosOf(Clock::time_point t)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// The nearest-rank percentile p (0 < p <= 100) of sorted samples.
double percentileUs(const std::vector<std::int64_t>& sorted, double p)
{
    const auto n = static_cast<double>(sorted.size());
    const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(p / 100.0 * n)));
    return static_cast<double>(sorted[std::min(rank, sorted.size()) - 1]) / 1e3;
}

void printLatency(std::vector<std::int64_t>& samples)
{
    std::sort(samples.begin(), samples.end());
    char line[160];
    if (samples.empty()) {
        std::snprintf(line, sizeof line, "LATENCY msgs=0 p50_us=0 p99_us=0 p999_us=0 max_us=0");
    } else {
        std::snprintf(line, sizeof line, "LATENCY msgs=%zu p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f",
                      samples.size(), percentileUs(samples, 50), percentileUs(samples, 99),
                      percentileUs(samples, 99.9), percentileUs(samples, 100));
    }
    std::cout << line << std::endl;
}

// Ping's sending half, on its own thread with its own patience; stops early when told to.
class PingSender
{
  public:
    PingSender(RoleContext& ctx, Clock::time_point start, Clock::duration duration)
        : ctx_(ctx), start_(start), end_(start + duration), thread_([this] { run(); })
    {}
    ~PingSender()
    {
        abort_ = true;
        if (thread_.joinable()) {
            thread_.join();
        }
    }
    PingSender(const PingSender&) = delete;
    PingSender& operator=(const PingSender&) = delete;

    // Waits for the thread; rethrows what stopped it.
    void join()
    {
        thread_.join();
        if (failure_) {
            std::rethrow_exception(failure_);
        }
    }

  private:
    void run()
    {
        try {
            Patience patience(ctx_.options.timeoutMs);
            PartSpec spec{ctx_.options.size, 0, false, 0};
            spec.fill = false;
            const std::chrono::nanoseconds interval(1'000'000'000 / ctx_.options.rate);
            for (std::uint64_t k = 0; !abort_; ++k) {
                const auto intended = start_ + k * interval;
                if (intended >= end_) {
                    break;
                }
                waitUntil(intended);
                OutgoingPart part = ctx_.codec.encode(spec, patience);
                const std::int64_t stamp = nanosOf(intended);
                // the chunk (or frame) is ours and writable until sent; payload() is const for the pattern check
                std::memcpy(const_cast<std::uint8_t*>(part.payload()), &stamp, sizeof stamp);
                ctx_.socket.send(part.frame, false, patience);
                part.chunk.handOver();
                patience.progress();
            }
            ZmqMessage endOfStream;
            ctx_.socket.send(endOfStream, false, patience);
        } catch (...) {
            failure_ = std::current_exception();
        }
    }

    RoleContext& ctx_;
    const Clock::time_point start_;
    const Clock::time_point end_;
    std::atomic<bool> abort_{false};
    std::exception_ptr failure_;
    std::thread thread_;  // last: starts once the members above exist
};

} // namespace

void runPing(RoleContext& ctx)
{
    const auto durationMs = ctx.options.durationMs > 0 ? ctx.options.durationMs : 10'000;
    const auto start = Clock::now() + std::chrono::milliseconds(1);
    const std::int64_t recordFrom = nanosOf(start + std::chrono::milliseconds(ctx.options.warmupMs));
    std::vector<std::int64_t> samples;
    samples.reserve(static_cast<std::size_t>(ctx.options.rate * durationMs / 1000 + 1));
    std::uint64_t n = 0;
    {
        PingSender sender(ctx, start, std::chrono::milliseconds(durationMs));
        ZmqMessage frame;
        for (;;) {
            const ReceivedPart part = receiveBenchPart(ctx, *ctx.replies, frame);
            const auto arrived = nanosOf(Clock::now());
            if (part.zeroLengthFrame) {
                break;
            }
            std::int64_t stamp = 0;
            std::memcpy(&stamp, part.payload, sizeof stamp);
            ctx.codec.release(part);
            if (stamp >= recordFrom) {
                samples.push_back(arrived - stamp);
            }
            ++n;
            ctx.patience.progress();
        }
        sender.join();
    }
    printLatency(samples);
    ctx.summary.msgs = n;
    ctx.summary.parts = n;
    ctx.summary.bytes = n * ctx.options.size;
}

void runPong(RoleContext& ctx)
{
    ZmqMessage frame;  // received, then sent on: zmq_msg_send empties it for the next receive
    std::uint64_t n = 0;
    for (;;) {
        // validated; the chunk stays with the frame
        const bool end = receiveBenchPart(ctx, ctx.socket, frame).zeroLengthFrame;
        ctx.replies->send(frame, false, ctx.patience);
        if (end) {
            break;
        }
        ++n;
        ctx.patience.progress();
    }
    ctx.summary.msgs = n;
    ctx.summary.parts = n;
    ctx.summary.bytes = n * ctx.options.size;
}

} // namespace interop::device
