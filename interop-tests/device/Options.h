// Command line of fairmq-interop-device: "--key value" pairs (see interop-tests/README.md).
#ifndef INTEROP_DEVICE_OPTIONS_H
#define INTEROP_DEVICE_OPTIONS_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace interop::device
{

enum class Role { Push, Pull, PairSend, PairRecv, Req, Rep, SamplerHostile };
enum class Transport { Shmem, Zeromq };

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
    bool heartbeat = true;
    int lingerMs = 0;
    std::uint64_t holdMs = 0;
    std::uint64_t timeoutMs = 30'000; // give up after this long without progress
    std::uint64_t expectErrors = 0;   // exit 0 needs exactly this many errors
    bool verbose = false;
};

// Parses argv; throws std::invalid_argument naming the offending option.
Options parseOptions(int argc, const char* const* argv);

std::string usage();

} // namespace interop::device

#endif // INTEROP_DEVICE_OPTIONS_H
