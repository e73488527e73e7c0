// --bench of fairmq-interop-device-v110: the throughput (push/pull) and latency (ping/pong) roles of
// fairmq-interop-device --bench (interop-tests/device/BenchRoles.cpp, LatencyRoles.cpp), with the same
// rules and output lines, on the v1.10 protocol: every message is a fresh chunk with its ShmHeader in
// the own segment (3.6; a full segment is retried every 1 ms), sent as one 40-byte MetaHeader frame
// (3.2, padded to --shm-metadata-msg-size); the receiver validates every frame (3.8, 14.8) and
// releases the chunk (3.9). Payloads are untouched (no pattern, no checksum), except ping's stamp.
//
// End of stream: an empty message (a 40-byte MetaHeader of size 0, handle -1, 3.7), as the Java
// v1.10 profile sends it; the v1.10 protocol never sends zero-length frames (14.7). A zero-length
// frame is accepted as end of stream too.
// Throughput: the sender stops after --num-msgs or --duration-ms and ends the stream; the receiver
// stops at the end of stream. Each side counts from --warmup-ms after its
// first message and prints "RATE msgs=<n> seconds=<s> cpu_seconds=<c>" (wall and whole-process CPU
// time of that window).
// Latency: ping's sender thread sends message k at start + k / --rate with that intended time
// (steady_clock ns) in the payload's first 8 bytes, late or not (coordinated omission counted);
// pong forwards every frame as it is (the chunk travels back, ping releases it) on --reply-endpoint;
// ping records now - stamp past --warmup-ms and, at the end of stream pong sent back, prints
// "LATENCY msgs=<n> p50_us=<a> p99_us=<b> p999_us=<c> max_us=<d>" (nearest-rank percentiles).
#include "Roles.h"

#include <sys/resource.h>

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

namespace interop::v110
{

namespace
{

using Clock = std::chrono::steady_clock;

// Reading the clock costs ~20 ns: at a few million messages per second, look every 16 messages.
constexpr std::uint64_t kClockEvery = 16;
// Sleeping overshoots by the timer slack and the wake-up: sleep until this long before the intended
// time, then yield until it is there.
constexpr auto kSpinWindow = std::chrono::microseconds(100);

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

void count(RoleContext& ctx, std::uint64_t n)
{
    ctx.summary.msgs = n;
    ctx.summary.parts = n;
    ctx.summary.bytes = n * ctx.options.size;
}

// Receives frames until one is valid (true) or the end of stream (false); rejected frames are
// counted and reported. `parts` holds the one part of a valid frame.
bool receiveBench(RoleContext& ctx, Socket& socket, std::vector<char>& frame, std::vector<Part>& parts)
{
    for (;;) {
        socket.receive(frame, ctx.patience);
        if (frame.empty()) {
            return false;   // a zero-length frame
        }
        std::string error;
        if (ctx.codec.decode(frame, parts, error) && parts.size() == 1) {
            return parts[0].h.fHandle >= 0 || parts[0].h.fSize != 0;   // the empty message ends the stream
        }
        ++ctx.summary.errors;
        std::cout << "REJECTED " << (error.empty() ? "not a single-part frame" : error) << std::endl;
        for (const auto& part : parts) {
            ctx.codec.release(part.h);
        }
    }
}

void sendEndOfStream(RoleContext& ctx, Socket& socket, const Patience& patience)
{
    socket.send(ctx.codec.encode({Codec::empty()}), patience);
}

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
            const std::chrono::nanoseconds interval(1'000'000'000 / ctx_.options.rate);
            for (std::uint64_t k = 0; !abort_; ++k) {
                const auto intended = start_ + k * interval;
                if (intended >= end_) {
                    break;
                }
                waitUntil(intended);
                Part part = ctx_.codec.allocate(ctx_.options.size, patience);
                const std::int64_t stamp = nanosOf(intended);
                std::memcpy(part.data, &stamp, sizeof stamp);
                ctx_.socket.send(ctx_.codec.encode({part}), patience);
                patience.progress();
            }
            sendEndOfStream(ctx_, ctx_.socket, patience);
        } catch (...) {
            failure_ = std::current_exception();
        }
    }

    RoleContext& ctx_;
    const Clock::time_point start_;
    const Clock::time_point end_;
    std::atomic<bool> abort_{false};
    std::exception_ptr failure_;
    std::thread thread_;   // last: starts once the members above exist
};

} // namespace

void runBenchSender(RoleContext& ctx)
{
    Window window(ctx.options.warmupMs);
    const auto stop = ctx.options.durationMs > 0 ? Clock::now() + std::chrono::milliseconds(ctx.options.durationMs)
                                                 : Clock::time_point::max();
    std::vector<Part> parts(1);
    std::uint64_t n = 0;
    while (n < ctx.options.numMsgs) {
        if (n % kClockEvery == 0) {
            if (Clock::now() >= stop) {
                break;
            }
            ctx.patience.progress();
        }
        parts[0] = ctx.codec.allocate(ctx.options.size, ctx.patience);   // a fresh chunk, payload untouched
        ctx.socket.send(ctx.codec.encode(parts), ctx.patience);          // the receiver owns it now
        window.after(++n);
    }
    window.print(n);
    sendEndOfStream(ctx, ctx.socket, ctx.patience);
    count(ctx, n);
}

void runBenchReceiver(RoleContext& ctx)
{
    Window window(ctx.options.warmupMs);
    std::vector<char> frame;
    std::vector<Part> parts;
    std::uint64_t n = 0;
    while (receiveBench(ctx, ctx.socket, frame, parts)) {
        ctx.codec.release(parts[0].h);
        window.after(++n);
        if (n % kClockEvery == 0) {
            ctx.patience.progress();
            count(ctx, n);   // also when a failure ends the run
        }
    }
    window.print(n);
    count(ctx, n);
}

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
        std::vector<char> frame;
        std::vector<Part> parts;
        while (receiveBench(ctx, *ctx.replies, frame, parts)) {
            const auto arrived = nanosOf(Clock::now());
            std::int64_t stamp = 0;
            if (parts[0].h.fSize >= sizeof stamp) {
                std::memcpy(&stamp, parts[0].data, sizeof stamp);
            }
            ctx.codec.release(parts[0].h);
            if (stamp >= recordFrom) {
                samples.push_back(arrived - stamp);
            }
            ++n;
            ctx.patience.progress();
        }
        sender.join();
    }
    printLatency(samples);
    count(ctx, n);
}

void runPong(RoleContext& ctx)
{
    std::vector<char> frame;
    std::vector<Part> parts;
    std::uint64_t n = 0;
    // validated, then forwarded as it is: the chunk travels back and ping releases it
    while (receiveBench(ctx, ctx.socket, frame, parts)) {
        ctx.replies->send(frame, ctx.patience);
        ++n;
        ctx.patience.progress();
    }
    sendEndOfStream(ctx, *ctx.replies, ctx.patience);
    count(ctx, n);
}

} // namespace interop::v110
