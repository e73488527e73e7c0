// The shared-memory types of the FairMQ v1.10 shmem protocol, declared independently from
// /work/shared/PROTOCOL-V110.md (sections 1.3, 3.1, 3.6, 4.4, 4.5). Only the fully qualified names,
// member types, order and layout matter: Boost keys unique instances on typeid(T).name().
//
// Never include this header together with interop/ShmemTypes.h (the 2017 protocol declares other
// types with the same names in the same namespace).
#ifndef INTEROP_V110_TYPES_H
#define INTEROP_V110_TYPES_H

#include <boost/container/string.hpp>
#include <boost/functional/hash.hpp>
#include <boost/interprocess/allocators/allocator.hpp>
#include <boost/interprocess/allocators/node_allocator.hpp>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/mem_algo/rbtree_best_fit.hpp>
#include <boost/interprocess/mem_algo/simple_seq_fit.hpp>
#include <boost/interprocess/indexes/null_index.hpp>
#include <boost/unordered_map.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace fair::mq::shmem
{

namespace bipc = ::boost::interprocess;

// 1.2: the management segment (iset_index) and the two data segment variants (null_index).
using SegmentManager = bipc::managed_shared_memory::segment_manager;
using VoidAlloc = bipc::allocator<void, SegmentManager>;
using CharAlloc = bipc::allocator<char, SegmentManager>;
using Str = boost::container::basic_string<char, std::char_traits<char>, CharAlloc>;

using RBTreeBestFitSegment =
    bipc::basic_managed_shared_memory<char, bipc::rbtree_best_fit<bipc::mutex_family, bipc::offset_ptr<void>>,
                                      bipc::null_index>;
using SimpleSeqFitSegment =
    bipc::basic_managed_shared_memory<char, bipc::simple_seq_fit<bipc::mutex_family, bipc::offset_ptr<void>>,
                                      bipc::null_index>;

// 1.3.2
struct SessionInfo
{
    SessionInfo(const char* name, int creatorId, const VoidAlloc& alloc)
        : fSessionName(name, alloc), fCreatorId(creatorId)
    {}

    Str fSessionName;
    int fCreatorId;
};

// 1.3.3
struct DeviceCounter
{
    DeviceCounter(unsigned int c) : fCount(c) {}
    std::atomic<unsigned int> fCount;
};

// 1.3.4
struct EventCounter
{
    EventCounter(uint64_t c) : fCount(c) {}
    std::atomic<uint64_t> fCount;
};

// 1.3.5
struct Heartbeat
{
    Heartbeat(uint64_t c) : fCount(c) {}
    std::atomic<uint64_t> fCount;
};

// 1.3.6: 16 bits (the 2017 protocol used 32).
struct RegionCounter
{
    RegionCounter(uint16_t c) : fCount(c) {}
    std::atomic<uint16_t> fCount;
};

// 1.3.7
enum class AllocationAlgorithm : int
{
    rbtree_best_fit = 0,
    simple_seq_fit = 1
};

struct SegmentInfo
{
    SegmentInfo(AllocationAlgorithm aa) : fAllocationAlgorithm(aa) {}
    AllocationAlgorithm fAllocationAlgorithm;
};

// 1.3.8
struct RegionInfo
{
    RegionInfo(const char* path, int flags, uint64_t userFlags, uint64_t size, uint64_t rcSegmentSize,
               const VoidAlloc& alloc)
        : fPath(path, alloc), fCreationFlags(flags), fUserFlags(userFlags), fSize(size),
          fRCSegmentSize(rcSegmentSize), fDestroyed(false)
    {}

    Str fPath;
    int fCreationFlags;
    uint64_t fUserFlags;
    uint64_t fSize;
    uint64_t fRCSegmentSize;
    bool fDestroyed;
};

using Uint16SegmentInfoPairAlloc = bipc::allocator<std::pair<const uint16_t, SegmentInfo>, SegmentManager>;
using Uint16SegmentInfoHashMap = boost::unordered_map<uint16_t, SegmentInfo, boost::hash<uint16_t>,
                                                      std::equal_to<uint16_t>, Uint16SegmentInfoPairAlloc>;
using Uint16RegionInfoPairAlloc = bipc::allocator<std::pair<const uint16_t, RegionInfo>, SegmentManager>;
using Uint16RegionInfoHashMap = boost::unordered_map<uint16_t, RegionInfo, boost::hash<uint16_t>,
                                                     std::equal_to<uint16_t>, Uint16RegionInfoPairAlloc>;

// 4.4: reference counts of copied region messages, in rrc_<id> (node pool) or in a managed chunk.
struct RefCount
{
    explicit RefCount(uint16_t c) : count(c) {}
    std::atomic<uint16_t> count;
};

using RefCountPoolAllocator = bipc::node_allocator<RefCount, SegmentManager, 4096>;
using RefCountPool = bipc::ipcdetail::shared_node_pool<SegmentManager, sizeof(RefCount), 4096>;

// 4.5: one acknowledged region buffer; a queue message carries 1..256 of them.
struct RegionBlock
{
    int64_t fHandle;
    uint64_t fSize;
    uint64_t fHint;
};

// 3.1: the metadata of one message on the wire.
struct MetaHeader
{
    uint64_t fSize;
    uint64_t fHint;
    int64_t fHandle;
    int64_t fShared;
    uint16_t fRegionId;
    uint16_t fSegmentId;
    bool fManaged;
};

// 3.6: the header in front of the user data of a chunk in a managed segment.
//   chunk + 0: u16 hdrOffset (2 for even chunk addresses)
//   chunk + 2 + hdrOffset: Hdr {u16 userOffset, atomic u16 refCount}
//   chunk + 8 + userOffset: user data
struct ShmHeader
{
    struct Hdr
    {
        uint16_t userOffset;
        std::atomic<uint16_t> refCount;
    };

    static constexpr std::size_t kHdrPartSize = 8;

    static std::size_t alignment(std::size_t requested)
    {
        return std::max<std::size_t>(requested, alignof(std::max_align_t));
    }
    static std::size_t fullSize(std::size_t size, std::size_t requestedAlignment = 0)
    {
        return kHdrPartSize + alignment(requestedAlignment) + size;
    }

    // Writes the header into a fresh chunk of fullSize(size, a) bytes: refcount 1.
    static void construct(char* chunk, std::size_t requestedAlignment = 0)
    {
        const std::size_t a = alignment(requestedAlignment);
        const auto p = reinterpret_cast<std::uintptr_t>(chunk);
        const uint16_t hdrOffset = static_cast<uint16_t>(alignof(Hdr) - ((p + sizeof(uint16_t)) % alignof(Hdr)));
        *reinterpret_cast<uint16_t*>(chunk) = hdrOffset;
        Hdr* hdr = reinterpret_cast<Hdr*>(chunk + sizeof(uint16_t) + hdrOffset);
        hdr->userOffset = static_cast<uint16_t>(a - ((p + kHdrPartSize) % a));
        new (&hdr->refCount) std::atomic<uint16_t>(1);
    }

    static uint16_t hdrOffset(const char* chunk) { return *reinterpret_cast<const uint16_t*>(chunk); }
    static Hdr* hdr(char* chunk) { return reinterpret_cast<Hdr*>(chunk + sizeof(uint16_t) + hdrOffset(chunk)); }
    static char* userData(char* chunk) { return chunk + kHdrPartSize + hdr(chunk)->userOffset; }
    static std::atomic<uint16_t>& refCount(char* chunk) { return hdr(chunk)->refCount; }
};

// Sizes, alignments and offsets of PROTOCOL-V110.md (the Boost 1.74 / libstdc++ x86-64 layout).
static_assert(sizeof(bipc::interprocess_mutex) == 40 && alignof(bipc::interprocess_mutex) == 8);
static_assert(sizeof(Str) == 32);
static_assert(sizeof(SessionInfo) == 40 && alignof(SessionInfo) == 8);
static_assert(sizeof(DeviceCounter) == 4 && alignof(DeviceCounter) == 4);
static_assert(sizeof(EventCounter) == 8 && alignof(EventCounter) == 8);
static_assert(sizeof(Heartbeat) == 8 && alignof(Heartbeat) == 8);
static_assert(sizeof(RegionCounter) == 2 && alignof(RegionCounter) == 2);
static_assert(sizeof(AllocationAlgorithm) == 4 && sizeof(SegmentInfo) == 4);
static_assert(sizeof(std::pair<const uint16_t, SegmentInfo>) == 8);
static_assert(sizeof(RegionInfo) == 72 && alignof(RegionInfo) == 8);
static_assert(sizeof(std::pair<const uint16_t, RegionInfo>) == 80);
static_assert(sizeof(Uint16SegmentInfoHashMap) == 64 && sizeof(Uint16RegionInfoHashMap) == 64);
static_assert(sizeof(RefCount) == 2 && alignof(RefCount) == 2);
static_assert(sizeof(RegionBlock) == 24);
static_assert(sizeof(MetaHeader) == 40 && alignof(MetaHeader) == 8);
static_assert(sizeof(ShmHeader::Hdr) == 4 && alignof(ShmHeader::Hdr) == 2);
static_assert(std::atomic<uint16_t>::is_always_lock_free && std::atomic<uint32_t>::is_always_lock_free
              && std::atomic<uint64_t>::is_always_lock_free);
static_assert(sizeof(bipc::managed_shared_memory::handle_t) == 8
              && std::is_signed_v<bipc::managed_shared_memory::handle_t>);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
static_assert(offsetof(SessionInfo, fCreatorId) == 32);
static_assert(offsetof(RegionInfo, fCreationFlags) == 32 && offsetof(RegionInfo, fUserFlags) == 40
              && offsetof(RegionInfo, fSize) == 48 && offsetof(RegionInfo, fRCSegmentSize) == 56
              && offsetof(RegionInfo, fDestroyed) == 64);
#pragma GCC diagnostic pop
static_assert(offsetof(MetaHeader, fSize) == 0 && offsetof(MetaHeader, fHint) == 8
              && offsetof(MetaHeader, fHandle) == 16 && offsetof(MetaHeader, fShared) == 24
              && offsetof(MetaHeader, fRegionId) == 32 && offsetof(MetaHeader, fSegmentId) == 34
              && offsetof(MetaHeader, fManaged) == 36);
static_assert(offsetof(RegionBlock, fHandle) == 0 && offsetof(RegionBlock, fSize) == 8
              && offsetof(RegionBlock, fHint) == 16);
static_assert(offsetof(ShmHeader::Hdr, userOffset) == 0 && offsetof(ShmHeader::Hdr, refCount) == 2);

} // namespace fair::mq::shmem

#endif // INTEROP_V110_TYPES_H
