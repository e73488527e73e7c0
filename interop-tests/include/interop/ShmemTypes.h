// Objects that C++ FairMQ (2017) devices keep inside shared memory and on the wire.
// Independent declaration from PROTOCOL.md 1.2 and 3.1: the fully qualified names matter,
// because Boost keys unique_instance objects on typeid(T).name() (Itanium ABI mangling).
#ifndef INTEROP_SHMEMTYPES_H
#define INTEROP_SHMEMTYPES_H

#include <boost/interprocess/managed_shared_memory.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace fair::mq::shmem
{

// PROTOCOL.md 1.2.1: number of live shmem transports using one main segment (main segment).
struct DeviceCounter
{
    DeviceCounter(unsigned int c) : fCount(c) {}
    std::atomic<unsigned int> fCount;
};

// PROTOCOL.md 1.2.2: id of the most recently created region (management segment).
struct RegionCounter
{
    RegionCounter(unsigned int c) : fCount(c) {}
    std::atomic<unsigned int> fCount;
};

// PROTOCOL.md 1.2.3: exists while a monitor runs (management segment).
struct MonitorStatus
{
    MonitorStatus() : fActive(true) {}
    bool fActive;
};

// PROTOCOL.md 3.1: the 32-byte frame of every non-empty shmem message (bytes 24..31 zero).
struct alignas(32) MetaHeader
{
    uint64_t fSize;
    uint64_t fRegionId;
    boost::interprocess::managed_shared_memory::handle_t fHandle;
};

static_assert(sizeof(DeviceCounter) == 4 && alignof(DeviceCounter) == 4, "PROTOCOL.md 1.2.1");
static_assert(sizeof(RegionCounter) == 4 && alignof(RegionCounter) == 4, "PROTOCOL.md 1.2.2");
static_assert(sizeof(MonitorStatus) == 1 && alignof(MonitorStatus) == 1, "PROTOCOL.md 1.2.3");
static_assert(std::atomic<unsigned int>::is_always_lock_free, "fCount must be a plain 32-bit word");
static_assert(sizeof(MetaHeader) == 32 && alignof(MetaHeader) == 32, "PROTOCOL.md 3.1");
static_assert(offsetof(MetaHeader, fSize) == 0, "PROTOCOL.md 3.1");
static_assert(offsetof(MetaHeader, fRegionId) == 8, "PROTOCOL.md 3.1");
static_assert(offsetof(MetaHeader, fHandle) == 16, "PROTOCOL.md 3.1");
static_assert(std::is_same_v<boost::interprocess::managed_shared_memory::handle_t, std::ptrdiff_t>
                  && sizeof(std::ptrdiff_t) == 8,
              "PROTOCOL.md 3.1: handle is a signed 64-bit offset");
static_assert(std::is_trivially_copyable_v<MetaHeader>, "MetaHeader travels as raw bytes");

} // namespace fair::mq::shmem

#endif // INTEROP_SHMEMTYPES_H
