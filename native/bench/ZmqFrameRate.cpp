// The ceiling of any transport that sends one small frame per message: raw libzmq push/pull of
// fixed-size frames (default 32 bytes, a shmem MetaHeader; --size up to 16 MiB, e.g. 1024 for the
// ceiling of the zeromq transport at 1 KiB), libzmq C API only, one context with one
// I/O thread per process and the HWM of PROTOCOL.md 4.3 (1000), linger 60 s. Same measuring rules as
// fairmq-interop-device --bench: the sender sends for --duration-ms, then one zero-length frame;
// each side counts from --warmup-ms after its first frame to the end.
//
//   fairmq_zmq_frame_bench pull <endpoint> [--warmup-ms 500]                                  (binds)
//   fairmq_zmq_frame_bench push <endpoint> [--size 32] [--duration-ms 3000] [--warmup-ms 500] [--hold-ms 0]
//
// --hold-ms keeps the sender's socket open after the end frame (SIGTERM ends it early): libzmq 4.3
// can drop the tail of an ipc stream when the sender closes while the receiver lags, linger
// notwithstanding (libzmq issue #4660).
//
// stdout: READY, then "RATE msgs=<n> seconds=<s> cpu_seconds=<c>" (c: CPU time of the process).
#include <sys/resource.h>
#include <zmq.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace
{

using Clock = std::chrono::steady_clock;
constexpr unsigned kClockEvery = 16;
constexpr long kLargestFrame = 16l << 20;

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "fairmq_zmq_frame_bench: %s: %s\n", what, zmq_strerror(zmq_errno()));
    std::exit(1);
}

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

// From the first frame plus the warm-up (or the first frame, for short runs) to the end; CPU time
// of the whole process (both threads) in that window.
class Window
{
  public:
    explicit Window(long warmupMs) : warmup_(std::chrono::milliseconds(warmupMs)) {}

    void after(unsigned long long n)
    {
        if (n == 1) {
            start(1, Clock::now());
            started_ = warmup_.count() == 0;
        } else if (!started_ && n % kClockEvery == 0) {
            const auto now = Clock::now();
            if (now - begin_ >= warmup_) {
                start(n, now);
                started_ = true;
            }
        }
    }

    void print(unsigned long long n) const
    {
        const double seconds = n > 0 ? std::chrono::duration<double>(Clock::now() - begin_).count() : 0.0;
        const double cpu = n > 0 ? processCpuSeconds() - cpu_ : 0.0;
        std::printf("RATE msgs=%llu seconds=%.6f cpu_seconds=%.6f\n", n > 0 ? n - from_ : 0, seconds, cpu);
        std::fflush(stdout);
    }

  private:
    void start(unsigned long long n, Clock::time_point now)
    {
        from_ = n;
        begin_ = now;
        cpu_ = processCpuSeconds();
    }

    Clock::duration warmup_;
    bool started_ = false;
    unsigned long long from_ = 0;
    Clock::time_point begin_;
    double cpu_ = 0;
};

// A fresh frame per message, its bytes untouched (zmq_msg_init_size, no copy), as the transports'
// benchmark senders do.
void push(void* socket, std::size_t size, long durationMs, long warmupMs)
{
    zmq_msg_t frame;
    Window window(warmupMs);
    const auto stop = Clock::now() + std::chrono::milliseconds(durationMs);
    unsigned long long n = 0;
    for (;;) {
        if (n % kClockEvery == 0 && Clock::now() >= stop) {
            break;
        }
        if (zmq_msg_init_size(&frame, size) != 0) {
            fail("zmq_msg_init_size");
        }
        while (zmq_msg_send(&frame, socket, 0) < 0) {
            if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) {
                fail("zmq_msg_send");
            }
        }
        window.after(++n);
    }
    window.print(n);
    while (zmq_send(socket, nullptr, 0, 0) < 0) {
        if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) {
            fail("zmq_send (end)");
        }
    }
}

void pull(void* socket, long warmupMs)
{
    zmq_msg_t frame;  // zmq_msg_recv releases the previous content: no copy, any size
    zmq_msg_init(&frame);
    Window window(warmupMs);
    unsigned long long n = 0;
    const auto waitingSince = Clock::now();
    for (;;) {
        const int length = zmq_msg_recv(&frame, socket, 0);
        if (length < 0) {
            if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) {
                fail("zmq_recv");
            }
            if (Clock::now() - waitingSince > std::chrono::seconds(60)) {
                std::fprintf(stderr, "fairmq_zmq_frame_bench: no end of stream after 60 s, giving up\n");
                std::exit(1);
            }
            continue;
        }
        if (length == 0) {
            break;
        }
        window.after(++n);
    }
    window.print(n);
    zmq_msg_close(&frame);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3 || (std::strcmp(argv[1], "push") != 0 && std::strcmp(argv[1], "pull") != 0)) {
        std::fprintf(stderr, "usage: %s pull|push <endpoint> [--size 32] [--duration-ms 3000] [--warmup-ms 500]"
                             " [--hold-ms 0]\n",
                     argv[0]);
        return 2;
    }
    const bool sender = std::strcmp(argv[1], "push") == 0;
    const std::string endpoint = argv[2];
    std::size_t size = 32;
    long durationMs = 3000;
    long warmupMs = 500;
    long holdMs = 0;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const long value = std::strtol(argv[i + 1], nullptr, 10);
        if (key == "--size" && value > 0 && value <= kLargestFrame) {
            size = static_cast<std::size_t>(value);
        } else if (key == "--duration-ms" && value > 0) {
            durationMs = value;
        } else if (key == "--warmup-ms" && value >= 0) {
            warmupMs = value;
        } else if (key == "--hold-ms" && value >= 0) {
            holdMs = value;
        } else {
            std::fprintf(stderr, "bad option %s %s\n", argv[i], argv[i + 1]);
            return 2;
        }
    }

    void* context = zmq_ctx_new();
    zmq_ctx_set(context, ZMQ_IO_THREADS, 1);
    void* socket = zmq_socket(context, sender ? ZMQ_PUSH : ZMQ_PULL);
    const int hwm = 1000;
    const int linger = 60000;  // the end frame must arrive even when the receiver lags far behind
    const int timeout = 700;
    zmq_setsockopt(socket, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(socket, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt(socket, ZMQ_SNDTIMEO, &timeout, sizeof timeout);
    zmq_setsockopt(socket, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    if ((sender ? zmq_connect(socket, endpoint.c_str()) : zmq_bind(socket, endpoint.c_str())) != 0) {
        fail(sender ? "zmq_connect" : "zmq_bind");
    }
    std::printf("READY\n");
    std::fflush(stdout);
    if (sender) {
        push(socket, size, durationMs, warmupMs);
        std::this_thread::sleep_for(std::chrono::milliseconds(holdMs));  // SIGTERM's default action ends it
    } else {
        pull(socket, warmupMs);
    }
    zmq_close(socket);
    zmq_ctx_term(context);
    return 0;
}
