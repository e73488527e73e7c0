// A managed data segment fmq_<shmId>_m_<id> of a v1.10 session as Java sees it (PROTOCOL-V110.md
// 1.2, 1.4, 3.6, 3.9): chunks with a ShmHeader in front of the user data and a 16-bit reference
// count, by handle (= file offset of the chunk start). Either allocation algorithm of 1.3.7.
//
// Handles from outside are validated before anything reads through them (Validate): with
// rbtree_best_fit against Boost's block headers (jni/ChunkValidator.h), with simple_seq_fit by
// bounds only; then the ShmHeader itself (hdrOffset 2, userOffset and size inside the block).
//
// Not thread-safe as an object (its Java owner serialises open and close); Allocate, Release,
// AddReference are safe from any thread and process (Boost's segment mutex; atomic refcounts).
#ifndef FAIRMQ_SHMEM_V110_JNI_DATASEGMENT_H
#define FAIRMQ_SHMEM_V110_JNI_DATASEGMENT_H

#include <fairmq/shmem/jni/LockTimeout.h> // first: it configures Boost.Interprocess

#include <fairmq/shmem/jni/AllocatedBlocks.h>
#include <fairmq/shmem/jni/ChunkValidator.h>
#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/OpenMode.h>
#include <fairmq/shmem/jni/RBTreeBlockWalk.h>
#include <fairmq/shmem/jni/SeqFitBlockWalk.h>
#include <fairmq/shmem/jni/VacatedRange.h>
#include <fairmq/shmem/v110/Common.h>

#include <sys/mman.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>

namespace fair::mq::shmem::v110::jni
{

namespace bipc = boost::interprocess;
using fair::mq::shmem::jni::BasicChunkValidator;
using fair::mq::shmem::jni::ChunkCheck;
using fair::mq::shmem::jni::Error;
using fair::mq::shmem::jni::ErrorKind;
using fair::mq::shmem::jni::OpenMode;
using fair::mq::shmem::jni::RethrowAs;
using fair::mq::shmem::jni::ToOpenMode;

/// Validate's answers beyond jni::ChunkCheck (keep in sync with ChunkCheck.java).
inline constexpr int kBadShmHeader = 6;   ///< hdrOffset, userOffset or the refcount is not a live ShmHeader's
inline constexpr int kOutsideSegment = 1; ///< = ChunkCheck::OutsideChunks

class DataSegment
{
  public:
    static constexpr int kRBTreeBestFit = static_cast<int>(AllocationAlgorithm::rbtree_best_fit);
    static constexpr int kSimpleSeqFit = static_cast<int>(AllocationAlgorithm::simple_seq_fit);
    /// Allocate's answers besides a handle.
    static constexpr std::int64_t kFull = -1;
    static constexpr std::int64_t kLockTimedOut = -2;
    /// alignof(std::max_align_t): the least alignment A of the user data (3.6).
    static constexpr std::size_t kMinAlignment = 16;

    /// `mode`: OpenOnly or OpenOrCreate; `algorithm`: kRBTreeBestFit or kSimpleSeqFit (the one the
    /// segment map records for an existing segment: the caller looks it up first, 1.4).
    DataSegment(int mode, const std::string& name, std::size_t size, int algorithm)
        : fName(name), fAlgorithm(algorithm)
    {
        OpenMode openMode = ToOpenMode(mode, name);
        try {
            if (algorithm == kRBTreeBestFit) {
                fRBTree = std::make_unique<RBTreeBestFitSegment>(Open<RBTreeBestFitSegment>(openMode, name, size));
                fValidator = std::make_unique<BasicChunkValidator<RBTreeBestFitSegment>>(*fRBTree);
                fBase = static_cast<char*>(fRBTree->get_address());
                fSize = fRBTree->get_size();
            } else if (algorithm == kSimpleSeqFit) {
                fSeqFit = std::make_unique<SimpleSeqFitSegment>(Open<SimpleSeqFitSegment>(openMode, name, size));
                fBase = static_cast<char*>(fSeqFit->get_address());
                fSize = fSeqFit->get_size();
            } else {
                throw Error(ErrorKind::Other, "open", name, "unknown allocation algorithm " + std::to_string(algorithm));
            }
        } catch (...) {
            RethrowAs(std::string("managed_shared_memory ") + fair::mq::shmem::jni::ToString(openMode), name);
        }
    }

    DataSegment(const DataSegment&) = delete;
    DataSegment& operator=(const DataSegment&) = delete;

    std::intptr_t Address() const { return reinterpret_cast<std::intptr_t>(fBase); }
    std::size_t Size() const { return fSize; }
    int Algorithm() const { return fAlgorithm; }

    std::size_t FreeMemory() const
    {
        return fRBTree ? fRBTree->get_free_memory() : fSeqFit->get_free_memory();
    }

    /// A new chunk for `size` user bytes aligned to `alignment` (0: default), its ShmHeader written
    /// with refcount 1 (3.6); its handle, or kFull, or kLockTimedOut.
    std::int64_t Allocate(std::size_t size, std::size_t alignment) noexcept
    {
        std::size_t a = alignment < kMinAlignment ? kMinAlignment : alignment;
        if (size > fSize) {
            return kFull;
        }
        std::size_t full = FullSize(size, a);
        char* chunk = nullptr;
        try {
            chunk = static_cast<char*>(fRBTree ? fRBTree->allocate(full, std::nothrow)
                                               : fSeqFit->allocate(full, std::nothrow));
        } catch (...) {
            return kLockTimedOut;  // the allocator's lock was not released in time (LockTimeout.h)
        }
        if (chunk == nullptr) {
            return kFull;
        }
        auto address = reinterpret_cast<std::uintptr_t>(chunk);
        std::uint16_t hdrOffset = static_cast<std::uint16_t>(2 - ((address + 2) % 2));
        std::memcpy(chunk, &hdrOffset, sizeof hdrOffset);
        auto userOffset = static_cast<std::uint16_t>(a - ((address + ShmHeader::kHdrPartSize) % a));
        ::new (chunk + 2 + hdrOffset) ShmHeader::Hdr{userOffset, {1}};
        return chunk - fBase;
    }

    /// 3.10 step 1: the bytes a message of `size` user bytes takes (8 + A + size).
    static std::size_t FullSize(std::size_t size, std::size_t alignment)
    {
        std::size_t a = alignment < kMinAlignment ? kMinAlignment : alignment;
        return ShmHeader::kHdrPartSize + a + size;
    }

    /// 0 if `handle` is the start of a live chunk whose user data holds `size` bytes, else why not
    /// (jni::ChunkCheck codes, or kBadShmHeader). Reads only memory inside the segment.
    int Validate(std::int64_t handle, std::uint64_t size) const noexcept
    {
        if (handle < 0 || static_cast<std::uint64_t>(handle) % 2 != 0
            || static_cast<std::uint64_t>(handle) + ShmHeader::kHdrPartSize > fSize) {
            return kOutsideSegment;
        }
        if (fValidator && !fValidator->IsInsideChunks(handle)) {
            return kOutsideSegment;
        }
        const char* chunk = fBase + handle;
        std::uint16_t hdrOffset;
        std::memcpy(&hdrOffset, chunk, sizeof hdrOffset);
        if (hdrOffset != 2) {
            return kBadShmHeader;  // 2 for every even chunk start (3.6)
        }
        const auto* hdr = reinterpret_cast<const ShmHeader::Hdr*>(chunk + 4);
        std::uint64_t userOffset = hdr->userOffset;
        if (userOffset == 0 || hdr->refCount.load(std::memory_order_relaxed) == 0) {
            return kBadShmHeader;
        }
        std::uint64_t needed = ShmHeader::kHdrPartSize + userOffset + size;
        if (size > fSize || needed > fSize - static_cast<std::uint64_t>(handle)) {
            return static_cast<int>(ChunkCheck::SizePastChunk);
        }
        if (fValidator) {
            return static_cast<int>(fValidator->Validate(handle, needed));
        }
        return 0;
    }

    /// Offset of the user data of a validated chunk (handle + 8 + userOffset).
    std::int64_t DataOffset(std::int64_t handle) const noexcept
    {
        return handle + static_cast<std::int64_t>(ShmHeader::kHdrPartSize) + HdrOf(handle)->userOffset;
    }

    int RefCount(std::int64_t handle) const noexcept { return HdrOf(handle)->refCount.load(); }

    /// 3.11: one more reference to a validated chunk; the new count, or -1 at 65535 (nothing changed).
    int AddReference(std::int64_t handle) noexcept
    {
        auto& count = HdrOf(handle)->refCount;
        std::uint16_t now = count.load();
        do {
            if (now == 0xffff) {
                return -1;
            }
        } while (!count.compare_exchange_weak(now, static_cast<std::uint16_t>(now + 1)));
        return now + 1;
    }

    /// 3.9: gives back one reference to a validated chunk: 1 if it was the last one and the chunk
    /// was deallocated, 0 if others remain, -2 if the allocator's lock was not released in time, -3
    /// if Boost refused the block (in both cases the reference is gone, the chunk stays allocated).
    int Release(std::int64_t handle) noexcept
    {
        if (HdrOf(handle)->refCount.fetch_sub(1) != 1) {
            return 0;
        }
        try {
            if (fRBTree) {
                fRBTree->deallocate(fBase + handle);
            } else {
                fSeqFit->deallocate(fBase + handle);
            }
            return 1;
        } catch (const bipc::interprocess_exception&) {
            return -2;  // the allocator's lock was not released in time (LockTimeout.h)
        } catch (...) {
            return -3;  // Boost refused (an assertion, AssertHandler.h)
        }
    }

    /// The chunks still allocated (a data segment holds no named or unique objects, 1.2), read
    /// without changing anything, under the allocator's mutex bounded by LockTimeoutMs(). Throws
    /// "[timed_out] ..." for a stuck lock, "[integrity] ..." for a corrupt block list.
    fair::mq::shmem::jni::AllocatedBlocks AllocatedBlocks() const
    {
        using namespace fair::mq::shmem::jni;
        try {
            if (fRBTree) {
                return WalkAllocatedBlocks<RBTreeBlockWalk>(*fRBTree, fName, {});
            }
            return WalkAllocatedBlocks<SeqFitBlockWalk>(*fSeqFit, fName, {});
        } catch (...) {
            RethrowAs("walk the blocks of", fName);
        }
    }

    /// AllocatedBlocks() as text for Java (jni::AllocatedBlocks::Encode): totals, then at most `maxListed` blocks.
    std::string AllocatedBlocksText(std::int64_t maxListed) const
    {
        return AllocatedBlocks().Encode(maxListed < 0 ? 0 : static_cast<std::uint64_t>(maxListed));
    }

    /// 2.1 steps 9/12f: zeroes the free memory (--shm-zero-segment).
    void ZeroFreeMemory()
    {
        try {
            if (fRBTree) {
                fRBTree->zero_free_memory();
            } else {
                fSeqFit->zero_free_memory();
            }
        } catch (...) {
            RethrowAs("zero free memory of", fName);
        }
    }

    /// 2.8 ResetContent [EXPERIMENTAL]: constructs a fresh segment manager in place over the
    /// existing one, so that every chunk is forgotten (free memory back to that of a new segment).
    /// Only valid while no process uses the segment (S34); nothing here can check that.
    void ResetContent()
    {
        try {
            if (fRBTree) {
                Rebuild(*fRBTree);
            } else {
                Rebuild(*fSeqFit);
            }
        } catch (...) {
            RethrowAs("reset content of", fName);
        }
    }

    /// Replaces this process's mapping by the placeholder of jni/VacatedRange.h (the segment itself
    /// is untouched); afterwards only the destructor may be called. 0 or errno.
    int Vacate() noexcept { return fair::mq::shmem::jni::VacateRange(Address(), fSize); }

    /// --shm-mlock-segment: 0 or errno.
    int LockPages() noexcept { return ::mlock(fBase, fSize) == 0 ? 0 : errno; }

  private:
    template <class Segment>
    static Segment Open(OpenMode mode, const std::string& name, std::size_t size)
    {
        switch (mode) {
            case OpenMode::CreateOnly: return Segment(bipc::create_only, name.c_str(), size);
            case OpenMode::OpenOnly: return Segment(bipc::open_only, name.c_str());
            case OpenMode::OpenOrCreate: break;
        }
        return Segment(bipc::open_or_create, name.c_str(), size);
    }

    template <class Segment>
    static void Rebuild(Segment& segment)
    {
        using Manager = typename Segment::segment_manager;
        Manager* manager = segment.get_segment_manager();
        std::size_t size = manager->get_size();
        manager->~Manager();
        ::new (manager) Manager(size);
    }

    ShmHeader::Hdr* HdrOf(std::int64_t handle) const noexcept
    {
        return reinterpret_cast<ShmHeader::Hdr*>(fBase + handle + 4);
    }

    std::string fName;
    int fAlgorithm;
    std::unique_ptr<RBTreeBestFitSegment> fRBTree;
    std::unique_ptr<SimpleSeqFitSegment> fSeqFit;
    std::unique_ptr<BasicChunkValidator<RBTreeBestFitSegment>> fValidator;
    char* fBase = nullptr;
    std::size_t fSize = 0;
};

} // namespace fair::mq::shmem::v110::jni

#endif // FAIRMQ_SHMEM_V110_JNI_DATASEGMENT_H
