// The user allocations still live in a managed segment, as (offset, size) pairs: what a leak
// report lists. Offsets are those of the payload relative to the segment's base, the same handle a
// MetaHeader carries (2017: get_handle_from_address; v1.10: the chunk start, 3.6); sizes are the
// bytes Boost lets the owner use (memory_algorithm::size), block bytes what get_free_memory
// accounts for (the payload plus Boost's header and rounding).
//
// A value type; not thread-safe. Filled by a block walk (RBTreeBlockWalk.h, SeqFitBlockWalk.h)
// under the segment's allocator mutex (WalkAllocatedBlocks below).
#ifndef FAIRMQ_SHMEM_JNI_ALLOCATEDBLOCKS_H
#define FAIRMQ_SHMEM_JNI_ALLOCATEDBLOCKS_H

#include <fairmq/shmem/jni/LockTimeout.h> // first: it configures Boost.Interprocess

#include <fairmq/shmem/jni/Deadline.h>
#include <fairmq/shmem/jni/Error.h>

#include <boost/interprocess/sync/interprocess_mutex.hpp>
#include <boost/interprocess/sync/scoped_lock.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace fair::mq::shmem::jni
{

struct AllocatedBlock
{
    std::uint64_t offset;      ///< of the payload, from the segment's base
    std::uint64_t size;        ///< usable bytes (Boost's size())
    std::uint64_t blockBytes;  ///< bytes of the block, header and rounding included
};

class AllocatedBlocks
{
  public:
    void Add(const AllocatedBlock& block)
    {
        fBlocks.push_back(block);
        fBytes += block.size;
        fBlockBytes += block.blockBytes;
    }

    const std::vector<AllocatedBlock>& Blocks() const { return fBlocks; }
    std::uint64_t Count() const { return fBlocks.size(); }
    /// Sum of the usable sizes.
    std::uint64_t Bytes() const { return fBytes; }
    /// Sum of the block sizes: what get_free_memory() grows by when they are freed.
    std::uint64_t BlockBytes() const { return fBlockBytes; }

    /// The text the Java side parses: "count bytes blockBytes" on the first line, then one
    /// "offset size" line for each of the first `maxListed` blocks (in address order).
    std::string Encode(std::uint64_t maxListed) const
    {
        std::string text = std::to_string(Count()) + " " + std::to_string(fBytes) + " " + std::to_string(fBlockBytes) + "\n";
        std::uint64_t listed = std::min<std::uint64_t>(maxListed, Count());
        for (std::uint64_t i = 0; i < listed; ++i) {
            text += std::to_string(fBlocks[i].offset) + " " + std::to_string(fBlocks[i].size) + "\n";
        }
        return text;
    }

  private:
    std::vector<AllocatedBlock> fBlocks;
    std::uint64_t fBytes = 0;
    std::uint64_t fBlockBytes = 0;
};

/// Whether the block of payload `offset` with `capacity` usable bytes holds one of `objects`
/// (offsets of named or unique instances: their blocks are the protocol's own, not user chunks).
inline bool HoldsObject(std::uint64_t offset, std::uint64_t capacity, const std::vector<std::uint64_t>& objects)
{
    return std::any_of(objects.begin(), objects.end(),
                       [&](std::uint64_t object) { return object >= offset && object < offset + capacity; });
}

/// Runs `Walk::Walk(segment, name, objects)` under the segment's allocator mutex (the first word of
/// the memory algorithm, at get_segment_manager(); see ChunkValidator.h), waiting at most
/// LockTimeoutMs(): a peer that died holding it gives "[timed_out] ...", never a hang. The walk
/// itself only reads.
template <class Walk, class Segment>
AllocatedBlocks WalkAllocatedBlocks(const Segment& segment, const std::string& name,
                                    const std::vector<std::uint64_t>& objects)
{
    auto& mutex = *reinterpret_cast<boost::interprocess::interprocess_mutex*>(
        const_cast<typename Segment::segment_manager*>(segment.get_segment_manager()));
    boost::interprocess::scoped_lock<boost::interprocess::interprocess_mutex> lock(mutex, DeadlineIn(LockTimeoutMs()));
    if (!lock.owns()) {
        throw Error(ErrorKind::TimedOut, "walk the blocks of", name, LockTimeoutCause());
    }
    return Walk::Walk(segment, name, objects);
}

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_ALLOCATEDBLOCKS_H
