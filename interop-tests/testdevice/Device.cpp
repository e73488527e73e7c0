#include "Device.h"

#include "Log.h"

#include <exception>
#include <stdexcept>

namespace interop::testdevice
{

Device::~Device()
{
    try {
        closeChannels();
        shutdownTransports();
    } catch (const std::exception& e) {
        logError(std::string("device shutdown failed: ") + e.what());
    }
}

void Device::initialize(const std::vector<SubChannelSpec>& specs)
{
    for (const SubChannelSpec& spec : specs) {
        const TransportKind kind = parseTransport(spec.transport);
        auto& transport = transports_[kind];
        if (!transport) {
            transport = std::make_unique<Transport>(kind, options_);
        }
        logDebug(spec.name() + ": using " + transportName(kind) + " transport");
        channels_.push_back(std::make_unique<Channel>(spec, *transport, options_.id));
    }
    for (bool binding : {true, false}) {
        for (auto& c : channels_) {
            if (c->binds() == binding) {
                c->attach();
            }
        }
    }
}

void Device::closeChannels()
{
    for (auto& c : channels_) {
        c->close();
    }
}

void Device::shutdownTransports()
{
    for (auto& [kind, transport] : transports_) {
        transport->shutdown();
    }
}

Channel& Device::channel(const std::string& name, int index)
{
    for (auto& c : channels_) {
        if (c->spec().channel == name && c->spec().index == index) {
            return *c;
        }
    }
    throw std::out_of_range("device " + options_.id + " has no channel " + name + "[" + std::to_string(index) + "]");
}

std::vector<Channel*> Device::subChannels(const std::string& name)
{
    std::vector<Channel*> out;
    for (auto& c : channels_) {
        if (c->spec().channel == name) {
            out.push_back(c.get());
        }
    }
    if (out.empty()) {
        throw std::out_of_range("device " + options_.id + " has no channel " + name);
    }
    return out;
}

} // namespace interop::testdevice
