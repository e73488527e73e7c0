#include "Options.h"

#include <cstdint>
#include <vector>

namespace interop::testdevice
{

namespace
{

bool parseBool(const std::string& key, const std::string& v)
{
    if (v == "1" || v == "true" || v == "yes" || v == "on") {
        return true;
    }
    if (v == "0" || v == "false" || v == "no" || v == "off") {
        return false;
    }
    throw UsageError(key + ": not a boolean: '" + v + "'");
}

std::uint64_t parseUnsigned(const std::string& key, const std::string& v)
{
    std::size_t used = 0;
    std::uint64_t n = 0;
    try {
        n = std::stoull(v, &used);
    } catch (const std::logic_error&) {
        used = 0;
    }
    if (used != v.size() || v.empty() || v[0] == '-') {
        throw UsageError(key + ": not a non-negative number: '" + v + "'");
    }
    return n;
}

} // namespace

Options parseOptions(int argc, const char* const* argv)
{
    Options o;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string key = args[i];
        std::string value;
        bool hasValue = false;
        if (const auto eq = key.find('='); key.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = key.substr(eq + 1);
            key = key.substr(0, eq);
            hasValue = true;
        }
        if (key == "-h" || key == "--help") {
            o.help = true;
            continue;
        }
        if (!hasValue && i + 1 < args.size() && (args[i + 1].empty() || args[i + 1][0] != '-')) {
            value = args[++i];
            hasValue = true;
        }
        const bool known = key == "--id" || key == "--control" || key == "--verbosity" || key == "--log-color"
                           || key == "--mq-config" || key == "--poll-type" || key == "--prefix"
                           || key == "--shm-prefix" || key == "--segment-size" || key == "--shm-segment-size"
                           || key == "--segment-name" || key == "--shm-segment-name" || key == "--empty-message";
        if (!known) {
            continue;  // tolerated
        }
        if (!hasValue && key != "--log-color") {
            throw UsageError(key + " needs a value");
        }
        if (key == "--id") {
            o.id = value;
        } else if (key == "--control") {
            o.control = value;
        } else if (key == "--verbosity") {
            o.verbosity = value;
        } else if (key == "--log-color") {
            o.logColor = hasValue ? parseBool(key, value) : true;
        } else if (key == "--mq-config") {
            o.mqConfig = value;
        } else if (key == "--poll-type") {
            o.pollType = static_cast<int>(parseUnsigned(key, value));
        } else if (key == "--prefix" || key == "--shm-prefix") {
            o.prefix = value;
        } else if (key == "--segment-size" || key == "--shm-segment-size") {
            o.segmentSize = parseUnsigned(key, value);
        } else if (key == "--segment-name" || key == "--shm-segment-name") {
            o.segmentName = value;
        } else if (key == "--empty-message") {
            if (value != "frame" && value != "header") {
                throw UsageError("--empty-message: expected frame or header, got '" + value + "'");
            }
            o.emptyForm = value == "frame" ? EmptyForm::Frame : EmptyForm::Header;
        }
    }
    if (o.segmentName.empty()) {
        o.segmentName = o.prefix + "main";
    }
    if (o.segmentSize == 0) {
        throw UsageError("--segment-size must be positive");
    }
    return o;
}

std::string usage()
{
    return "fairmq-interop-testdevice: the reference's protocol test devices (PROTOCOL.md 8), in C++\n"
           "  --id <id>                 push_*, pull_*, req_*, rep_*, pub_*, sub_*, pollout_*, pollin_*,\n"
           "                            transfer_timeout_* (required)\n"
           "  --mq-config <file.json>   channel configuration (required)\n"
           "  --control static          (the only mode; other values are run as static)\n"
           "  --verbosity DEBUG         TRACE DEBUG RESULTS INFO STATE WARN ERROR NOLOG\n"
           "  --log-color true          ANSI colours in the log\n"
           "  --poll-type 0             pollin: 0 = poller of sub-channels, 1 = poller of channel names\n"
           "  --prefix fairmq_shmem_    (alias --shm-prefix) prefix of every shared-memory name\n"
           "  --segment-name <prefix>main    (alias --shm-segment-name)\n"
           "  --segment-size 2000000000      (alias --shm-segment-size)\n"
           "  --empty-message frame     form of empty shmem messages sent: frame (zero-length) or header\n"
           "                            (MetaHeader of size 0 with a chunk the receiver frees)\n"
           "Other options are ignored. Exit code 0 on success, 1 on a failure, 2 on a usage error.\n";
}

} // namespace interop::testdevice
