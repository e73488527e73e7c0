// Tells a real payload chunk of a managed_shared_memory segment from a forged handle, before Boost
// ever sees the handle. Boost's deallocate trusts the block header in front of the pointer it is
// given (priv_is_allocated_block follows m_size with no bound), so a handle into the middle of a
// live chunk, or into the segment manager itself, would read a fake header out of payload bytes and
// could put live memory into the shared free tree. This check reads only memory inside the segment.
//
// Layout facts of rbtree_best_fit<mutex_family, offset_ptr<void>, 0> (Boost 1.74, checked below and
// by native/tests/ChunkValidatorTest.cpp against Boost's own allocations):
//  * the memory algorithm object is the segment manager's first base, at get_segment_manager();
//    blocks start at the first 16-byte boundary past sizeof(segment_manager) from it and end at the
//    "end block", a 16-byte header at get_segment_manager() + get_size() rounded down to 16, minus 16;
//  * every block starts with a SizeHolder: 8 bytes m_prev_size, then 8 bytes holding m_size (bits
//    0..61, in 16-byte units, header included), m_prev_allocated (bit 62), m_allocated (bit 63);
//  * a payload starts 16 bytes after its block; it may use the next block's m_prev_size (8 bytes);
//  * the end block's m_size is the distance back to the first block (in units);
//  * an allocated block of n units is followed by a block whose m_prev_allocated bit is set; a free
//    block's size is repeated in the next block's m_prev_size; two free blocks are never adjacent.
//  * the allocator's interprocess_mutex is the first base of the rbtree_best_fit header, the first
//    member of the memory algorithm, itself the first base of the segment manager: it lives at
//    get_segment_manager() (checked by ChunkValidatorTest.AllocatorMutexIsTheSegmentManagersFirstWord).
//
// Validate first checks what cannot change while the chunk is ours: its own size and allocated bit,
// and the "previous allocated" bit of its successor. A handle that passes those is then checked
// deeper: the successor's own header and its successor, and a free predecessor's header. Those
// belong to blocks other processes may be allocating or freeing at this moment, so a deeper check
// that fails is repeated under the allocator's mutex, where the heap is consistent: a real chunk
// always passes there, and the mutex is taken only for forgeries (or the rare torn moment).
//
// A forgery that also forges a consistent neighbour inside payload bytes cannot be told from a
// chunk: shmem metadata endpoints belong on trusted hosts (README, "Hostile input").
//
// Immutable after construction; Validate may be called from any thread and process.
#ifndef FAIRMQ_SHMEM_JNI_CHUNKVALIDATOR_H
#define FAIRMQ_SHMEM_JNI_CHUNKVALIDATOR_H

#include <fairmq/shmem/jni/Deadline.h>
#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/LockTimeout.h>

#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <boost/interprocess/sync/scoped_lock.hpp>

#include <chrono>

#include <cstdint>
#include <string>
#include <vector>

namespace fair::mq::shmem::jni
{

/// What Validate found. Keep in sync with ChunkCheck.java.
enum class ChunkCheck : int
{
    Valid = 0,
    OutsideChunks = 1,      ///< before the first block's payload, past the end block, or misaligned
    NotAllocatedBlock = 2,  ///< the header in front is no allocated block its neighbours confirm
    SizePastChunk = 3,      ///< the claimed size does not fit in the block
    LockTimedOut = 4,       ///< undecided: the allocator's mutex was not free within the bound
    BoostObject = 5,        ///< an allocated block that holds one of Boost's named or unique objects
};

/// `Segment`: a basic_managed_shared_memory over rbtree_best_fit<mutex_family, offset_ptr<void>, 0>
/// with any index (the 2017 main segment: iset_index; v1.10 data segments: null_index).
template <class Segment>
class BasicChunkValidator
{
  public:
    using SegmentManager = typename Segment::segment_manager;
    using MemoryAlgorithm = typename SegmentManager::memory_algorithm;

    static constexpr std::uint64_t kAlignment = 16;
    static constexpr std::uint64_t kHeaderBytes = 16;       // SizeHolder, rounded to the alignment
    static constexpr std::uint64_t kUsableOfNextBlock = 8;  // the next block's m_prev_size
    static constexpr std::uint64_t kMinBlockUnits = 3;      // block_ctrl (SizeHolder + tree hook), rounded
    static constexpr std::uint64_t kSizeMask = (std::uint64_t{1} << 62) - 1;
    static constexpr std::uint64_t kPrevAllocatedBit = std::uint64_t{1} << 62;
    static constexpr std::uint64_t kAllocatedBit = std::uint64_t{1} << 63;

    static_assert(MemoryAlgorithm::Alignment == kAlignment, "rbtree_best_fit alignment of PROTOCOL.md 1.2.4");
    static_assert(MemoryAlgorithm::PayloadPerAllocation == kHeaderBytes - kUsableOfNextBlock,
                  "rbtree_best_fit SizeHolder of two 8-byte words, the second shared with the previous payload");

    /// Derives the block area of `segment` twice (from the type sizes and from the end block's
    /// back link). If they disagree this is not the layout above (or not a managed segment at all,
    /// which Boost can open, e.g. a message queue): then no handle is a chunk.
    /// `lockBound` bounds the wait for the allocator's mutex in a deeper check; 0: the process-wide
    /// bound of the other locks inside shared memory (LockTimeout.h, --shm-lock-timeout-ms).
    explicit BasicChunkValidator(const Segment& segment,
                            std::chrono::milliseconds lockBound = std::chrono::milliseconds(0))
        : fBase(reinterpret_cast<const char*>(segment.get_address()))
        , fAllocatorMutex(AllocatorMutexOf(segment))
        , fLockBound(lockBound)
    {
        const char* manager = reinterpret_cast<const char*>(segment.get_segment_manager());
        auto managerOffset = static_cast<std::uint64_t>(manager - fBase);
        fFirstBlock = RoundUp(managerOffset + sizeof(SegmentManager));
        fEndBlock = managerOffset + segment.get_segment_manager()->get_size() / kAlignment * kAlignment - kHeaderBytes;
        std::uint64_t backLink = fEndBlock > fFirstBlock && fEndBlock + kHeaderBytes <= segment.get_size()
                                     ? SizeWord(fEndBlock) & kSizeMask
                                     : 0;
        if (backLink * kAlignment != fEndBlock - fFirstBlock || backLink == 0) {
            fFirstBlock = 0;
            fEndBlock = 0;  // nothing lies between: every handle is outside the chunks
        }
    }

    /// The mutex Boost's allocate and deallocate take (see the layout facts above).
    static boost::interprocess::interprocess_mutex& AllocatorMutexOf(const Segment& segment)
    {
        return *reinterpret_cast<boost::interprocess::interprocess_mutex*>(
            const_cast<SegmentManager*>(segment.get_segment_manager()));
    }

    /// Refuses, from now on, every chunk that contains one of the segment's named or unique objects
    /// as they are now (in a 2017 main segment: the DeviceCounter). Call after they were created
    /// and before receiving; not thread-safe against Validate.
    void ProtectObjects(const Segment& segment)
    {
        std::vector<std::uint64_t> objects;
        auto& manager = *const_cast<SegmentManager*>(segment.get_segment_manager());
        auto collect = [&] {
            for (auto it = manager.unique_begin(); it != manager.unique_end(); ++it) {
                objects.push_back(static_cast<std::uint64_t>(static_cast<const char*>(it->value()) - fBase));
            }
            for (auto it = manager.named_begin(); it != manager.named_end(); ++it) {
                objects.push_back(static_cast<std::uint64_t>(static_cast<const char*>(it->value()) - fBase));
            }
        };
        manager.atomic_func(collect);  // under the segment manager's lock of its indexes
        fObjects = std::move(objects);
    }

    /// Offset of the first block header; the lowest valid handle is this + 16.
    std::uint64_t FirstBlock() const { return fFirstBlock; }
    /// Offset of the end block header; no payload starts at or past it.
    std::uint64_t EndBlock() const { return fEndBlock; }

    /// Whether `handle` is the payload of an allocated block that holds `size` bytes.
    ChunkCheck Validate(std::int64_t handle, std::uint64_t size) const noexcept
    {
        bool deep = false;
        ChunkCheck check = ValidateWithoutLock(handle, size, deep);
        if (!deep) {
            return check;
        }
        try {
            boost::interprocess::scoped_lock<boost::interprocess::interprocess_mutex> lock(
                fAllocatorMutex, DeadlineIn(fLockBound.count() > 0 ? fLockBound.count() : LockTimeoutMs()));
            if (!lock.owns()) {
                return ChunkCheck::LockTimedOut;
            }
            return ValidateWithoutLock(handle, size, deep);
        } catch (...) {
            return ChunkCheck::LockTimedOut;  // the mutex reported an error: nothing decided, nothing freed
        }
    }

    /// Whether `handle` lies where payloads can start (aligned, between the first and the end block):
    /// its header can be read. Says nothing about whether it is a chunk.
    bool IsInsideChunks(std::int64_t handle) const noexcept
    {
        auto payload = static_cast<std::uint64_t>(handle);
        return handle > 0 && payload % kAlignment == 0 && payload >= fFirstBlock + kHeaderBytes && payload < fEndBlock;
    }

    /// Bytes of the block whose payload starts at `handle`, header and rounding included: what
    /// Boost's free memory changes by when it is allocated or freed. Only for a chunk the caller
    /// owns (validated): its header cannot change meanwhile.
    std::uint64_t BlockBytes(std::int64_t handle) const noexcept
    {
        return (SizeWord(static_cast<std::uint64_t>(handle) - kHeaderBytes) & kSizeMask) * kAlignment;
    }

    static const char* Describe(ChunkCheck check)
    {
        switch (check) {
            case ChunkCheck::Valid: return "a chunk";
            case ChunkCheck::OutsideChunks: return "outside the segment's chunks (before the first block, past the end block, or misaligned)";
            case ChunkCheck::NotAllocatedBlock: return "not an allocated block (its header or its neighbours disagree)";
            case ChunkCheck::SizePastChunk: return "larger than its block";
            case ChunkCheck::LockTimedOut: return "undecided: the segment's allocator lock was held too long";
            case ChunkCheck::BoostObject: return "a block of one of Boost's named or unique objects";
        }
        return "unknown";
    }

  private:
    /// The checks without the lock; `deep` tells whether only the deeper ones failed.
    ChunkCheck ValidateWithoutLock(std::int64_t handle, std::uint64_t size, bool& deep) const noexcept
    {
        deep = false;
        if (handle < 0) {
            return ChunkCheck::OutsideChunks;
        }
        auto payload = static_cast<std::uint64_t>(handle);
        if (payload % kAlignment != 0 || payload < fFirstBlock + kHeaderBytes || payload >= fEndBlock) {
            return ChunkCheck::OutsideChunks;
        }
        std::uint64_t block = payload - kHeaderBytes;
        std::uint64_t word = SizeWord(block);
        std::uint64_t units = word & kSizeMask;
        if ((word & kAllocatedBit) == 0 || units < kMinBlockUnits || units > (fEndBlock - block) / kAlignment) {
            return ChunkCheck::NotAllocatedBlock;
        }
        std::uint64_t next = block + units * kAlignment;
        if ((SizeWord(next) & kPrevAllocatedBit) == 0) {
            return ChunkCheck::NotAllocatedBlock;  // the neighbour does not know an allocated block here
        }
        std::uint64_t capacity = units * kAlignment - kHeaderBytes + kUsableOfNextBlock;
        if (size > capacity) {
            return ChunkCheck::SizePastChunk;
        }
        for (std::uint64_t object : fObjects) {
            if (object >= payload && object < payload + capacity) {
                return ChunkCheck::BoostObject;  // e.g. the DeviceCounter: freeing it would break every device
            }
        }
        // deeper: headers of blocks that are not ours (see above)
        if (!IsConsistentSuccessor(next) || ((word & kPrevAllocatedBit) == 0 && !IsFreeBlockBefore(block))) {
            deep = true;
            return ChunkCheck::NotAllocatedBlock;
        }
        return ChunkCheck::Valid;
    }

    static std::uint64_t RoundUp(std::uint64_t offset) { return (offset + kAlignment - 1) / kAlignment * kAlignment; }

    /// One aligned header word. Other processes may write it at the same time (for blocks this
    /// process does not own): an atomic load reads either value, never a torn one.
    std::uint64_t Load(std::uint64_t offset) const noexcept
    {
        return __atomic_load_n(reinterpret_cast<const std::uint64_t*>(fBase + offset), __ATOMIC_RELAXED);
    }

    /// The second word of the SizeHolder at `block` (m_size and the two bits).
    std::uint64_t SizeWord(std::uint64_t block) const noexcept
    {
        return Load(block + 8);
    }

    /// The block after an allocated one: it knows its predecessor is allocated, and it is itself a
    /// well-formed block whose own successor agrees with it (two free blocks are never adjacent).
    bool IsConsistentSuccessor(std::uint64_t next) const noexcept
    {
        std::uint64_t word = SizeWord(next);
        if ((word & kPrevAllocatedBit) == 0) {
            return false;
        }
        if (next == fEndBlock) {
            return (word & kAllocatedBit) != 0;
        }
        std::uint64_t units = word & kSizeMask;
        if (units < kMinBlockUnits || units > (fEndBlock - next) / kAlignment) {
            return false;
        }
        std::uint64_t after = next + units * kAlignment;
        std::uint64_t afterWord = SizeWord(after);
        if ((word & kAllocatedBit) != 0) {
            return (afterWord & kPrevAllocatedBit) != 0;
        }
        // a free block: its successor is allocated, knows it is free, and repeats its size
        return (afterWord & kAllocatedBit) != 0 && (afterWord & kPrevAllocatedBit) == 0 && Load(after) == units;
    }

    /// A free previous block: its size is in our m_prev_size, and its own header repeats it.
    bool IsFreeBlockBefore(std::uint64_t block) const noexcept
    {
        std::uint64_t prevUnits = Load(block);
        if (prevUnits < kMinBlockUnits || prevUnits > (block - fFirstBlock) / kAlignment) {
            return false;
        }
        std::uint64_t prev = block - prevUnits * kAlignment;
        std::uint64_t word = SizeWord(prev);
        // and two free blocks are never adjacent: the one before it is allocated
        return (word & kAllocatedBit) == 0 && (word & kSizeMask) == prevUnits && (word & kPrevAllocatedBit) != 0;
    }

    const char* fBase;
    boost::interprocess::interprocess_mutex& fAllocatorMutex;
    std::chrono::milliseconds fLockBound;
    std::uint64_t fFirstBlock = 0;
    std::uint64_t fEndBlock = 0;
    std::vector<std::uint64_t> fObjects;  // offsets of the named and unique objects (ProtectObjects)
};

/// The 2017 main segment's validator (managed_shared_memory: rbtree_best_fit, iset_index).
using ChunkValidator = BasicChunkValidator<boost::interprocess::managed_shared_memory>;

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_CHUNKVALIDATOR_H
