// Command line of fairmq-interop-device-v110 (interop-tests/README.md, "The v1.10 peer").
#ifndef INTEROP_V110_DEVICE_OPTIONS_H
#define INTEROP_V110_DEVICE_OPTIONS_H

#include "interop/v110/Types.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace interop::v110
{

enum class Role { Push, Pull, PairSend, PairRecv, Req, Rep, Hold, Probe, Cleanup, Ping, Pong };

constexpr std::uint64_t kPingStampSize = 8;   // ping: the intended send time in the first 8 payload bytes

struct Options
{
    Role role = Role::Push;
    std::string roleName;
    // session (PROTOCOL-V110.md 7.1 spellings)
    std::string session = "default";
    std::optional<std::uint64_t> shmid;          // --shmid, decimal
    std::size_t segmentSize = 2'147'483'648ull;  // --shm-segment-size
    std::uint16_t segmentId = 0;                 // --shm-segment-id
    fair::mq::shmem::AllocationAlgorithm allocation = fair::mq::shmem::AllocationAlgorithm::rbtree_best_fit;
    std::size_t metadataMsgSize = 0;             // --shm-metadata-msg-size
    bool noCleanup = false;                      // --shm-no-cleanup
    bool monitor = false;                        // --shm-monitor (2.4)
    // channel
    std::string endpoint;
    bool bind = false;
    int lingerMs = 500;
    int hwm = 1000;
    // message plan (as fairmq-interop-device)
    std::uint64_t numMsgs = 10;
    bool randomSizes = false;
    std::uint64_t size = 1024;
    std::uint64_t seed = 1;
    std::uint64_t parts = 1;
    bool multipart = false;                      // one frame u64 n + n headers (default: parts > 1)
    std::uint64_t emptyPartEvery = 0;
    bool copy = false;
    std::uint64_t regionSize = 0;
    std::uint64_t rcSegmentSize = 100'000'000;
    // behaviour
    bool heartbeat = true;
    std::uint64_t timeoutMs = 30'000;
    std::uint64_t holdMs = 0;
    std::uint64_t leakOneChunk = 0;   // --leak-one-chunk N: one chunk of N bytes, never freed (leak tests)
    std::uint64_t settleMs = 2'000;
    std::uint64_t expectErrors = 0;
    std::uint64_t waitHeartbeatChangeMs = 0;     // probe
    // --bench (push/pull throughput, ping/pong latency; as fairmq-interop-device --bench)
    bool bench = false;
    std::uint64_t durationMs = 0;
    std::uint64_t warmupMs = 0;
    std::string replyEndpoint;
    std::uint64_t rate = 10'000;
    bool verbose = false;
};

Options parseOptions(int argc, const char* const* argv);
std::string usage();

} // namespace interop::v110

#endif // INTEROP_V110_DEVICE_OPTIONS_H
