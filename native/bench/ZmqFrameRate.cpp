// The ceiling of any transport that sends one small frame per message: raw libzmq push/pull of
// fixed-size frames (default 32 bytes, a shmem MetaHeader), libzmq C API only, one context with one
// I/O thread per process and the HWM of PROTOCOL.md 4.3 (1000), linger 60 s. Same measuring rules as
// fairmq-interop-device --bench: the sender sends for --duration-ms, then one zero-length frame;
// the receiver counts from --warmup-ms after its first frame to that end frame.
//
//   fairmq_zmq_frame_bench pull <endpoint> [--warmup-ms 500]            (binds)
//   fairmq_zmq_frame_bench push <endpoint> [--size 32] [--duration-ms 3000] (connects)
//
// stdout: READY, then "RATE msgs=<n> seconds=<s>".
#include <zmq.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace
{

using Clock = std::chrono::steady_clock;
constexpr unsigned kClockEvery = 16;

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "fairmq_zmq_frame_bench: %s: %s\n", what, zmq_strerror(zmq_errno()));
    std::exit(1);
}

void printRate(unsigned long long msgs, Clock::duration elapsed)
{
    std::printf("RATE msgs=%llu seconds=%.6f\n", msgs, std::chrono::duration<double>(elapsed).count());
    std::fflush(stdout);
}

void push(void* socket, std::size_t size, long durationMs)
{
    std::vector<char> payload(size, 0);
    const auto start = Clock::now();
    const auto stop = start + std::chrono::milliseconds(durationMs);
    unsigned long long n = 0;
    for (;; ++n) {
        if (n % kClockEvery == 0 && Clock::now() >= stop) {
            break;
        }
        while (zmq_send(socket, payload.data(), size, 0) < 0) {
            if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) {
                fail("zmq_send");
            }
        }
    }
    const auto elapsed = Clock::now() - start;
    while (zmq_send(socket, nullptr, 0, 0) < 0) {
        if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) {
            fail("zmq_send (end)");
        }
    }
    printRate(n, elapsed);
}

void pull(void* socket, long warmupMs)
{
    char buffer[256];
    unsigned long long n = 0;
    unsigned long long countedFrom = 1;
    Clock::time_point first;
    Clock::time_point mark;
    bool marked = false;
    auto lastFrame = Clock::now();
    for (;;) {
        const int length = zmq_recv(socket, buffer, sizeof buffer, 0);
        if (length < 0) {
            if (zmq_errno() != EAGAIN && zmq_errno() != EINTR) {
                fail("zmq_recv");
            }
            if (Clock::now() - lastFrame > std::chrono::seconds(30)) {
                std::fprintf(stderr, "fairmq_zmq_frame_bench: no frame for 30 s, giving up\n");
                std::exit(1);
            }
            continue;
        }
        if (n == 0) {
            lastFrame = Clock::now();  // only the wait for the first frame can be long
        }
        if (length == 0) {
            break;
        }
        ++n;
        if (n == 1) {
            first = Clock::now();
            mark = first + std::chrono::milliseconds(warmupMs);
            marked = warmupMs == 0;
        } else if (n % kClockEvery == 0 && !marked) {
            const auto now = Clock::now();
            if (now >= mark) {
                marked = true;
                mark = now;
                countedFrom = n;
            }
        }
    }
    const auto end = Clock::now();
    printRate(n > 0 ? n - countedFrom : 0, n > 0 ? end - (marked ? mark : first) : Clock::duration::zero());
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3 || (std::strcmp(argv[1], "push") != 0 && std::strcmp(argv[1], "pull") != 0)) {
        std::fprintf(stderr, "usage: %s pull|push <endpoint> [--size 32] [--duration-ms 3000] [--warmup-ms 500]\n",
                     argv[0]);
        return 2;
    }
    const bool sender = std::strcmp(argv[1], "push") == 0;
    const std::string endpoint = argv[2];
    std::size_t size = 32;
    long durationMs = 3000;
    long warmupMs = 500;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const long value = std::strtol(argv[i + 1], nullptr, 10);
        if (key == "--size" && value > 0 && value <= 256) {
            size = static_cast<std::size_t>(value);
        } else if (key == "--duration-ms" && value > 0) {
            durationMs = value;
        } else if (key == "--warmup-ms" && value >= 0) {
            warmupMs = value;
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
        push(socket, size, durationMs);
    } else {
        pull(socket, warmupMs);
    }
    zmq_close(socket);
    zmq_ctx_term(context);
    return 0;
}
