#include "DeviceDriver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <sstream>
#include <stdexcept>

namespace interop::test
{

std::uint64_t DeviceResult::value(const std::string& key) const
{
    const auto it = summary.find(key);
    if (it == summary.end()) {
        throw std::runtime_error("no '" + key + "' in the SUMMARY line");
    }
    return std::stoull(it->second);
}

std::vector<std::string> DeviceResult::linesStartingWith(const std::string& prefix) const
{
    std::vector<std::string> found;
    for (const auto& line : lines) {
        if (line.rfind(prefix, 0) == 0) {
            found.push_back(line);
        }
    }
    return found;
}

DeviceProcess::DeviceProcess(const std::vector<std::string>& args) : process_(INTEROP_DEVICE_PATH, args) {}

void DeviceProcess::awaitReady(std::chrono::milliseconds timeout)
{
    const auto line = process_.readLine(timeout);
    if (!line || *line != "READY") {
        throw std::runtime_error("device did not report READY (got '" + line.value_or("<nothing>") + "')");
    }
    lines_.push_back(*line);
}

DeviceResult DeviceProcess::finish(std::chrono::milliseconds timeout)
{
    DeviceResult result;
    result.lines = lines_;
    for (auto& line : process_.readAll(timeout)) {
        result.lines.push_back(std::move(line));
    }
    result.exitCode = process_.wait(std::chrono::seconds(10));
    for (const auto& line : result.linesStartingWith("SUMMARY ")) {
        std::istringstream words(line.substr(8));
        for (std::string word; words >> word;) {
            const auto eq = word.find('=');
            if (eq != std::string::npos) {
                result.summary[word.substr(0, eq)] = word.substr(eq + 1);
            }
        }
    }
    return result;
}

PairResult runPair(const std::vector<std::string>& receiverArgs, const std::vector<std::string>& senderArgs,
                   std::chrono::milliseconds timeout)
{
    DeviceProcess receiver(receiverArgs);
    receiver.awaitReady();
    DeviceProcess sender(senderArgs);
    PairResult result;
    result.sender = sender.finish(timeout);
    result.receiver = receiver.finish(timeout);
    return result;
}

int freeTcpPort()
{
    static std::atomic<int> next{static_cast<int>(getpid() % 5000)};
    for (int attempt = 0; attempt < 5000; ++attempt) {
        const int port = 40000 + (next++ % 5000);
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) {
            break;
        }
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const bool free = bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
        close(fd);
        if (free) {
            return port;
        }
    }
    throw std::runtime_error("no free TCP port in 40000..44999");
}

} // namespace interop::test
