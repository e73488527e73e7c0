// Command line of fairmq-interop-device: "--key value" pairs (see interop-tests/README.md).
#ifndef INTEROP_DEVICE_OPTIONS_H
#define INTEROP_DEVICE_OPTIONS_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace interop::device
{

enum class Role { Push, Pull, PairSend, PairRecv, Req, Rep, SamplerHostile, SamplerFuzz, Ping, Pong };
enum class Transport { Shmem, Zeromq };

// --role ping: the first bytes of every payload hold its intended send time (steady_clock ns).
constexpr std::uint64_t kPingStampSize = 8;

struct Options
{
    Role role = Role::Push;
    std::string roleName;
    std::string endpoint;
    bool bind = false;
    Transport transport = Transport::Shmem;
    std::string prefix;
    std::string segmentName;
    std::size_t segmentSize = 0;
    std::uint64_t numMsgs = 10;
    bool randomSizes = false;
    std::uint64_t size = 1024;       // fixed size, or the maximum for random sizes
    std::uint64_t seed = 1;
    std::uint64_t parts = 1;
    std::uint64_t emptyPartEvery = 0;
    std::uint64_t regionSize = 0;
    std::uint64_t recvDelayUs = 0;
    std::uint64_t pauseAfter = 0;     // receivers: after this many messages (0: never) ...
    std::uint64_t pauseMs = 0;        // ... stop reading once for this long (a consumer that stalls)
    bool heartbeat = true;
    int lingerMs = 0;
    int hwm = 0;                      // send and receive high-water marks
    std::uint64_t holdMs = 0;
    std::uint64_t leakOneChunk = 0;   // --leak-one-chunk N: one chunk of N bytes, never freed (leak tests)
    std::uint64_t timeoutMs = 30'000; // give up after this long without progress
    std::uint64_t expectErrors = 0;   // exit 0 needs exactly this many errors
    bool verbose = false;
    // sampler-hostile: how often to cycle through the hostile kinds; one oversize frame on a second connection
    std::uint64_t hostileRounds = 1;
    std::string hostileKinds = "all";  // or basic
    bool oversizeFrame = false;
    // --bench (push/pull): payloads are neither filled nor verified; the sender stops after
    // numMsgs or durationMs and ends the stream with a zero-length frame; both print a RATE line.
    bool bench = false;
    std::uint64_t durationMs = 0;     // 0: no time limit
    std::uint64_t warmupMs = 0;       // receiver: counting starts this long after the first message
    // --bench --role ping|pong (LatencyRoles.cpp): ping pushes to --endpoint at --rate messages per
    // second, pong pushes every message back to --reply-endpoint (a second socket, ping binds it).
    std::string replyEndpoint;
    std::uint64_t rate = 10'000;
};

// Parses argv; throws std::invalid_argument naming the offending option.
Options parseOptions(int argc, const char* const* argv);

std::string usage();

} // namespace interop::device

#endif // INTEROP_DEVICE_OPTIONS_H
