// A read-only walk over every block of a managed segment with simple_seq_fit<mutex_family,
// offset_ptr<void>> (v1.10 data segments with --shm-allocation simple_seq_fit). Layout of Boost
// 1.74's simple_seq_fit_impl (mem_algo/detail/simple_seq_fit_impl.hpp), checked below where Boost
// exposes it:
//  * the memory algorithm is the segment manager's first base; its header is the allocator mutex
//    (one pthread mutex, 40 bytes) followed by m_root, the head of the free list (a block_ctrl:
//    offset_ptr m_next, then m_size), m_allocated, m_size and m_extra_hdr_bytes (80 bytes in all);
//  * blocks lie back to back from the first 16-byte boundary past the segment manager to
//    get_size() rounded down to 16; each starts with a block_ctrl whose m_size counts 16-byte
//    units, header included; the payload follows the 16-byte header;
//  * an allocated block's m_next is null; the free blocks form a list in address order from
//    m_root.m_next whose last m_next points back at m_root.
//
// The walk follows the blocks by their sizes and the free list beside them: every block must be
// either the next free block of the list or allocated (null m_next), every size inside the
// segment, and the sum of the block bytes must equal what get_free_memory() implies; otherwise
// "[integrity] ...". Call under the allocator mutex (WalkAllocatedBlocks in AllocatedBlocks.h).
// Stateless.
#ifndef FAIRMQ_SHMEM_JNI_SEQFITBLOCKWALK_H
#define FAIRMQ_SHMEM_JNI_SEQFITBLOCKWALK_H

#include <fairmq/shmem/jni/AllocatedBlocks.h>
#include <fairmq/shmem/jni/Error.h>

#include <boost/interprocess/offset_ptr.hpp>
#include <boost/interprocess/sync/interprocess_mutex.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace fair::mq::shmem::jni
{

struct SeqFitBlockWalk
{
    static constexpr std::uint64_t kAlignment = 16;
    static constexpr std::uint64_t kHeaderBytes = 16;  // block_ctrl: offset_ptr m_next, m_size
    static constexpr std::uint64_t kRootOffset = 40;   // m_root, after the mutex

    /// The allocated blocks of `segment` other than those holding `objects`, in address order.
    template <class Segment>
    static AllocatedBlocks Walk(const Segment& segment, const std::string& name, const std::vector<std::uint64_t>& objects)
    {
        using Manager = typename Segment::segment_manager;
        using Algorithm = typename Manager::memory_algorithm;
        static_assert(Algorithm::Alignment == kAlignment && Algorithm::PayloadPerAllocation == kHeaderBytes,
                      "simple_seq_fit of Boost 1.74: 16-byte units and a 16-byte block header");
        static_assert(sizeof(boost::interprocess::interprocess_mutex) == kRootOffset && sizeof(Algorithm) == 80,
                      "simple_seq_fit header of Boost 1.74: the mutex, then m_root");
        using Link = boost::interprocess::offset_ptr<void>;

        const char* base = static_cast<const char*>(segment.get_address());
        const Manager* manager = segment.get_segment_manager();
        const auto managerOffset = static_cast<std::uint64_t>(reinterpret_cast<const char*>(manager) - base);
        const std::uint64_t headerBytes = RoundUp(sizeof(Manager));
        const std::uint64_t first = managerOffset + headerBytes;
        const std::uint64_t end = managerOffset + manager->get_size() / kAlignment * kAlignment;
        const std::uint64_t root = managerOffset + kRootOffset;
        auto corrupt = [&](std::uint64_t block, const std::string& what) {
            return Error(ErrorKind::Integrity, "walk the blocks of", name,
                         "block at offset " + std::to_string(block) + " " + what + "; nothing more read");
        };
        // the offset an in-place offset_ptr at `at` points to, or 0 for null, or 1 for outside the segment
        auto target = [&](std::uint64_t at) -> std::uint64_t {
            const void* to = reinterpret_cast<const Link*>(base + at)->get();
            if (to == nullptr) {
                return 0;
            }
            const char* p = static_cast<const char*>(to);
            return p >= base && p < base + end ? static_cast<std::uint64_t>(p - base) : 1;
        };
        auto units = [&](std::uint64_t block) {
            return __atomic_load_n(reinterpret_cast<const std::uint64_t*>(base + block + 8), __ATOMIC_RELAXED);
        };
        if (end <= first || end > segment.get_size()) {
            throw corrupt(first, "does not start a block area inside the segment");
        }
        AllocatedBlocks blocks;
        std::uint64_t allBlockBytes = 0;
        std::uint64_t nextFree = target(root);
        std::uint64_t block = first;
        while (block != end) {
            const std::uint64_t n = units(block);
            if (n < 1 || n > (end - block) / kAlignment) {
                throw corrupt(block, "has a size of " + std::to_string(n) + " units, outside 1.."
                                         + std::to_string((end - block) / kAlignment));
            }
            const std::uint64_t next = target(block);
            if (block == nextFree) {
                if (next != root && (next <= block || next == 1)) {
                    throw corrupt(block, "is a free block whose successor in the free list is not after it");
                }
                nextFree = next;
            } else if (next != 0) {
                throw corrupt(block, "is neither allocated nor the next block of the free list");
            } else {
                allBlockBytes += n * kAlignment;
                const std::uint64_t payload = block + kHeaderBytes;
                const std::uint64_t size = manager->size(base + payload);  // Boost's own reading of the header
                if (!HoldsObject(payload, size, objects)) {
                    blocks.Add({payload, size, n * kAlignment});
                }
            }
            block += n * kAlignment;
        }
        if (nextFree != root) {
            throw corrupt(nextFree, "is in the free list but no block starts there");
        }
        // get_free_memory() = m_size - m_allocated - the header: the walk must account for every allocated byte
        if (allBlockBytes != manager->get_size() - manager->get_free_memory() - headerBytes) {
            throw corrupt(first, "starts blocks whose allocated bytes (" + std::to_string(allBlockBytes)
                                     + ") differ from what the free memory implies");
        }
        return blocks;
    }

  private:
    static std::uint64_t RoundUp(std::uint64_t offset) { return (offset + kAlignment - 1) / kAlignment * kAlignment; }
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_SEQFITBLOCKWALK_H
