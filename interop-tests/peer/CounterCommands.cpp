// counter-* and device-*: the DeviceCounter of a main segment (PROTOCOL.md 1.2.1, 2.1, 2.2).
#include "Dispatcher.h"

#include "interop/Counters.h"
#include "interop/Numbers.h"
#include "interop/ShmemTypes.h"

#include <boost/interprocess/sync/named_mutex.hpp>

#include <limits>
#include <stdexcept>

namespace interop::peer
{

namespace bipc = boost::interprocess;
using fair::mq::shmem::DeviceCounter;

namespace
{

DeviceCounter& existingCounter(bipc::managed_shared_memory& segment)
{
    auto* counter = segment.find<DeviceCounter>(bipc::unique_instance).first;
    if (counter == nullptr) {
        throw std::runtime_error("no DeviceCounter in segment");
    }
    return *counter;
}

} // namespace

void addCounterCommands(Dispatcher& d)
{
    d.add("counter-find", {"<segment>", 1, 1, [](Registry& r, const Args& a) {
        auto* counter = r.segments.get(a[0]).find<DeviceCounter>(bipc::unique_instance).first;
        return counter == nullptr ? std::string("none") : reply(counter->fCount.load());
    }});
    d.add("counter-construct", {"<segment> <value>", 2, 2, [](Registry& r, const Args& a) {
        const auto value = parseU64(a[1], "value");
        if (value > std::numeric_limits<unsigned int>::max()) {
            throw std::invalid_argument("value " + a[1] + " does not fit in 32 bits");
        }
        auto& segment = r.segments.get(a[0]);
        if (segment.find<DeviceCounter>(bipc::unique_instance).first != nullptr) {
            throw std::runtime_error("DeviceCounter already exists");
        }
        segment.construct<DeviceCounter>(bipc::unique_instance)(static_cast<unsigned int>(value));
        return std::string();
    }});
    d.add("counter-increment", {"<segment>", 1, 1, [](Registry& r, const Args& a) {
        return reply(existingCounter(r.segments.get(a[0])).fCount.fetch_add(1) + 1);
    }});
    d.add("counter-decrement", {"<segment>", 1, 1, [](Registry& r, const Args& a) {
        return reply(existingCounter(r.segments.get(a[0])).fCount.fetch_sub(1) - 1);
    }});
    d.add("counter-destroy", {"<segment>", 1, 1, [](Registry& r, const Args& a) {
        if (!r.segments.get(a[0]).destroy<DeviceCounter>(bipc::unique_instance)) {
            throw std::runtime_error("no DeviceCounter in segment");
        }
        return std::string();
    }});
    d.add("device-attach", {"<segment> <mutex>", 2, 2, [](Registry& r, const Args& a) {
        auto& segment = r.segments.get(a[0]);
        bipc::named_mutex mutex(bipc::open_or_create, a[1].c_str());
        return reply(attachDevice(segment, mutex));
    }});
    d.add("device-detach", {"<segment> <mutex> <management>", 3, 3, [](Registry& r, const Args& a) {
        auto& segment = r.segments.get(a[0]);
        bipc::named_mutex mutex(bipc::open_or_create, a[1].c_str());
        const DetachResult result = detachDevice(segment, mutex, a[0], a[2]);
        return reply(result.count, result.removedMain ? 1 : 0, result.removedManagement ? 1 : 0);
    }});
}

} // namespace interop::peer
