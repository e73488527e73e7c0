// --role probe (facts of a session as KEY=VALUE lines) and --role cleanup (2.5 + the monitor mutex).
#include "Roles.h"

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <boost/interprocess/sync/named_mutex.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <thread>
#include <vector>

namespace interop::v110
{

namespace bipc = shm::bipc;

namespace
{

std::unique_ptr<bipc::managed_shared_memory> openManagement(const Names& names)
{
    try {
        // read-write: read-only lookups of unique instances can crash in Boost 1.74 (Appendix A row B)
        return std::make_unique<bipc::managed_shared_memory>(bipc::open_only, names.management().c_str());
    } catch (const bipc::interprocess_exception&) {
        return nullptr;
    }
}

// Takes the session mutex, giving up after a while (a peer killed while holding it, S15).
bool lockSession(bipc::interprocess_mutex* mutex)
{
    return mutex != nullptr
           && mutex->timed_lock(boost::posix_time::microsec_clock::universal_time() + boost::posix_time::seconds(2));
}

template <typename T>
T* find(bipc::managed_shared_memory& mng)
{
    return mng.find<T>(bipc::unique_instance).first;
}

} // namespace

int runProbe(const Options& options, const Names& names)
{
    std::cout << "shmid=" << names.shmId() << std::endl;
    auto mng = openManagement(names);
    if (!mng) {
        std::cout << "mng=absent" << std::endl;
        return 0;
    }
    std::cout << "mng=present" << std::endl;
    auto* mutex = find<bipc::interprocess_mutex>(*mng);
    const bool locked = lockSession(mutex);   // like Monitor::GetFreeMemory (1.3.1)
    std::cout << "session_locked=" << (locked ? 1 : 0) << std::endl;
    auto* info = find<shm::SessionInfo>(*mng);
    std::cout << "session_name=" << (info ? std::string(info->fSessionName.c_str()) : "none") << std::endl;
    std::cout << "creator_id=" << (info ? std::to_string(info->fCreatorId) : "none") << std::endl;
    auto* devices = find<shm::DeviceCounter>(*mng);
    std::cout << "device_count=" << (devices ? std::to_string(devices->fCount.load()) : "none") << std::endl;
    auto* events = find<shm::EventCounter>(*mng);
    std::cout << "event_counter=" << (events ? std::to_string(events->fCount.load()) : "none") << std::endl;
    auto* beat = find<shm::Heartbeat>(*mng);
    std::cout << "heartbeat=" << (beat ? std::to_string(beat->fCount.load()) : "none") << std::endl;
    auto* regionCounter = find<shm::RegionCounter>(*mng);
    std::cout << "region_counter=" << (regionCounter ? std::to_string(regionCounter->fCount.load()) : "none")
              << std::endl;

    std::map<std::uint16_t, shm::AllocationAlgorithm> segments;
    if (auto* map = find<shm::Uint16SegmentInfoHashMap>(*mng)) {
        for (const auto& [id, segment] : *map) {
            segments.emplace(id, segment.fAllocationAlgorithm);
        }
    }
    std::string list;
    for (const auto& [id, algorithm] : segments) {
        list += (list.empty() ? "" : ",") + std::to_string(id) + ":"
                + (algorithm == shm::AllocationAlgorithm::simple_seq_fit ? "simple_seq_fit" : "rbtree_best_fit");
    }
    std::cout << "segments=" << list << std::endl;
    for (const auto& [id, algorithm] : segments) {
        try {
            auto segment = openSegment(names.segment(id), algorithm);
            std::cout << "free_" << id << "=" << segment->freeMemory() << std::endl;
            std::cout << "size_" << id << "=" << segment->size() << std::endl;
        } catch (const std::exception&) {
            std::cout << "free_" << id << "=missing" << std::endl;
            std::cout << "size_" << id << "=missing" << std::endl;
        }
    }
    std::map<std::uint16_t, std::string> regions;
    if (auto* map = find<shm::Uint16RegionInfoHashMap>(*mng)) {
        for (const auto& [id, region] : *map) {
            regions.emplace(id, std::to_string(id) + ":" + (region.fDestroyed ? "destroyed" : "alive") + ":"
                                    + std::to_string(region.fSize) + ":" + std::to_string(region.fRCSegmentSize));
        }
    }
    list.clear();
    for (const auto& [id, text] : regions) {
        list += (list.empty() ? "" : ",") + text;
    }
    std::cout << "regions=" << list << std::endl;
    if (locked) {
        mutex->unlock();
    }
    if (options.waitHeartbeatChangeMs > 0) {
        const auto first = beat ? beat->fCount.load() : 0;
        const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.waitHeartbeatChangeMs);
        bool changed = false;
        while (!changed && std::chrono::steady_clock::now() < end) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (!beat) {
                beat = find<shm::Heartbeat>(*mng);
            }
            changed = beat != nullptr && beat->fCount.load() != first;
        }
        std::cout << "heartbeat_changed=" << (changed ? 1 : 0) << std::endl;
    }
    return 0;
}

int runCleanup(const Options&, const Names& names)
{
    std::cout << "Cleaning up for shared memory id '" << names.shmId() << "'..." << std::endl;
    std::size_t removed = 0;
    if (auto mng = openManagement(names)) {
        auto* mutex = find<bipc::interprocess_mutex>(*mng);
        const bool locked = lockSession(mutex);
        for (const auto& name : cleanupSession(names, *mng)) {
            std::cout << "Successfully removed '" << name << "'." << std::endl;
            ++removed;
        }
        if (locked) {
            mutex->unlock();
        }
    } else {
        std::cout << "Did not find '" << names.management() << "' management segment. No regions to cleanup."
                  << std::endl;
    }
    // CleanupFull: also the monitor's named mutex
    if (bipc::named_mutex::remove(names.monitorMutex().c_str())) {
        std::cout << "Successfully removed '" << names.monitorMutex() << "'." << std::endl;
        ++removed;
    }
    std::cout << "removed=" << removed << std::endl;
    return 0;
}

} // namespace interop::v110
