// Runs fairmq-interop-device processes and reads their READY/SUMMARY protocol.
#ifndef INTEROP_TESTS_DEVICEDRIVER_H
#define INTEROP_TESTS_DEVICEDRIVER_H

#include "ChildProcess.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace interop::test
{

struct DeviceResult
{
    std::optional<int> exitCode;              // nullopt: did not exit in time (then killed)
    std::vector<std::string> lines;           // stdout
    std::map<std::string, std::string> summary;  // key=value pairs of the SUMMARY line

    std::uint64_t value(const std::string& key) const;  // throws if absent
    std::vector<std::string> linesStartingWith(const std::string& prefix) const;
};

class DeviceProcess
{
  public:
    explicit DeviceProcess(const std::vector<std::string>& args);

    // Waits for the "READY" line (socket bound/connected, shared memory attached); throws if absent.
    void awaitReady(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    // Reads stdout to its end and reaps the process.
    DeviceResult finish(std::chrono::milliseconds timeout);
    ChildProcess& process() { return process_; }

  private:
    ChildProcess process_;
    std::vector<std::string> lines_;
};

struct PairResult
{
    DeviceResult receiver;
    DeviceResult sender;
};

// Starts the receiving side, waits until it is READY, then runs the sending side; both to the end.
PairResult runPair(const std::vector<std::string>& receiverArgs, const std::vector<std::string>& senderArgs,
                   std::chrono::milliseconds timeout = std::chrono::seconds(120));

// A TCP port on 127.0.0.1 in 40000..44999 that is free right now.
int freeTcpPort();

} // namespace interop::test

#endif // INTEROP_TESTS_DEVICEDRIVER_H
