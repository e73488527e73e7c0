// The channels of one device from a JSON configuration file (PROTOCOL.md 6.2.1, 6.3).
#ifndef INTEROP_TESTDEVICE_CONFIG_H
#define INTEROP_TESTDEVICE_CONFIG_H

#include <stdexcept>
#include <string>
#include <vector>

namespace interop::testdevice
{

// One sub-channel <channel>[<index>] with the defaults of 6.2.1.
struct SubChannelSpec
{
    std::string channel;
    int index = 0;
    std::string type = "unspecified";
    std::string method = "unspecified";
    std::string address = "unspecified";
    std::string transport = "default";
    int sndBufSize = 1000;
    int rcvBufSize = 1000;
    int sndKernelSize = 0;
    int rcvKernelSize = 0;
    int rateLogging = 1;

    std::string name() const { return channel + "[" + std::to_string(index) + "]"; }
};

class ConfigError : public std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// Every sub-channel of the device entries whose key (if non-empty) or id equals `selector`; the first
// definition of a channel name wins. Throws ConfigError naming the file.
std::vector<SubChannelSpec> readChannels(const std::string& path, const std::string& selector);

} // namespace interop::testdevice

#endif // INTEROP_TESTDEVICE_CONFIG_H
