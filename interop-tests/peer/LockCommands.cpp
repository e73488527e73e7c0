// segment-lock-mutex, segment-lock-index: hold a lock inside a managed segment for good, as a peer
// killed inside Boost does (PROTOCOL.md 1.3, 2.4: these locks are not robust). The test kills this
// process with SIGKILL afterwards; the lock stays locked in the segment, which the test removes.
#include "Dispatcher.h"

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <new>
#include <stdexcept>
#include <thread>

namespace interop::peer
{

namespace bipc = boost::interprocess;
using Segment = bipc::managed_shared_memory;

namespace
{

// The allocator's mutex has no public accessor. Layout fact of Boost 1.74: segment_manager derives
// (single inheritance, no virtual functions) from segment_manager_base, which derives from
// rbtree_best_fit, whose first member m_header derives first from the interprocess_mutex that
// allocate and deallocate lock. So the mutex lies at the segment manager's address. Checked below:
// once it is locked, an allocation in another thread must wait.
bipc::interprocess_mutex& allocatorMutex(Segment& segment)
{
    return *reinterpret_cast<bipc::interprocess_mutex*>(segment.get_segment_manager());
}

constexpr auto kProbeWait = std::chrono::milliseconds(200);

} // namespace

void addLockCommands(Dispatcher& d)
{
    d.add("segment-lock-mutex", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        Segment& segment = r.segments.get(a[0]);
        bipc::interprocess_mutex& mutex = allocatorMutex(segment);
        if (!mutex.try_lock()) {
            throw std::runtime_error("the allocator mutex is locked already");
        }
        // The probe thread blocks for good when the layout fact holds; it ends with the process.
        auto allocated = std::make_shared<std::promise<void>>();
        std::future<void> probe = allocated->get_future();
        std::thread([&segment, allocated] {
            segment.allocate(16, std::nothrow);
            allocated->set_value();
        }).detach();
        if (probe.wait_for(kProbeWait) == std::future_status::ready) {
            mutex.unlock();
            throw std::runtime_error("an allocation did not wait for the locked mutex: not the allocator's mutex");
        }
        return std::string();
    }});
    // segment_manager::atomic_func runs its function under the index mutex (named and unique
    // objects: find, construct, destroy); this one never returns.
    d.add("segment-lock-index", {"<name>", 1, 1, [](Registry& r, const Args& a) {
        Segment& segment = r.segments.get(a[0]);
        auto locked = std::make_shared<std::promise<void>>();
        std::future<void> holding = locked->get_future();
        std::thread([&segment, locked] {
            auto holdForever = [&locked] {
                locked->set_value();
                std::promise<void>().get_future().wait();
            };
            segment.get_segment_manager()->atomic_func(holdForever);
        }).detach();
        holding.wait();
        return std::string();
    }});
}

} // namespace interop::peer
