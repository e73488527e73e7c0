// region-counter-* and monitor-status-*: objects of the management segment (PROTOCOL.md 1.2).
#include "Dispatcher.h"

#include "interop/Counters.h"
#include "interop/ShmemTypes.h"

#include <stdexcept>

namespace interop::peer
{

namespace bipc = boost::interprocess;
using fair::mq::shmem::MonitorStatus;
using fair::mq::shmem::RegionCounter;

void addManagementCommands(Dispatcher& d)
{
    d.add("region-counter-find", {"<segment>", 1, 1, [](Registry& r, const Args& a) {
        auto* counter = r.segments.get(a[0]).find<RegionCounter>(bipc::unique_instance).first;
        return counter == nullptr ? std::string("none") : reply(counter->fCount.load());
    }});
    d.add("region-counter-next", {"<segment>", 1, 1, [](Registry& r, const Args& a) {
        return reply(nextRegionId(r.segments.get(a[0])));
    }});
    d.add("monitor-status-find", {"<segment>", 1, 1, [](Registry& r, const Args& a) {
        auto* status = r.segments.get(a[0]).find<MonitorStatus>(bipc::unique_instance).first;
        return reply(status != nullptr ? 1 : 0);
    }});
    d.add("monitor-status-construct", {"<segment>", 1, 1, [](Registry& r, const Args& a) {
        auto& segment = r.segments.get(a[0]);
        if (segment.find<MonitorStatus>(bipc::unique_instance).first != nullptr) {
            throw std::runtime_error("MonitorStatus already exists");
        }
        segment.construct<MonitorStatus>(bipc::unique_instance)();
        return std::string();
    }});
    d.add("monitor-status-destroy", {"<segment>", 1, 1, [](Registry& r, const Args& a) {
        if (!r.segments.get(a[0]).destroy<MonitorStatus>(bipc::unique_instance)) {
            throw std::runtime_error("no MonitorStatus in segment");
        }
        return std::string();
    }});
}

} // namespace interop::peer
