// The test device: its transports and channels, driven through the reference's states as
// `--control static` does (PROTOCOL.md 6.6.4), and the device kinds of PROTOCOL.md 8.
#ifndef INTEROP_TESTDEVICE_DEVICE_H
#define INTEROP_TESTDEVICE_DEVICE_H

#include "Channel.h"
#include "Config.h"
#include "Options.h"
#include "Transport.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace interop::testdevice
{

class Device
{
  public:
    explicit Device(const Options& options) : options_(options) {}
    ~Device();  // closes channels, then shuts the transports down
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    // INIT_DEVICE: one transport per kind in use, one socket per sub-channel; binding sub-channels
    // are attached first, then connecting ones (4.5). Throws on any failure.
    void initialize(const std::vector<SubChannelSpec>& specs);
    // RESET_DEVICE: closes every socket.
    void closeChannels();
    // END: 2.2 for every transport (after closeChannels).
    void shutdownTransports();

    Channel& channel(const std::string& name, int index = 0);
    // All sub-channels of `name`, in order.
    std::vector<Channel*> subChannels(const std::string& name);
    const Options& options() const { return options_; }

  private:
    Options options_;
    std::map<TransportKind, std::unique_ptr<Transport>> transports_;
    std::vector<std::unique_ptr<Channel>> channels_;
};

// One kind of test device, picked by id prefix.
struct DeviceKind
{
    const char* prefix;
    bool sleeps;             // Init sleeps 200 ms and Reset 100 ms (all but TransferTimeout)
    void (*run)(Device&);    // RUNNING
};

// The kind whose prefix starts `id`, or nullptr.
const DeviceKind* deviceKindFor(const std::string& id);

} // namespace interop::testdevice

#endif // INTEROP_TESTDEVICE_DEVICE_H
