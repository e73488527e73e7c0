// The management segment fmq_<shmId>_mng of a v1.10 session as Java sees it (PROTOCOL-V110.md
// 1.2, 1.3): a managed_shared_memory of 6,553,600 bytes holding only unique instances, the session
// mutex among them. Every bookkeeping change happens while the caller holds the session mutex
// (Lock/Unlock, 2.1 step 12, 2.3 step 3, 4.1); the heartbeat is counted without it (2.2).
//
// Not thread-safe as an object: its Java owner serialises calls. Every failure is a jni::Error.
#ifndef FAIRMQ_SHMEM_V110_JNI_MANAGEMENTSEGMENT_H
#define FAIRMQ_SHMEM_V110_JNI_MANAGEMENTSEGMENT_H

#include <fairmq/shmem/jni/LockTimeout.h> // first: it configures Boost.Interprocess

#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/OpenMode.h>
#include <fairmq/shmem/v110/Common.h>

#include <boost/interprocess/sync/interprocess_mutex.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace fair::mq::shmem::v110::jni
{

namespace bipc = boost::interprocess;
using fair::mq::shmem::jni::Error;
using fair::mq::shmem::jni::ErrorKind;
using fair::mq::shmem::jni::OpenMode;
using fair::mq::shmem::jni::RethrowAs;
using fair::mq::shmem::jni::ToOpenMode;

class ManagementSegment
{
  public:
    /// `mode`: OpenOnly or OpenOrCreate (the size is kManagementSegmentSize; ignored when it exists).
    /// Finds or constructs the session mutex right away (2.1 step 7).
    ManagementSegment(int mode, const std::string& name)
        : fName(name)
        , fSegment(Open(ToOpenMode(mode, name), name))
        , fMutex(FindOrConstructMutex())
    {}

    ManagementSegment(const ManagementSegment&) = delete;
    ManagementSegment& operator=(const ManagementSegment&) = delete;

    std::intptr_t Address() const { return reinterpret_cast<std::intptr_t>(fSegment.get_address()); }
    std::size_t Size() const { return fSegment.get_size(); }
    std::size_t FreeMemory() const { return fSegment.get_free_memory(); }

    /// The session mutex, bounded by the process-wide lock timeout (LockTimeout.h).
    void Lock()
    {
        try {
            fMutex->lock();
        } catch (...) {
            RethrowAs("lock session mutex of", fName);
        }
    }

    void Unlock() { fMutex->unlock(); }

    /// 2.1 step 12a: true if this call created SessionInfo (caller holds the mutex).
    bool EnsureSessionInfo(const std::string& session, int creatorId)
    {
        return Guard("session info", [&] {
            if (fSegment.find<SessionInfo>(bipc::unique_instance).first != nullptr) {
                return false;
            }
            fSegment.construct<SessionInfo>(bipc::unique_instance)(session.c_str(), creatorId,
                                                                   fSegment.get_segment_manager());
            return true;
        });
    }

    /// 2.1 step 12b.
    void EnsureEventCounter()
    {
        Guard("event counter", [&] {
            fSegment.find_or_construct<EventCounter>(bipc::unique_instance)(0);
            return 0;
        });
    }

    /// 1.3.4 (a), (c), (d): caller holds the mutex.
    void IncrementEventCounter()
    {
        Guard("event counter", [&] {
            fSegment.find_or_construct<EventCounter>(bipc::unique_instance)(0)->fCount++;
            return 0;
        });
    }

    /// 2.1 step 12c: the new count (1 if this call constructed it).
    std::int64_t IncrementDeviceCounter()
    {
        return Guard("device counter", [&]() -> std::int64_t {
            DeviceCounter* counter = fSegment.find<DeviceCounter>(bipc::unique_instance).first;
            if (counter == nullptr) {
                fSegment.construct<DeviceCounter>(bipc::unique_instance)(1u);
                return 1;
            }
            return ++counter->fCount;
        });
    }

    /// 2.3 step 3: the new count; -1 if there is no counter (nothing decremented).
    std::int64_t DecrementDeviceCounter()
    {
        return Guard("device counter", [&]() -> std::int64_t {
            DeviceCounter* counter = fSegment.find<DeviceCounter>(bipc::unique_instance).first;
            if (counter == nullptr) {
                return -1;
            }
            return --counter->fCount;
        });
    }

    /// 2.1 step 12d.
    void EnsureMaps()
    {
        Guard("segment and region maps", [&] {
            SegmentMap();
            RegionMap();
            return 0;
        });
    }

    /// The algorithm registered for segment `id` (0 rbtree_best_fit, 1 simple_seq_fit), or -1.
    int SegmentAlgorithm(int id)
    {
        return Guard("segment map", [&] {
            auto* map = fSegment.find<Uint16SegmentInfoHashMap>(bipc::unique_instance).first;
            if (map == nullptr) {
                return -1;
            }
            auto it = map->find(static_cast<uint16_t>(id));
            return it == map->end() ? -1 : static_cast<int>(it->second.fAllocationAlgorithm);
        });
    }

    /// 2.1 step 12e: registers segment `id` unless present; true if inserted (caller holds the mutex).
    bool RegisterSegment(int id, int algorithm)
    {
        return Guard("segment map", [&] {
            auto result = SegmentMap()->emplace(static_cast<uint16_t>(id),
                                                SegmentInfo(static_cast<AllocationAlgorithm>(algorithm)));
            return result.second;
        });
    }

    /// 4.1 step 1: the next automatic region id (caller holds the mutex).
    int NextRegionId()
    {
        return Guard("region counter", [&]() -> int {
            RegionCounter* counter = fSegment.find<RegionCounter>(bipc::unique_instance).first;
            if (counter == nullptr) {
                fSegment.construct<RegionCounter>(bipc::unique_instance)(kFirstRegionId);
                return kFirstRegionId;
            }
            return ++counter->fCount;
        });
    }

    /// 4.1 step 3f: registers a region; false if the id is already in the map (caller holds the mutex).
    bool RegisterRegion(int id, const std::string& path, int flags, std::uint64_t userFlags, std::uint64_t size,
                        std::uint64_t rcSegmentSize)
    {
        return Guard("region map", [&] {
            auto* map = RegionMap();
            if (map->find(static_cast<uint16_t>(id)) != map->end()) {
                return false;
            }
            map->emplace(std::piecewise_construct, std::forward_as_tuple(static_cast<uint16_t>(id)),
                         std::forward_as_tuple(path.c_str(), flags, userFlags, size, rcSegmentSize,
                                               fSegment.get_segment_manager()));
            fSegment.find_or_construct<EventCounter>(bipc::unique_instance)(0)->fCount++;
            return true;
        });
    }

    /// 4.6: marks region `id` destroyed and counts the event; false if unknown (caller holds the mutex).
    bool MarkRegionDestroyed(int id)
    {
        return Guard("region map", [&] {
            auto* map = fSegment.find<Uint16RegionInfoHashMap>(bipc::unique_instance).first;
            if (map == nullptr) {
                return false;
            }
            auto it = map->find(static_cast<uint16_t>(id));
            if (it == map->end()) {
                return false;
            }
            it->second.fDestroyed = true;
            fSegment.find_or_construct<EventCounter>(bipc::unique_instance)(0)->fCount++;
            return true;
        });
    }

    /// 2.2: one heartbeat (no session mutex; Boost's own lock makes the first lookup atomic).
    void Beat()
    {
        if (fHeartbeat == nullptr) {
            fHeartbeat = Guard("heartbeat", [&] {
                return fSegment.find_or_construct<Heartbeat>(bipc::unique_instance)(0);
            });
        }
        fHeartbeat->fCount++;
    }

    /// Values for monitors and tests; -1 (or "") when the object is absent.
    std::int64_t HeartbeatCount() { return Value<Heartbeat>(); }
    std::int64_t DeviceCount() { return Value<DeviceCounter>(); }
    std::int64_t EventCount() { return Value<EventCounter>(); }
    std::int64_t RegionCount() { return Value<RegionCounter>(); }

    std::string SessionName()
    {
        return Guard("session info", [&] {
            SessionInfo* info = fSegment.find<SessionInfo>(bipc::unique_instance).first;
            return info == nullptr ? std::string() : std::string(info->fSessionName.c_str());
        });
    }

    int CreatorId()
    {
        return Guard("session info", [&] {
            SessionInfo* info = fSegment.find<SessionInfo>(bipc::unique_instance).first;
            return info == nullptr ? -1 : info->fCreatorId;
        });
    }

    bool HasSegmentMap()
    {
        return Guard("segment map", [&] {
            return fSegment.find<Uint16SegmentInfoHashMap>(bipc::unique_instance).first != nullptr;
        });
    }

    bool HasRegionMap()
    {
        return Guard("region map", [&] {
            return fSegment.find<Uint16RegionInfoHashMap>(bipc::unique_instance).first != nullptr;
        });
    }

    /// The segment map in the map's own iteration order: "id:algorithm" joined by ','.
    std::string Segments()
    {
        return Guard("segment map", [&] {
            std::string text;
            auto* map = fSegment.find<Uint16SegmentInfoHashMap>(bipc::unique_instance).first;
            if (map != nullptr) {
                for (const auto& entry : *map) {
                    text += (text.empty() ? "" : ",") + std::to_string(entry.first) + ":"
                            + std::to_string(static_cast<int>(entry.second.fAllocationAlgorithm));
                }
            }
            return text;
        });
    }

    /// The region map in its iteration order, one entry per line:
    /// "id destroyed flags userFlags size rcSegmentSize path" (the path last: it may hold spaces).
    std::string Regions()
    {
        return Guard("region map", [&] {
            std::string text;
            auto* map = fSegment.find<Uint16RegionInfoHashMap>(bipc::unique_instance).first;
            if (map != nullptr) {
                for (const auto& entry : *map) {
                    const RegionInfo& info = entry.second;
                    text += std::to_string(entry.first) + " " + (info.fDestroyed ? "1" : "0") + " "
                            + std::to_string(info.fCreationFlags) + " " + std::to_string(info.fUserFlags) + " "
                            + std::to_string(info.fSize) + " " + std::to_string(info.fRCSegmentSize) + " "
                            + info.fPath.c_str() + "\n";
                }
            }
            return text;
        });
    }

    /// The index key Boost stores for each unique instance, one per line (start-up check, 14.2).
    std::string UniqueKeys()
    {
        return Guard("unique index", [&] {
            std::string text;
            auto* manager = fSegment.get_segment_manager();
            for (auto it = manager->unique_begin(); it != manager->unique_end(); ++it) {
                text.append(it->name(), it->name_length()).append("\n");
            }
            return text;
        });
    }

  private:
    static bipc::managed_shared_memory Open(OpenMode mode, const std::string& name)
    {
        try {
            switch (mode) {
                case OpenMode::CreateOnly:
                    return bipc::managed_shared_memory(bipc::create_only, name.c_str(), kManagementSegmentSize);
                case OpenMode::OpenOnly: return bipc::managed_shared_memory(bipc::open_only, name.c_str());
                case OpenMode::OpenOrCreate: break;
            }
            return bipc::managed_shared_memory(bipc::open_or_create, name.c_str(), kManagementSegmentSize);
        } catch (...) {
            RethrowAs(std::string("managed_shared_memory ") + fair::mq::shmem::jni::ToString(mode), name);
        }
    }

    bipc::interprocess_mutex* FindOrConstructMutex()
    {
        return Guard("session mutex", [&] {
            return fSegment.find_or_construct<bipc::interprocess_mutex>(bipc::unique_instance)();
        });
    }

    Uint16SegmentInfoHashMap* SegmentMap()
    {
        return fSegment.find_or_construct<Uint16SegmentInfoHashMap>(bipc::unique_instance)(
            fSegment.get_segment_manager());
    }

    Uint16RegionInfoHashMap* RegionMap()
    {
        return fSegment.find_or_construct<Uint16RegionInfoHashMap>(bipc::unique_instance)(
            fSegment.get_segment_manager());
    }

    template <class T>
    std::int64_t Value()
    {
        return Guard("counter", [&]() -> std::int64_t {
            T* object = fSegment.find<T>(bipc::unique_instance).first;
            return object == nullptr ? -1 : static_cast<std::int64_t>(object->fCount.load());
        });
    }

    template <class F>
    auto Guard(const char* what, F&& f) -> decltype(f())
    {
        try {
            return f();
        } catch (...) {
            RethrowAs(std::string(what) + " in", fName);
        }
    }

    std::string fName;
    bipc::managed_shared_memory fSegment;
    bipc::interprocess_mutex* fMutex;
    Heartbeat* fHeartbeat = nullptr;
};

} // namespace fair::mq::shmem::v110::jni

#endif // FAIRMQ_SHMEM_V110_JNI_MANAGEMENTSEGMENT_H
