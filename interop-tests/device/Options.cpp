#include "Options.h"

#include "interop/Numbers.h"
#include "interop/Protocol.h"

#include <limits>
#include <map>
#include <stdexcept>
#include <string_view>

namespace interop::device
{

namespace
{

const std::map<std::string, Role, std::less<>> kRoles = {
    {"push", Role::Push},         {"pull", Role::Pull}, {"pair-send", Role::PairSend},
    {"pair-recv", Role::PairRecv}, {"req", Role::Req},   {"rep", Role::Rep},
    {"sampler-hostile", Role::SamplerHostile}, {"sampler-fuzz", Role::SamplerFuzz},
    {"ping", Role::Ping},         {"pong", Role::Pong},
};

constexpr std::uint64_t kLongestDuration = 1ull << 40;

bool parseFlag(std::string_view key, std::string_view value)
{
    if (value == "1" || value == "true") {
        return true;
    }
    if (value == "0" || value == "false") {
        return false;
    }
    throw std::invalid_argument("bad value '" + std::string(value) + "' for " + std::string(key) + " (1|0)");
}

bool isReceiver(Role role)
{
    return role == Role::Pull || role == Role::PairRecv || role == Role::Rep || role == Role::Pong;
}

} // namespace

std::string usage()
{
    return "usage: fairmq-interop-device --role push|pull|pair-send|pair-recv|req|rep|sampler-hostile|sampler-fuzz|ping|pong\n"
           "  --endpoint tcp://...|ipc://... [--method bind|connect] [--transport shmem|zeromq]\n"
           "  [--prefix fairmq_shmem_] [--segment-name <prefix>main] [--segment-size 2000000000]\n"
           "  [--num-msgs 10] [--size 1024 | --size-max M] [--seed 1] [--parts 1] [--empty-part-every 0]\n"
           "  [--region-size 0] [--recv-delay-us 0] [--pause-after N --pause-ms M] [--heartbeat 1] [--linger-ms 1000] [--hwm 1000] [--hold-ms 0] [--leak-one-chunk N]\n"
           "  [--timeout-ms 30000] [--expect-errors 0] [--verbose]\n"
           "  [--hostile-kinds all|basic] [--hostile-rounds 1] [--oversize-frame 0]   (sampler-hostile)\n"
           "  [--bench [--duration-ms 0] [--warmup-ms 0]]   (push/pull throughput, payloads untouched)\n"
           "  [--bench --reply-endpoint <e> [--rate 10000] [--duration-ms 0] [--warmup-ms 0]]   (ping/pong latency)\n";
}

Options parseOptions(int argc, const char* const* argv)
{
    Options o;
    std::string method;
    std::string transport = "shmem";
    bool haveSize = false;
    bool haveSizeMax = false;
    bool haveSegmentName = false;
    o.prefix = kDefaultPrefix;
    o.segmentSize = kDefaultSegmentSize;
    o.lingerMs = kDefaultLingerMs;
    o.hwm = kDefaultHwm;

    for (int i = 1; i < argc; ++i) {
        const std::string_view key = argv[i];
        if (key == "--verbose") {
            o.verbose = true;
            continue;
        }
        if (key == "--bench") {
            o.bench = true;
            continue;
        }
        if (i + 1 >= argc) {
            throw std::invalid_argument("option " + std::string(key) + " needs a value");
        }
        const std::string_view value = argv[++i];
        auto number = [&] { return parseU64(value, key); };
        // Durations must stay representable as chrono ticks (microseconds in int64).
        auto duration = [&] {
            const auto v = number();
            if (v > kLongestDuration) {
                throw std::invalid_argument(std::string(key) + " " + std::string(value) + " is too large");
            }
            return v;
        };
        if (key == "--role") {
            const auto it = kRoles.find(value);
            if (it == kRoles.end()) {
                throw std::invalid_argument("unknown role '" + std::string(value) + "'");
            }
            o.role = it->second;
            o.roleName = value;
        } else if (key == "--endpoint") {
            o.endpoint = value;
        } else if (key == "--method") {
            method = value;
        } else if (key == "--transport") {
            transport = value;
        } else if (key == "--prefix") {
            o.prefix = value;
        } else if (key == "--segment-name") {
            o.segmentName = value;
            haveSegmentName = true;
        } else if (key == "--segment-size") {
            o.segmentSize = number();
        } else if (key == "--num-msgs") {
            o.numMsgs = number();
        } else if (key == "--size") {
            o.size = number();
            haveSize = true;
        } else if (key == "--size-max") {
            o.size = number();
            haveSizeMax = true;
        } else if (key == "--seed") {
            o.seed = number();
        } else if (key == "--parts") {
            o.parts = number();
        } else if (key == "--empty-part-every") {
            o.emptyPartEvery = number();
        } else if (key == "--region-size") {
            o.regionSize = number();
        } else if (key == "--recv-delay-us") {
            o.recvDelayUs = duration();
        } else if (key == "--pause-after") {
            o.pauseAfter = number();
        } else if (key == "--pause-ms") {
            o.pauseMs = duration();
        } else if (key == "--heartbeat") {
            o.heartbeat = parseFlag(key, value);
        } else if (key == "--linger-ms") {
            const auto linger = number();
            if (linger > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
                throw std::invalid_argument("--linger-ms " + std::string(value) + " is too large");
            }
            o.lingerMs = static_cast<int>(linger);
        } else if (key == "--hwm") {
            const auto hwm = number();
            if (hwm > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
                throw std::invalid_argument("--hwm " + std::string(value) + " is too large");
            }
            o.hwm = static_cast<int>(hwm);
        } else if (key == "--hold-ms") {
            o.holdMs = duration();
        } else if (key == "--leak-one-chunk") {
            o.leakOneChunk = number();
        } else if (key == "--timeout-ms") {
            o.timeoutMs = duration();
        } else if (key == "--hostile-rounds") {
            o.hostileRounds = number();
        } else if (key == "--hostile-kinds") {
            if (value != "all" && value != "basic") {
                throw std::invalid_argument("bad value '" + std::string(value) + "' for --hostile-kinds (all|basic)");
            }
            o.hostileKinds = value;
        } else if (key == "--oversize-frame") {
            o.oversizeFrame = parseFlag(key, value);
        } else if (key == "--expect-errors") {
            o.expectErrors = number();
        } else if (key == "--duration-ms") {
            o.durationMs = duration();
        } else if (key == "--warmup-ms") {
            o.warmupMs = duration();
        } else if (key == "--reply-endpoint") {
            o.replyEndpoint = value;
        } else if (key == "--rate") {
            o.rate = number();
        } else {
            throw std::invalid_argument("unknown option '" + std::string(key) + "'");
        }
    }

    if (o.roleName.empty()) {
        throw std::invalid_argument("--role is required");
    }
    if (o.endpoint.empty()) {
        throw std::invalid_argument("--endpoint is required");
    }
    if (method.empty()) {
        method = isReceiver(o.role) ? "bind" : "connect";
    }
    if (method != "bind" && method != "connect") {
        throw std::invalid_argument("bad value '" + method + "' for --method (bind|connect)");
    }
    o.bind = method == "bind";
    if (transport != "shmem" && transport != "zeromq") {
        throw std::invalid_argument("bad value '" + transport + "' for --transport (shmem|zeromq)");
    }
    o.transport = transport == "shmem" ? Transport::Shmem : Transport::Zeromq;
    if (haveSize && haveSizeMax) {
        throw std::invalid_argument("--size and --size-max exclude each other");
    }
    o.randomSizes = haveSizeMax;
    if (!haveSegmentName) {
        o.segmentName = ShmNames(o.prefix).defaultMainSegment();
    }
    if (o.parts == 0 || o.parts > 1000) {
        throw std::invalid_argument("--parts must be in 1..1000 (part seeds are k*1000+j)");
    }
    if (o.regionSize > 0) {
        if (o.transport != Transport::Shmem) {
            throw std::invalid_argument("--region-size needs --transport shmem");
        }
        if (o.size > o.regionSize) {
            throw std::invalid_argument("message size " + std::to_string(o.size) + " does not fit in --region-size "
                                        + std::to_string(o.regionSize));
        }
    }
    if ((o.role == Role::SamplerHostile || o.role == Role::SamplerFuzz) && o.transport != Transport::Shmem) {
        throw std::invalid_argument("--role " + o.roleName + " needs --transport shmem");
    }
    if (o.role == Role::SamplerFuzz && (o.randomSizes || o.parts != 1 || o.regionSize != 0 || o.emptyPartEvery != 0)) {
        throw std::invalid_argument("--role sampler-fuzz sends single-part messages of one --size from the main segment");
    }
    const bool latency = o.role == Role::Ping || o.role == Role::Pong;
    if (latency && (!o.bench || o.replyEndpoint.empty())) {
        throw std::invalid_argument("--role " + o.roleName + " needs --bench and --reply-endpoint");
    }
    if (!latency && !o.replyEndpoint.empty()) {
        throw std::invalid_argument("--reply-endpoint needs --role ping or pong");
    }
    if (o.role == Role::Ping && (o.rate == 0 || o.rate > 10'000'000 || o.size < kPingStampSize)) {
        throw std::invalid_argument("--role ping needs --rate in 1..10000000 and --size >= "
                                    + std::to_string(kPingStampSize) + " (the send-time stamp)");
    }
    if (o.bench) {
        if (o.role != Role::Push && o.role != Role::Pull && !latency) {
            throw std::invalid_argument("--bench needs --role push, pull, ping or pong");
        }
        if (o.parts != 1 || o.randomSizes || o.emptyPartEvery != 0 || o.regionSize != 0) {
            throw std::invalid_argument("--bench sends single-part messages of one --size from the main segment");
        }
    } else if (o.durationMs != 0 || o.warmupMs != 0) {
        throw std::invalid_argument("--duration-ms and --warmup-ms need --bench");
    }
    if ((o.pauseAfter == 0) != (o.pauseMs == 0)) {
        throw std::invalid_argument("--pause-after and --pause-ms go together (both positive)");
    }
    if (o.pauseAfter != 0 && o.role != Role::Pull && o.role != Role::PairRecv) {
        throw std::invalid_argument("--pause-after needs --role pull or pair-recv");
    }
    if (o.timeoutMs == 0) {
        throw std::invalid_argument("--timeout-ms must be positive");
    }
    return o;
}

} // namespace interop::device
