#include "Options.h"

#include "interop/Numbers.h"

#include <limits>
#include <map>
#include <stdexcept>
#include <string_view>

namespace interop::v110
{

namespace
{

const std::map<std::string, Role, std::less<>> kRoles = {
    {"push", Role::Push}, {"pull", Role::Pull}, {"pair-send", Role::PairSend}, {"pair-recv", Role::PairRecv},
    {"req", Role::Req},   {"rep", Role::Rep},   {"hold", Role::Hold},          {"probe", Role::Probe},
    {"cleanup", Role::Cleanup}, {"ping", Role::Ping}, {"pong", Role::Pong},
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
    throw std::invalid_argument("bad value '" + std::string(value) + "' for " + std::string(key) + " (1|0|true|false)");
}

bool isReceiver(Role role)
{
    return role == Role::Pull || role == Role::PairRecv || role == Role::Rep || role == Role::Pong;
}
bool usesSocket(Role role) { return role != Role::Hold && role != Role::Probe && role != Role::Cleanup; }

} // namespace

std::string usage()
{
    return "usage: fairmq-interop-device-v110 --role push|pull|pair-send|pair-recv|req|rep|hold|probe|cleanup|ping|pong\n"
           "  [--session default] [--shmid <decimal u64>] [--shm-segment-size 2147483648] [--shm-segment-id 0]\n"
           "  [--shm-allocation rbtree_best_fit|simple_seq_fit] [--shm-metadata-msg-size 0] [--shm-no-cleanup [0|1]]\n"
           "  [--shm-monitor [0|1]]   (start fairmq-shmmonitor from $FAIRMQ_PATH or $PATH if none runs)\n"
           "  --endpoint tcp://...|ipc://... [--method bind|connect] [--linger-ms 500] [--hwm 1000]\n"
           "  [--num-msgs 10] [--size 1024 | --size-max M] [--seed 1] [--parts 1] [--multipart 0|1]\n"
           "  [--empty-part-every 0] [--copy [0|1]] [--region-size 0] [--rc-segment-size 100000000]\n"
           "  [--heartbeat 1] [--timeout-ms 30000] [--hold-ms 0] [--leak-one-chunk N] [--settle-ms 2000] [--expect-errors 0]\n"
           "  [--wait-heartbeat-change MS] (probe) [--verbose]\n"
           "  [--bench [--duration-ms 0] [--warmup-ms 0]]   (push/pull throughput, payloads untouched)\n"
           "  [--bench --reply-endpoint <e> [--rate 10000] [--duration-ms 0] [--warmup-ms 0]]   (ping/pong latency)\n";
}

Options parseOptions(int argc, const char* const* argv)
{
    Options o;
    std::string method;
    bool haveSize = false;
    bool haveSizeMax = false;
    std::optional<bool> multipart;

    for (int i = 1; i < argc; ++i) {
        const std::string_view key = argv[i];
        // flags whose value is optional (--shm-no-cleanup, --shm-monitor, --copy, --bench, --verbose)
        if (key == "--verbose" || key == "--shm-no-cleanup" || key == "--shm-monitor" || key == "--copy"
            || key == "--bench") {
            bool value = true;
            if (i + 1 < argc && std::string_view(argv[i + 1]).rfind("--", 0) != 0) {
                value = parseFlag(key, argv[++i]);
            }
            bool& flag = key == "--verbose"       ? o.verbose
                         : key == "--copy"        ? o.copy
                         : key == "--shm-monitor" ? o.monitor
                         : key == "--bench"       ? o.bench
                                                  : o.noCleanup;
            flag = value;
            continue;
        }
        if (i + 1 >= argc) {
            throw std::invalid_argument("option " + std::string(key) + " needs a value");
        }
        const std::string_view value = argv[++i];
        auto number = [&] { return parseU64(value, key); };
        auto duration = [&] {
            const auto v = number();
            if (v > kLongestDuration) {
                throw std::invalid_argument(std::string(key) + " " + std::string(value) + " is too large");
            }
            return v;
        };
        auto smallInt = [&] {
            const auto v = number();
            if (v > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
                throw std::invalid_argument(std::string(key) + " " + std::string(value) + " is too large");
            }
            return static_cast<int>(v);
        };
        if (key == "--role") {
            const auto it = kRoles.find(value);
            if (it == kRoles.end()) {
                throw std::invalid_argument("unknown role '" + std::string(value) + "'");
            }
            o.role = it->second;
            o.roleName = value;
        } else if (key == "--session") {
            o.session = value;
        } else if (key == "--shmid") {
            o.shmid = number();
        } else if (key == "--shm-segment-size") {
            o.segmentSize = number();
        } else if (key == "--shm-segment-id") {
            const auto id = number();
            if (id > 0xffff) {
                throw std::invalid_argument("--shm-segment-id must be in 0..65535");
            }
            o.segmentId = static_cast<std::uint16_t>(id);
        } else if (key == "--shm-allocation") {
            if (value == "rbtree_best_fit") {
                o.allocation = fair::mq::shmem::AllocationAlgorithm::rbtree_best_fit;
            } else if (value == "simple_seq_fit") {
                o.allocation = fair::mq::shmem::AllocationAlgorithm::simple_seq_fit;
            } else {
                throw std::invalid_argument("Provided shared memory allocation algorithm '" + std::string(value)
                                            + "' is not supported. Supported are 'rbtree_best_fit'/'simple_seq_fit'");
            }
        } else if (key == "--shm-metadata-msg-size") {
            o.metadataMsgSize = number();
        } else if (key == "--endpoint") {
            o.endpoint = value;
        } else if (key == "--method") {
            method = value;
        } else if (key == "--linger-ms") {
            o.lingerMs = smallInt();
        } else if (key == "--hwm") {
            o.hwm = smallInt();
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
        } else if (key == "--multipart") {
            multipart = parseFlag(key, value);
        } else if (key == "--empty-part-every") {
            o.emptyPartEvery = number();
        } else if (key == "--region-size") {
            o.regionSize = number();
        } else if (key == "--rc-segment-size") {
            o.rcSegmentSize = number();
        } else if (key == "--heartbeat") {
            o.heartbeat = parseFlag(key, value);
        } else if (key == "--timeout-ms") {
            o.timeoutMs = duration();
        } else if (key == "--hold-ms") {
            o.holdMs = duration();
        } else if (key == "--leak-one-chunk") {
            o.leakOneChunk = number();
        } else if (key == "--settle-ms") {
            o.settleMs = duration();
        } else if (key == "--expect-errors") {
            o.expectErrors = number();
        } else if (key == "--wait-heartbeat-change") {
            o.waitHeartbeatChangeMs = duration();
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
    if (usesSocket(o.role) && o.endpoint.empty()) {
        throw std::invalid_argument("--endpoint is required for --role " + o.roleName);
    }
    if (method.empty()) {
        method = isReceiver(o.role) ? "bind" : "connect";
    }
    if (method != "bind" && method != "connect") {
        throw std::invalid_argument("bad value '" + method + "' for --method (bind|connect)");
    }
    o.bind = method == "bind";
    if (haveSize && haveSizeMax) {
        throw std::invalid_argument("--size and --size-max exclude each other");
    }
    o.randomSizes = haveSizeMax;
    if (o.parts == 0 || o.parts > 1000) {
        throw std::invalid_argument("--parts must be in 1..1000 (part seeds are k*1000+j)");
    }
    o.multipart = multipart.value_or(o.parts > 1);
    if (!o.multipart && o.parts != 1) {
        throw std::invalid_argument("--parts > 1 needs multipart frames (--multipart 1)");
    }
    if (o.regionSize > 0 && o.size > o.regionSize) {
        throw std::invalid_argument("message size " + std::to_string(o.size) + " does not fit in --region-size "
                                    + std::to_string(o.regionSize));
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
        if (o.parts != 1 || o.multipart || o.randomSizes || o.emptyPartEvery != 0 || o.regionSize != 0 || o.copy) {
            throw std::invalid_argument("--bench sends single-part messages of one --size from the own segment");
        }
    } else if (o.durationMs != 0 || o.warmupMs != 0) {
        throw std::invalid_argument("--duration-ms and --warmup-ms need --bench");
    }
    if (o.timeoutMs == 0) {
        throw std::invalid_argument("--timeout-ms must be positive");
    }
    return o;
}

} // namespace interop::v110
