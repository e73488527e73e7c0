// The shared types of the FairMQ v1.9/v1.10 shmem protocol, declared exactly as FairMQ v1.10
// declares them (PROTOCOL-V110.md 1.3, 3.1, 3.6, 4.4, 4.5).
//
// Boost keys the unique instances of the management segment by typeid(T).name(): namespace, class
// name, member types and order, and the maps' template arguments must match the reference byte for
// byte (PROTOCOL-V110.md 1.3, 12). Do not rename, move or extend these.
//
// Two of these names are also 2017 types with another layout (RegionCounter: 16 instead of 32 bits;
// MetaHeader: 40 instead of 32 bytes), so this header and fairmq/shmem/Common.h never meet in one
// program: the v1.10 profile has its own JNI library (v110/jni/Bindings.h) and its own native tests.
#ifndef FAIRMQ_SHMEM_V110_COMMON_H
#define FAIRMQ_SHMEM_V110_COMMON_H

#ifdef FAIRMQ_SHMEM_COMMON_H
#error "fairmq/shmem/v110/Common.h and fairmq/shmem/Common.h (2017) declare different types of the same names"
#endif

#include <boost/container/string.hpp>
#include <boost/functional/hash.hpp>
#include <boost/interprocess/allocators/allocator.hpp>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/mem_algo/simple_seq_fit.hpp>
#include <boost/interprocess/indexes/null_index.hpp>
#include <boost/unordered_map.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace fair::mq::shmem
{

namespace bipc = boost::interprocess;

/// The segment manager of the management segment (iset_index) that every map and string uses.
using SegmentManager = bipc::managed_shared_memory::segment_manager;
using VoidAlloc = bipc::allocator<void, SegmentManager>;
using CharAlloc = bipc::allocator<char, SegmentManager>;
using Str = boost::container::basic_string<char, std::char_traits<char>, CharAlloc>;

/// Data segments: no named or unique objects, only chunks (1.2, 1.4).
using RBTreeBestFitSegment =
    bipc::basic_managed_shared_memory<char, bipc::rbtree_best_fit<bipc::mutex_family, bipc::offset_ptr<void>>,
                                      bipc::null_index>;
using SimpleSeqFitSegment =
    bipc::basic_managed_shared_memory<char, bipc::simple_seq_fit<bipc::mutex_family, bipc::offset_ptr<void>>,
                                      bipc::null_index>;

/// 1.3.2: the session's name and its creator's euid.
struct SessionInfo
{
    SessionInfo(const char* name, int creatorId, const VoidAlloc& alloc)
        : fSessionName(name, alloc), fCreatorId(creatorId)
    {}

    Str fSessionName;
    int fCreatorId;
};

/// 1.3.3: live Managers of the session; changed only under the session mutex.
struct DeviceCounter
{
    DeviceCounter(unsigned int c) : fCount(c) {}
    std::atomic<unsigned int> fCount;
};

/// 1.3.4: wakes region-event subscribers.
struct EventCounter
{
    EventCounter(uint64_t c) : fCount(c) {}
    std::atomic<uint64_t> fCount;
};

/// 1.3.5: every Manager increments it every 100 ms.
struct Heartbeat
{
    Heartbeat(uint64_t c) : fCount(c) {}
    std::atomic<uint64_t> fCount;
};

/// 1.3.6: the last automatic region id (the first is 1024).
struct RegionCounter
{
    RegionCounter(uint16_t c) : fCount(c) {}
    std::atomic<uint16_t> fCount;
};

/// 1.3.7
enum class AllocationAlgorithm : int
{
    rbtree_best_fit,
    simple_seq_fit
};

struct SegmentInfo
{
    SegmentInfo(AllocationAlgorithm aa) : fAllocationAlgorithm(aa) {}
    AllocationAlgorithm fAllocationAlgorithm;
};

using Uint16SegmentInfoPairAlloc = bipc::allocator<std::pair<const uint16_t, SegmentInfo>, SegmentManager>;
using Uint16SegmentInfoHashMap = boost::unordered_map<uint16_t, SegmentInfo, boost::hash<uint16_t>,
                                                      std::equal_to<uint16_t>, Uint16SegmentInfoPairAlloc>;

/// 1.3.8
struct RegionInfo
{
    RegionInfo(const char* path, int flags, uint64_t userFlags, uint64_t size, uint64_t rcSegmentSize,
               const VoidAlloc& alloc)
        : fPath(path, alloc)
        , fCreationFlags(flags)
        , fUserFlags(userFlags)
        , fSize(size)
        , fRCSegmentSize(rcSegmentSize)
        , fDestroyed(false)
    {}

    Str fPath;
    int fCreationFlags;
    uint64_t fUserFlags;
    uint64_t fSize;
    uint64_t fRCSegmentSize;
    bool fDestroyed;
};

using Uint16RegionInfoPairAlloc = bipc::allocator<std::pair<const uint16_t, RegionInfo>, SegmentManager>;
using Uint16RegionInfoHashMap = boost::unordered_map<uint16_t, RegionInfo, boost::hash<uint16_t>,
                                                     std::equal_to<uint16_t>, Uint16RegionInfoPairAlloc>;

/// 3.1: the 40-byte metadata of one message (not a lookup key).
struct MetaHeader
{
    size_t fSize;
    size_t fHint;
    bipc::managed_shared_memory::handle_t fHandle;
    bipc::managed_shared_memory::handle_t fShared;
    uint16_t fRegionId;
    uint16_t fSegmentId;
    bool fManaged;
};

/// 3.6: the header in front of every managed chunk. Hdr lies at chunk + 2 + hdrOffset (hdrOffset is
/// the chunk's first u16, 2 for every even chunk start); user data at chunk + 8 + userOffset.
struct ShmHeader
{
    struct Hdr
    {
        uint16_t userOffset;
        std::atomic<uint16_t> refCount;
    };
    static constexpr std::size_t kHdrPartSize = 8;  // hdrOffset u16, padding, Hdr
};

/// 4.4: reference count of a copied region message, in rrc_<id> (or a 2-byte managed chunk).
struct RefCount
{
    RefCount(uint16_t c) : count(c) {}
    std::atomic<uint16_t> count;
};

/// 4.5: one acknowledged region block; a queue message is 1..256 of them.
struct RegionBlock
{
    bipc::managed_shared_memory::handle_t fHandle;
    size_t fSize;
    size_t fHint;
};

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"  // layouts of non-standard-layout types, as GCC lays them out
static_assert(sizeof(SessionInfo) == 40 && alignof(SessionInfo) == 8, "PROTOCOL-V110.md 1.3.2");
static_assert(offsetof(SessionInfo, fCreatorId) == 32, "PROTOCOL-V110.md 1.3.2");
static_assert(sizeof(DeviceCounter) == 4 && alignof(DeviceCounter) == 4, "PROTOCOL-V110.md 1.3.3");
static_assert(sizeof(EventCounter) == 8 && alignof(EventCounter) == 8, "PROTOCOL-V110.md 1.3.4");
static_assert(sizeof(Heartbeat) == 8 && alignof(Heartbeat) == 8, "PROTOCOL-V110.md 1.3.5");
static_assert(sizeof(RegionCounter) == 2 && alignof(RegionCounter) == 2, "PROTOCOL-V110.md 1.3.6");
static_assert(sizeof(SegmentInfo) == 4, "PROTOCOL-V110.md 1.3.7");
static_assert(sizeof(std::pair<const uint16_t, SegmentInfo>) == 8, "PROTOCOL-V110.md 1.3.7");
static_assert(sizeof(Uint16SegmentInfoHashMap) == 64, "PROTOCOL-V110.md 1.3");
static_assert(sizeof(Uint16RegionInfoHashMap) == 64, "PROTOCOL-V110.md 1.3");
static_assert(sizeof(RegionInfo) == 72, "PROTOCOL-V110.md 1.3.8");
static_assert(offsetof(RegionInfo, fCreationFlags) == 32 && offsetof(RegionInfo, fUserFlags) == 40
                  && offsetof(RegionInfo, fSize) == 48 && offsetof(RegionInfo, fRCSegmentSize) == 56
                  && offsetof(RegionInfo, fDestroyed) == 64,
              "PROTOCOL-V110.md 1.3.8");
static_assert(sizeof(std::pair<const uint16_t, RegionInfo>) == 80, "PROTOCOL-V110.md 1.3.8");
static_assert(sizeof(MetaHeader) == 40 && alignof(MetaHeader) == 8, "PROTOCOL-V110.md 3.1");
static_assert(offsetof(MetaHeader, fHint) == 8 && offsetof(MetaHeader, fHandle) == 16
                  && offsetof(MetaHeader, fShared) == 24 && offsetof(MetaHeader, fRegionId) == 32
                  && offsetof(MetaHeader, fSegmentId) == 34 && offsetof(MetaHeader, fManaged) == 36,
              "PROTOCOL-V110.md 3.1");
#pragma GCC diagnostic pop
static_assert(sizeof(ShmHeader::Hdr) == 4 && alignof(ShmHeader::Hdr) == 2, "PROTOCOL-V110.md 3.6");
static_assert(sizeof(RefCount) == 2, "PROTOCOL-V110.md 4.4");
static_assert(sizeof(RegionBlock) == 24, "PROTOCOL-V110.md 4.5");
static_assert(std::atomic<uint16_t>::is_always_lock_free && std::atomic<uint64_t>::is_always_lock_free,
              "PROTOCOL-V110.md 1.3: plain integers in shared memory");

/// The fixed sizes of 1.2 and the first automatic region id of 1.3.6.
inline constexpr std::size_t kManagementSegmentSize = 6553600;
inline constexpr uint16_t kFirstRegionId = 1024;

/// unique_instance index keys, typeid(T).name() (1.3 table, 4.4); native/tests/v110 compares them.
inline constexpr const char* kMutexKey = "N5boost12interprocess18interprocess_mutexE";
inline constexpr const char* kSessionInfoKey = "N4fair2mq5shmem11SessionInfoE";
inline constexpr const char* kEventCounterKey = "N4fair2mq5shmem12EventCounterE";
inline constexpr const char* kDeviceCounterKey = "N4fair2mq5shmem13DeviceCounterE";
inline constexpr const char* kHeartbeatKey = "N4fair2mq5shmem9HeartbeatE";
inline constexpr const char* kRegionCounterKey = "N4fair2mq5shmem13RegionCounterE";
inline constexpr const char* kSegmentMapKey =
    "N5boost9unordered13unordered_mapItN4fair2mq5shmem11SegmentInfoENS_4hashItEESt8equal_toItENS_12interprocess9"
    "allocatorISt4pairIKtS5_ENSA_15segment_managerIcNSA_15rbtree_best_fitINSA_12mutex_familyENSA_10offset_ptrIvlm"
    "Lm0EEELm0EEENSA_10iset_indexEEEEEEE";
inline constexpr const char* kRegionMapKey =
    "N5boost9unordered13unordered_mapItN4fair2mq5shmem10RegionInfoENS_4hashItEESt8equal_toItENS_12interprocess9"
    "allocatorISt4pairIKtS5_ENSA_15segment_managerIcNSA_15rbtree_best_fitINSA_12mutex_familyENSA_10offset_ptrIvlm"
    "Lm0EEELm0EEENSA_10iset_indexEEEEEEE";

} // namespace fair::mq::shmem

#endif // FAIRMQ_SHMEM_V110_COMMON_H
