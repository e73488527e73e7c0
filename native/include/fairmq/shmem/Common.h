// The shared types of the 2017 FairMQ shmem protocol, declared exactly as C++ FairMQ declares them.
//
// Boost keys unique_instance objects by typeid(T).name(), so namespace, name and layout must match
// the reference byte for byte (PROTOCOL.md 1.2, 3.1, 11.3). Do not rename, move or extend these.
#ifndef FAIRMQ_SHMEM_COMMON_H
#define FAIRMQ_SHMEM_COMMON_H

#include <boost/interprocess/managed_shared_memory.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace fair::mq::shmem
{

/// Number of live shmem transports using a main segment (PROTOCOL.md 1.2.1).
/// Modified only while holding the named mutex.
struct DeviceCounter
{
    DeviceCounter(unsigned int c) : fCount(c) {}
    std::atomic<unsigned int> fCount;
};

/// Id of the most recently created region, in the management segment (PROTOCOL.md 1.2.2).
struct RegionCounter
{
    RegionCounter(unsigned int c) : fCount(c) {}
    std::atomic<unsigned int> fCount;
};

/// Marker that a monitor is running, in the management segment (PROTOCOL.md 1.2.3).
struct MonitorStatus
{
    MonitorStatus() : fActive(true) {}
    bool fActive;
};

/// The 32-byte metadata frame of every non-empty shmem message (PROTOCOL.md 3.1).
struct alignas(32) MetaHeader
{
    uint64_t fSize;
    uint64_t fRegionId;
    boost::interprocess::managed_shared_memory::handle_t fHandle;
};

static_assert(sizeof(DeviceCounter) == 4 && alignof(DeviceCounter) == 4, "PROTOCOL.md 1.2.1");
static_assert(sizeof(RegionCounter) == 4 && alignof(RegionCounter) == 4, "PROTOCOL.md 1.2.2");
static_assert(sizeof(MonitorStatus) == 1 && alignof(MonitorStatus) == 1, "PROTOCOL.md 1.2.3");
static_assert(sizeof(MetaHeader) == 32 && alignof(MetaHeader) == 32, "PROTOCOL.md 3.1");
static_assert(offsetof(MetaHeader, fSize) == 0, "PROTOCOL.md 3.1");
static_assert(offsetof(MetaHeader, fRegionId) == 8, "PROTOCOL.md 3.1");
static_assert(offsetof(MetaHeader, fHandle) == 16, "PROTOCOL.md 3.1");
static_assert(sizeof(boost::interprocess::managed_shared_memory::handle_t) == 8, "PROTOCOL.md 3.1");
static_assert(std::atomic<unsigned int>::is_always_lock_free, "PROTOCOL.md 1.2.1: plain 32-bit integer");

/// unique_instance index keys (typeid(T).name(), Itanium ABI), PROTOCOL.md 1.2.
inline constexpr const char* kDeviceCounterKey = "N4fair2mq5shmem13DeviceCounterE";
inline constexpr const char* kRegionCounterKey = "N4fair2mq5shmem13RegionCounterE";
inline constexpr const char* kMonitorStatusKey = "N4fair2mq5shmem13MonitorStatusE";
inline constexpr const char* kMetaHeaderKey = "N4fair2mq5shmem10MetaHeaderE";

} // namespace fair::mq::shmem

#endif // FAIRMQ_SHMEM_COMMON_H
