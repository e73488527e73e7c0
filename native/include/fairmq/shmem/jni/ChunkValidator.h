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
// Validate checks the block, its successor and the successor's successor, and a free predecessor.
//
// A forgery that also forges a consistent neighbour inside payload bytes cannot be told from a
// chunk: shmem metadata endpoints belong on trusted hosts (README, "Hostile input").
//
// Immutable after construction; Validate may be called from any thread. The header words it reads
// may change under it only for blocks this process does not own (a forgery's target): a chunk that
// was handed to this process stays allocated, and its own header words with it.
#ifndef FAIRMQ_SHMEM_JNI_CHUNKVALIDATOR_H
#define FAIRMQ_SHMEM_JNI_CHUNKVALIDATOR_H

#include <fairmq/shmem/jni/Error.h>

#include <boost/interprocess/managed_shared_memory.hpp>

#include <cstdint>
#include <string>

namespace fair::mq::shmem::jni
{

/// What Validate found. Keep in sync with ChunkCheck.java.
enum class ChunkCheck : int
{
    Valid = 0,
    OutsideChunks = 1,      ///< before the first block's payload, past the end block, or misaligned
    NotAllocatedBlock = 2,  ///< the header in front is no allocated block its neighbours confirm
    SizePastChunk = 3,      ///< the claimed size does not fit in the block
};

class ChunkValidator
{
  public:
    using SegmentManager = boost::interprocess::managed_shared_memory::segment_manager;
    using MemoryAlgorithm = SegmentManager::memory_algorithm;

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
    /// back link) and throws "[integrity] ..." if they disagree: then this is not the layout above.
    ChunkValidator(const boost::interprocess::managed_shared_memory& segment, const std::string& name)
        : fBase(reinterpret_cast<const char*>(segment.get_address()))
    {
        const char* manager = reinterpret_cast<const char*>(segment.get_segment_manager());
        auto managerOffset = static_cast<std::uint64_t>(manager - fBase);
        fFirstBlock = RoundUp(managerOffset + sizeof(SegmentManager));
        fEndBlock = managerOffset + segment.get_segment_manager()->get_size() / kAlignment * kAlignment - kHeaderBytes;
        std::uint64_t backLink = SizeWord(fEndBlock) & kSizeMask;
        if (fEndBlock <= fFirstBlock || backLink * kAlignment != fEndBlock - fFirstBlock) {
            throw Error(ErrorKind::Integrity, "validate block layout of", name,
                        "end block at " + std::to_string(fEndBlock) + " links back " + std::to_string(backLink)
                            + " units, expected the first block at " + std::to_string(fFirstBlock)
                            + " (not the rbtree_best_fit layout of Boost 1.74?)");
        }
    }

    /// Offset of the first block header; the lowest valid handle is this + 16.
    std::uint64_t FirstBlock() const { return fFirstBlock; }
    /// Offset of the end block header; no payload starts at or past it.
    std::uint64_t EndBlock() const { return fEndBlock; }

    /// Whether `handle` is the payload of an allocated block that holds `size` bytes.
    ChunkCheck Validate(std::int64_t handle, std::uint64_t size) const noexcept
    {
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
        if (!IsConsistentSuccessor(next)) {
            return ChunkCheck::NotAllocatedBlock;  // the neighbour does not know an allocated block here
        }
        if ((word & kPrevAllocatedBit) == 0 && !IsFreeBlockBefore(block)) {
            return ChunkCheck::NotAllocatedBlock;
        }
        if (size > units * kAlignment - kHeaderBytes + kUsableOfNextBlock) {
            return ChunkCheck::SizePastChunk;
        }
        return ChunkCheck::Valid;
    }

    static const char* Describe(ChunkCheck check)
    {
        switch (check) {
            case ChunkCheck::Valid: return "a chunk";
            case ChunkCheck::OutsideChunks: return "outside the segment's chunks (before the first block, past the end block, or misaligned)";
            case ChunkCheck::NotAllocatedBlock: return "not an allocated block (its header or its neighbours disagree)";
            case ChunkCheck::SizePastChunk: return "larger than its block";
        }
        return "unknown";
    }

  private:
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
    std::uint64_t fFirstBlock = 0;
    std::uint64_t fEndBlock = 0;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_CHUNKVALIDATOR_H
