// The reference-count segment fmq_<shmId>_rrc_<regionId> of an unmanaged region (PROTOCOL-V110.md
// 1.2, 4.4): a managed_shared_memory whose only unique instance is Boost's node pool of
// node_allocator<RefCount, SM, 4096>; a copied region message's fShared is the handle of its
// RefCount there. Allocation and release go through that very allocator type, as the C++ peers'.
//
// Not thread-safe as an object (its Java owner serialises open and close); Allocate, AddReference
// and Release are safe from any thread and process (the pool's mutex; atomic counts).
#ifndef FAIRMQ_SHMEM_V110_JNI_REFCOUNTSEGMENT_H
#define FAIRMQ_SHMEM_V110_JNI_REFCOUNTSEGMENT_H

#include <fairmq/shmem/jni/LockTimeout.h> // first: it configures Boost.Interprocess

#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/OpenMode.h>
#include <fairmq/shmem/v110/Common.h>

#include <boost/interprocess/allocators/node_allocator.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace fair::mq::shmem::v110::jni
{

namespace bipc = boost::interprocess;

class RefCountSegment
{
  public:
    using Allocator = bipc::node_allocator<RefCount, SegmentManager, 4096>;

    /// `mode`: OpenOnly or OpenOrCreate; finds or creates the node pool (4.4).
    RefCountSegment(int mode, const std::string& name, std::size_t size)
        : fName(name)
    {
        auto openMode = fair::mq::shmem::jni::ToOpenMode(mode, name);
        try {
            if (openMode == fair::mq::shmem::jni::OpenMode::OpenOnly) {
                fSegment = std::make_unique<bipc::managed_shared_memory>(bipc::open_only, name.c_str());
            } else {
                fSegment = std::make_unique<bipc::managed_shared_memory>(bipc::open_or_create, name.c_str(), size);
            }
            fAllocator = std::make_unique<Allocator>(fSegment->get_segment_manager());
        } catch (...) {
            fair::mq::shmem::jni::RethrowAs(std::string("managed_shared_memory ") + fair::mq::shmem::jni::ToString(openMode),
                                            name);
        }
        fBase = static_cast<char*>(fSegment->get_address());
        fSize = fSegment->get_size();
    }

    RefCountSegment(const RefCountSegment&) = delete;
    RefCountSegment& operator=(const RefCountSegment&) = delete;

    std::size_t Size() const { return fSize; }
    std::size_t FreeMemory() const { return fSegment->get_free_memory(); }

    /// A new RefCount of value `initial` (3.11: 2 at the first copy): its handle, -1 if the segment
    /// is full, -2 if a lock was not released in time.
    std::int64_t Allocate(int initial) noexcept
    {
        try {
            RefCount* count = bipc::ipcdetail::to_raw_pointer(fAllocator->allocate_one());
            ::new (count) RefCount(static_cast<uint16_t>(initial));
            return reinterpret_cast<char*>(count) - fBase;
        } catch (const bipc::bad_alloc&) {
            return -1;
        } catch (...) {
            return -2;
        }
    }

    /// Whether `handle` can be a RefCount of this segment: inside it and 2-aligned. A node pool has
    /// no headers to check a node against; the caller trusts its peers this far (README).
    bool IsPlausible(std::int64_t handle) const noexcept
    {
        return handle > 0 && handle % static_cast<std::int64_t>(alignof(RefCount)) == 0
               && static_cast<std::uint64_t>(handle) + sizeof(RefCount) <= fSize;
    }

    int Count(std::int64_t handle) const noexcept { return At(handle)->count.load(); }

    /// One more reference: the new count, or -1 at 65535 (nothing changed).
    int AddReference(std::int64_t handle) noexcept
    {
        auto& count = At(handle)->count;
        std::uint16_t now = count.load();
        do {
            if (now == 0xffff) {
                return -1;
            }
        } while (!count.compare_exchange_weak(now, static_cast<std::uint16_t>(now + 1)));
        return now + 1;
    }

    /// One reference less (3.9): 1 if it was the last (the node is given back to the pool), 0 if
    /// others remain, -2 if the pool's lock was not released in time (the node stays allocated).
    int Release(std::int64_t handle) noexcept
    {
        RefCount* count = At(handle);
        if (count->count.fetch_sub(1) != 1) {
            return 0;
        }
        try {
            count->~RefCount();
            fAllocator->deallocate_one(Allocator::pointer(count));
            return 1;
        } catch (...) {
            return -2;
        }
    }

  private:
    RefCount* At(std::int64_t handle) const noexcept { return reinterpret_cast<RefCount*>(fBase + handle); }

    std::string fName;
    std::unique_ptr<bipc::managed_shared_memory> fSegment;
    std::unique_ptr<Allocator> fAllocator;
    char* fBase = nullptr;
    std::size_t fSize = 0;
};

} // namespace fair::mq::shmem::v110::jni

#endif // FAIRMQ_SHMEM_V110_JNI_REFCOUNTSEGMENT_H
