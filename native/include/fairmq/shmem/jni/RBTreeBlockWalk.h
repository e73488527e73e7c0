// A read-only walk over every block of a managed segment with rbtree_best_fit<mutex_family,
// offset_ptr<void>, 0> (the 2017 main segment; v1.10 data segments with rbtree_best_fit), from the
// first block to the end block by the sizes in the block headers. The layout facts are those of
// ChunkValidator.h (Boost 1.74, checked there against Boost's own allocations): a SizeHolder per
// block (m_prev_size; m_size in 16-byte units with m_prev_allocated and m_allocated as the top
// bits), the first block's m_prev_allocated set, the end block allocated and linked back to the
// first.
//
// Every step is validated before it is taken (size at least a block control, inside the segment;
// the m_prev_allocated bit agrees with the block before; a free block's size repeated in its
// successor's m_prev_size; never two free blocks in a row; the walk lands exactly on the end
// block): a segment that breaks one is reported as "[integrity] ...", and nothing outside the
// segment is ever read. Call under the allocator mutex (WalkAllocatedBlocks in AllocatedBlocks.h).
// Stateless.
#ifndef FAIRMQ_SHMEM_JNI_RBTREEBLOCKWALK_H
#define FAIRMQ_SHMEM_JNI_RBTREEBLOCKWALK_H

#include <fairmq/shmem/jni/AllocatedBlocks.h>
#include <fairmq/shmem/jni/ChunkValidator.h>
#include <fairmq/shmem/jni/Error.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fair::mq::shmem::jni
{

struct RBTreeBlockWalk
{
    /// The allocated blocks of `segment` other than those holding `objects`, in address order.
    template <class Segment>
    static AllocatedBlocks Walk(const Segment& segment, const std::string& name, const std::vector<std::uint64_t>& objects)
    {
        using Layout = BasicChunkValidator<Segment>;
        const char* base = static_cast<const char*>(segment.get_address());
        const auto* manager = segment.get_segment_manager();
        const auto managerOffset = static_cast<std::uint64_t>(reinterpret_cast<const char*>(manager) - base);
        const std::uint64_t first = RoundUp(managerOffset + sizeof(*manager), Layout::kAlignment);
        const std::uint64_t end = managerOffset + manager->get_size() / Layout::kAlignment * Layout::kAlignment
                                  - Layout::kHeaderBytes;
        auto word = [&](std::uint64_t block) {
            return __atomic_load_n(reinterpret_cast<const std::uint64_t*>(base + block + 8), __ATOMIC_RELAXED);
        };
        auto prevSize = [&](std::uint64_t block) {
            return __atomic_load_n(reinterpret_cast<const std::uint64_t*>(base + block), __ATOMIC_RELAXED);
        };
        auto corrupt = [&](std::uint64_t block, const std::string& what) {
            return Error(ErrorKind::Integrity, "walk the blocks of", name,
                         "block at offset " + std::to_string(block) + " " + what + "; nothing more read");
        };
        if (end <= first || end + Layout::kHeaderBytes > segment.get_size()
            || (word(end) & Layout::kSizeMask) * Layout::kAlignment != end - first) {
            throw corrupt(end, "is no end block linked back to the first block at " + std::to_string(first));
        }
        AllocatedBlocks blocks;
        bool previousAllocated = true;  // the first block's m_prev_allocated is set
        std::uint64_t block = first;
        while (block != end) {
            const std::uint64_t header = word(block);
            const std::uint64_t units = header & Layout::kSizeMask;
            const bool allocated = (header & Layout::kAllocatedBit) != 0;
            if (((header & Layout::kPrevAllocatedBit) != 0) != previousAllocated) {
                throw corrupt(block, "disagrees with its predecessor about whether that one is allocated");
            }
            if (units < Layout::kMinBlockUnits || units > (end - block) / Layout::kAlignment) {
                throw corrupt(block, "has a size of " + std::to_string(units) + " units, outside 3.."
                                         + std::to_string((end - block) / Layout::kAlignment));
            }
            const std::uint64_t next = block + units * Layout::kAlignment;
            if (!allocated && (!previousAllocated || prevSize(next) != units)) {
                throw corrupt(block, "is a free block that follows a free block or whose size its successor does not repeat");
            }
            if (allocated) {
                const std::uint64_t payload = block + Layout::kHeaderBytes;
                const std::uint64_t size = manager->size(base + payload);  // Boost's own reading of the header
                if (!HoldsObject(payload, size, objects)) {
                    blocks.Add({payload, size, units * Layout::kAlignment});
                }
            }
            previousAllocated = allocated;
            block = next;
        }
        if ((word(end) & Layout::kAllocatedBit) == 0 || ((word(end) & Layout::kPrevAllocatedBit) != 0) != previousAllocated) {
            throw corrupt(end, "(the end block) is not marked allocated or disagrees with the last block");
        }
        return blocks;
    }

  private:
    static std::uint64_t RoundUp(std::uint64_t offset, std::uint64_t alignment)
    {
        return (offset + alignment - 1) / alignment * alignment;
    }
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_RBTREEBLOCKWALK_H
