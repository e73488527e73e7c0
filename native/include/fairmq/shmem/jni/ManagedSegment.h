// A boost::interprocess::managed_shared_memory as Java sees it: payload chunks by handle, the
// shared types of PROTOCOL.md 1.2, and every failure as a jni::Error.
//
// Not thread-safe as an object (the Java owner serialises open/close); allocate/deallocate/find are
// safe from any thread and process because Boost's segment manager locks internally.
//
// Handles from outside are validated before Boost sees them (ChunkValidator.h). Should Boost still
// report an inconsistency (an assertion, AssertHandler.h), this object retires the segment: every
// later allocate and deallocate is refused with the reason, so that a process never goes on
// changing an allocator that may be corrupt.
#ifndef FAIRMQ_SHMEM_JNI_MANAGEDSEGMENT_H
#define FAIRMQ_SHMEM_JNI_MANAGEDSEGMENT_H

#include <fairmq/shmem/jni/LockTimeout.h> // first: it configures Boost.Interprocess

#include <fairmq/shmem/Common.h>
#include <fairmq/shmem/jni/AllocatedBlocks.h>
#include <fairmq/shmem/jni/ChunkCache.h>
#include <fairmq/shmem/jni/ChunkValidator.h>
#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/FreeBatch.h>
#include <fairmq/shmem/jni/OpenMode.h>
#include <fairmq/shmem/jni/RBTreeBlockWalk.h>
#include <fairmq/shmem/jni/VacatedRange.h>
#include <fairmq/shmem/jni/SegmentSpace.h>

#include <boost/interprocess/allocators/allocator.hpp>
#include <boost/interprocess/containers/string.hpp>
#include <boost/interprocess/containers/vector.hpp>
#include <boost/interprocess/managed_shared_memory.hpp>
#include <boost/interprocess/shared_memory_object.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <new>
#include <string>

namespace fair::mq::shmem::jni
{

namespace bipc = boost::interprocess;

class ManagedSegment
{
  public:
    /// Payload alignment of rbtree_best_fit (PROTOCOL.md 1.2.4).
    static constexpr std::int64_t kAlignment = 16;
    /// Allocate's result when the segment cannot satisfy the request now (full or fragmented).
    static constexpr std::int64_t kFull = -1;
    /// Allocate's result when the allocator's lock was not released in time (LockTimeout.h).
    static constexpr std::int64_t kLockTimedOut = -2;
    /// Allocate's result when this process retired the segment (see RetiredReason).
    static constexpr std::int64_t kRetired = -3;

    ManagedSegment(int mode, const std::string& name, std::size_t size)
        : ManagedSegment(mode, name, size, false)
    {}

    /// `reserve`: allocate every page up front, or fail if /dev/shm cannot (SegmentSpace.h).
    ManagedSegment(int mode, const std::string& name, std::size_t size, bool reserve)
        : fName(name)
        , fSpace(ToOpenMode(mode, name), name, size, reserve)
        , fSegment(Open(ToOpenMode(mode, name), name, size))
        , fValidator(fSegment)
        , fCache(BatchBudget(fSegment.get_size()))
        , fFrees(BatchBudget(fSegment.get_size()))
    {
        fSpace.ReserveIfAsked(fSegment.get_size());
        fChunks.reserve(std::max(ChunkCache::kMaxChunks * ChunkCache::kSlots, FreeBatch::kMaxChunks));
    }

    /// Frees what this process still holds back (pending frees, cached chunks), unless the mapping
    /// was vacated (then it is gone) or the last flush found the allocator's lock stuck (no second
    /// wait): then the segment keeps them until it is removed.
    ~ManagedSegment()
    {
        if (!fVacated && !fFlushTimedOut.load(std::memory_order_relaxed)) {  // a stuck lock: no second wait
            FlushFrees();
            ReleaseCachedChunks();
        }
    }

    /// Why /dev/shm may not back this segment (SegmentSpace.h); empty when it can.
    const std::string& SpaceWarning() const { return fSpace.Warning(); }

    ManagedSegment(const ManagedSegment&) = delete;
    ManagedSegment& operator=(const ManagedSegment&) = delete;

    const std::string& Name() const { return fName; }
    std::intptr_t Address() const { return reinterpret_cast<std::intptr_t>(fSegment.get_address()); }

    /// Replaces this process's mapping of the segment by the placeholder of VacatedRange.h; the
    /// segment itself is untouched. Afterwards only the destructor may be called. 0 or errno.
    int Vacate() noexcept
    {
        fVacated = true;
        return VacateRange(Address(), fSegment.get_size());
    }
    std::size_t Size() const { return fSegment.get_size(); }
    std::size_t FreeMemory() const { return fSegment.get_free_memory(); }

    bool CheckSanity()
    {
        try {
            return fSegment.check_sanity();
        } catch (...) {
            RethrowAs("check_sanity", fName);
        }
    }

    /// Hot path: a chunk of `size` bytes, as a handle; kFull when the segment cannot satisfy the
    /// request now, kLockTimedOut when the allocator's lock was not released within LockTimeoutMs()
    /// (LockTimeout.h: a peer may have died holding it), kRetired when the segment was retired (now
    /// or before). Never throws: a lock timeout thrown through noexcept would terminate.
    std::int64_t Allocate(std::size_t size) noexcept
    {
        if (fRetired.load(std::memory_order_acquire)) {
            return kRetired;
        }
        return Guarded("allocate", [&]() -> std::int64_t {
            void* ptr = fSegment.allocate(size, std::nothrow);
            return ptr ? static_cast<std::int64_t>(fSegment.get_handle_from_address(ptr)) : kFull;
        });
    }

    /// The error of a failed Allocate answer: "[timed_out] ..." for kLockTimedOut, "[integrity] ..."
    /// for kRetired, "[out_of_memory] ..." (naming the segment and the size) for kFull.
    [[noreturn]] void ThrowAllocationFailure(std::int64_t answer, std::size_t size) const
    {
        const std::string operation = "allocate " + std::to_string(size) + " bytes in";
        if (answer == kLockTimedOut) {
            throw Error(ErrorKind::TimedOut, operation, fName, LockTimeoutCause());
        }
        if (answer == kRetired) {
            ThrowRetired(operation);
        }
        throw Error(ErrorKind::OutOfMemory, "allocate", fName,
                    "cannot allocate " + std::to_string(size) + " bytes, " + std::to_string(FreeMemory()) + " of "
                        + std::to_string(Size()) + " bytes free");
    }

    /// Allocates or throws "[out_of_memory] ..." naming the segment and the size.
    std::int64_t AllocateOrThrow(std::size_t size)
    {
        std::int64_t handle = Allocate(size);
        if (handle < 0) {
            ThrowAllocationFailure(handle, size);
        }
        return handle;
    }

    /// Frees a chunk by handle. The handle must be the payload of an allocated block
    /// (ChunkValidator); otherwise "[bad_handle] ..." and Boost never sees it.
    void Deallocate(std::int64_t handle)
    {
        if (fRetired.load(std::memory_order_acquire)) {
            ThrowRetired("deallocate handle " + std::to_string(handle) + " in");
        }
        ChunkCheck check = fValidator.Validate(handle, 0);
        if (check == ChunkCheck::LockTimedOut) {
            throw Error(ErrorKind::TimedOut, "deallocate handle " + std::to_string(handle) + " in", fName,
                        "the segment's allocator lock is held by another process for too long, which may be dead; "
                        "nothing freed (remedy: stop the topology's devices, then fairmq-shmmonitor --cleanup)");
        }
        if (check != ChunkCheck::Valid) {
            throw Error(ErrorKind::BadHandle, "deallocate", fName,
                        "handle " + std::to_string(handle) + " is " + ChunkValidator::Describe(check)
                            + "; nothing freed");
        }
        try {
            fSegment.deallocate(fSegment.get_address_from_handle(handle));
        } catch (const Error& e) {
            if (e.Kind() == ErrorKind::Integrity) {
                Retire("deallocate", e.what());
            }
            RethrowAs("deallocate handle " + std::to_string(handle) + " in", fName);
        } catch (...) {
            RethrowAs("deallocate handle " + std::to_string(handle) + " in", fName);
        }
    }

    /// Hot path of a receiver: whether a received (handle, size) names an allocated chunk of this
    /// segment that holds size bytes, as a ChunkCheck code. Reads only memory inside the segment.
    int ValidateChunk(std::int64_t handle, std::uint64_t size) const noexcept
    {
        return static_cast<int>(fValidator.Validate(handle, size));
    }

    // -- batched allocation and freeing (ChunkCache.h, FreeBatch.h) ---------------------------

    /// Bytes each of the cache and the free batch may hold back: a 64th of the segment, at most 8 MiB.
    static std::size_t BatchBudget(std::size_t segmentSize)
    {
        return std::min<std::size_t>(segmentSize / 64, std::size_t{8} << 20);
    }

    /// As Allocate, but from this process's stock of same-size chunks (ChunkCache.h), refilled
    /// with Boost's allocate_many: one acquisition of the allocator mutex per refill. Sizes that
    /// are not stocked (see ChunkCache.h), or a segment without room for a refill, take Allocate's
    /// path.
    std::int64_t AllocateCached(std::size_t size) noexcept
    {
        if (fRetired.load(std::memory_order_acquire)) {
            return kRetired;
        }
        return Guarded("allocate_many", [&]() -> std::int64_t {
            std::lock_guard<std::mutex> lock(fCache.Mutex());
            std::int64_t handle = fCache.Take(size);
            if (handle != ChunkCache::kNone) {
                return handle;
            }
            fChunks.clear();
            std::size_t n = fCache.PlanRefill(size, fChunks);
            if (!fChunks.empty()) {
                FreeChunks(fChunks);  // a stale size's stock makes room
            }
            if (n < 2) {
                return Allocate(size);
            }
            MultiallocationChain chain;
            fSegment.get_segment_manager()->allocate_many(std::nothrow, size, n, chain);
            if (chain.empty()) {
                fCache.RefillFailed();
                return Allocate(size);  // no room for n in one piece: perhaps for one
            }
            handle = HandleOf(chain.pop_front());
            fChunks.clear();
            while (!chain.empty()) {
                std::int64_t next = HandleOf(chain.pop_front());
                fChunks.push_back({next, static_cast<std::size_t>(fValidator.BlockBytes(next))});
            }
            fCache.Put(size, fChunks);
            return handle;
        });
    }

    /// Frees every chunk in this process's stock (deallocate_many); returns the bytes given back,
    /// or kLockTimedOut / kRetired (then the stock is kept, or abandoned to the segment).
    std::int64_t ReleaseCachedChunks() noexcept
    {
        // a lock timeout keeps the stock (it stays allocated until the segment is removed)
        return Guarded("deallocate_many", [&]() -> std::int64_t {
            std::lock_guard<std::mutex> lock(fCache.Mutex());
            std::size_t bytes = fCache.Bytes();
            fChunks.clear();
            fCache.TakeAll(fChunks);
            if (fChunks.empty() || fRetired.load(std::memory_order_acquire)) {
                return 0;
            }
            FreeChunks(fChunks);
            return static_cast<std::int64_t>(bytes);
        });
    }

    /// Bytes in this process's stock of cached chunks.
    std::int64_t CachedBytes() const noexcept { return static_cast<std::int64_t>(fCache.Bytes()); }

    /// As Deallocate, but deferred into this process's free batch (FreeBatch.h), which is freed with
    /// one deallocate_many when due. Every handle is validated at the flush, as Deallocate does.
    /// `size` is the message's, for the accounting of a handle that is no chunk. Returns 0, or a
    /// flush's answer when this call flushed (see FlushFrees).
    int DeallocateBatched(std::int64_t handle, std::size_t size) noexcept
    {
        try {
            std::lock_guard<std::mutex> lock(fFrees.Mutex());
            // the block's own size (exact accounting) for a plausible chunk; a forgery counts its claimed size
            std::size_t bytes = fValidator.IsInsideChunks(handle) ? fValidator.BlockBytes(handle) : size;
            return fFrees.Add(handle, bytes) ? FlushFreesLocked() : 0;
        } catch (...) {
            return kFlushFailed;  // std::mutex failed: nothing added
        }
    }

    /// A flush's answer when the allocator lock was not released in time (the batch stays pending).
    static constexpr int kFlushLockTimedOut = static_cast<int>(kLockTimedOut);
    /// A flush's answer when the segment is retired (the batch is abandoned to the segment).
    static constexpr int kFlushRetired = static_cast<int>(kRetired);
    /// A flush's answer when it could not run at all.
    static constexpr int kFlushFailed = -4;

    /// Frees the pending batch now: the number of handles refused (not a chunk any more, or named
    /// twice: LastRefusal() tells which), or kFlushLockTimedOut, kFlushRetired, kFlushFailed.
    int FlushFrees() noexcept
    {
        try {
            std::lock_guard<std::mutex> lock(fFrees.Mutex());
            return FlushFreesLocked();
        } catch (...) {
            return kFlushFailed;
        }
    }

    /// Bytes of closed messages not yet given back to the segment.
    std::int64_t PendingFreeBytes() const noexcept { return static_cast<std::int64_t>(fFrees.PendingBytes()); }

    /// Handles refused by flushes so far, and the description of the last one.
    std::int64_t RefusedFrees() const noexcept { return fRefusedFrees.load(std::memory_order_relaxed); }
    std::string LastRefusal() const
    {
        std::lock_guard<std::mutex> lock(fRetiredMutex);
        return fLastRefusal;
    }

    /// From now on ValidateChunk and Deallocate refuse the blocks of the segment's named and unique
    /// objects as they are now (ChunkValidator::ProtectObjects). Call before receiving.
    void ProtectObjects()
    {
        try {
            fValidator.ProtectObjects(fSegment);
        } catch (...) {
            RethrowAs("protect the named objects of", fName);
        }
    }

    /// The allocated blocks that are no named or unique object (the user chunks still live), read
    /// without changing anything: under the segment manager's index lock (so that the objects stay
    /// what they are), then the allocator's mutex, both bounded by LockTimeoutMs(). Throws
    /// "[timed_out] ..." for a stuck lock, "[integrity] ..." for a corrupt block list.
    jni::AllocatedBlocks AllocatedBlocks()
    {
        try {
            auto& manager = *fSegment.get_segment_manager();
            jni::AllocatedBlocks blocks;
            auto walk = [&] {
                std::vector<std::uint64_t> objects;
                auto offset = [&](const void* value) {
                    return static_cast<std::uint64_t>(static_cast<const char*>(value) - static_cast<const char*>(fSegment.get_address()));
                };
                for (auto it = manager.unique_begin(); it != manager.unique_end(); ++it) {
                    objects.push_back(offset(it->value()));
                }
                for (auto it = manager.named_begin(); it != manager.named_end(); ++it) {
                    objects.push_back(offset(it->value()));
                }
                blocks = WalkAllocatedBlocks<RBTreeBlockWalk>(fSegment, fName, objects);
            };
            manager.atomic_func(walk);
            return blocks;
        } catch (...) {
            RethrowAs("walk the blocks of", fName);
        }
    }

    /// AllocatedBlocks() as text for Java (AllocatedBlocks::Encode): totals, then at most `maxListed` blocks.
    std::string AllocatedBlocksText(std::int64_t maxListed)
    {
        return AllocatedBlocks().Encode(maxListed < 0 ? 0 : static_cast<std::uint64_t>(maxListed));
    }

    /// Offset of the first block header: handles below FirstBlock() + 16 are the segment manager's.
    /// (For tests; the validator uses it itself.)
    std::int64_t FirstBlock() const noexcept { return static_cast<std::int64_t>(fValidator.FirstBlock()); }

    /// Why this process stopped using the segment; empty while it is in use.
    std::string RetiredReason() const
    {
        std::lock_guard<std::mutex> lock(fRetiredMutex);
        return fRetiredReason;
    }

    /// Throws "[bad_handle] ..." unless [handle, handle + size) is a plausible chunk of this
    /// segment: inside the mapping, past Boost's header, 16-byte aligned.
    void CheckHandle(std::int64_t handle, std::uint64_t size, const char* operation) const
    {
        auto segmentSize = static_cast<std::uint64_t>(Size());
        if (handle <= 0 || static_cast<std::uint64_t>(handle) >= segmentSize || handle % kAlignment != 0
            || size > segmentSize - static_cast<std::uint64_t>(handle)) {
            throw Error(ErrorKind::BadHandle, operation, fName,
                        "handle " + std::to_string(handle) + " with size " + std::to_string(size)
                            + " is not a chunk of this segment of " + std::to_string(segmentSize) + " bytes");
        }
    }

    std::int64_t HandleFromAddress(std::intptr_t address) const
    {
        return fSegment.get_handle_from_address(reinterpret_cast<const void*>(address));
    }

    std::intptr_t AddressFromHandle(std::int64_t handle) const
    {
        return reinterpret_cast<std::intptr_t>(fSegment.get_address_from_handle(handle));
    }

    // -- unique instances of PROTOCOL.md 1.2: Find returns -1 when absent ---------------------

    std::int64_t FindDeviceCounter() { return FindCounter<DeviceCounter>("find DeviceCounter in"); }
    void ConstructDeviceCounter(unsigned int value) { Construct<DeviceCounter>("construct DeviceCounter in", value); }
    std::int64_t AddToDeviceCounter(int delta) { return AddToCounter<DeviceCounter>("update DeviceCounter in", delta); }
    bool DestroyDeviceCounter() { return Destroy<DeviceCounter>("destroy DeviceCounter in"); }
    std::int64_t DeviceCounterHandle() { return HandleOf<DeviceCounter>("find DeviceCounter in"); }

    std::int64_t FindRegionCounter() { return FindCounter<RegionCounter>("find RegionCounter in"); }
    void ConstructRegionCounter(unsigned int value) { Construct<RegionCounter>("construct RegionCounter in", value); }
    std::int64_t AddToRegionCounter(int delta) { return AddToCounter<RegionCounter>("update RegionCounter in", delta); }

    bool FindMonitorStatus()
    {
        try {
            return fSegment.find<MonitorStatus>(bipc::unique_instance).first != nullptr;
        } catch (...) {
            RethrowAs("find MonitorStatus in", fName);
        }
    }
    void ConstructMonitorStatus() { Construct<MonitorStatus>("construct MonitorStatus in"); }
    bool DestroyMonitorStatus() { return Destroy<MonitorStatus>("destroy MonitorStatus in"); }

    // -- named objects of the queue listing (PROTOCOL.md 1.1, 5.8) --------------------------------

    /// Whether the named StringVector `name` exists (the queue listing of PROTOCOL.md 5.8).
    bool HasStringVector(const std::string& name)
    {
        try {
            return fSegment.find<StringVector>(name.c_str()).first != nullptr;
        } catch (...) {
            RethrowAs("find string vector \"" + name + "\" in", fName);
        }
    }

    /// The strings of the named StringVector `name`, each followed by '\n'; empty when absent.
    std::string ListStrings(const std::string& name)
    {
        try {
            std::string out;
            if (auto vec = fSegment.find<StringVector>(name.c_str()).first) {
                for (const auto& s : *vec) {
                    out.append(s.data(), s.size()).push_back('\n');
                }
            }
            return out;
        } catch (...) {
            RethrowAs("find string vector \"" + name + "\" in", fName);
        }
    }

    /// Value of the named std::atomic<int> `name`, or INT64_MIN when absent.
    std::int64_t FindNamedInt(const std::string& name)
    {
        try {
            auto value = fSegment.find<std::atomic<int>>(name.c_str()).first;
            return value ? static_cast<std::int64_t>(value->load()) : INT64_MIN;
        } catch (...) {
            RethrowAs("find named int \"" + name + "\" in", fName);
        }
    }

    /// Creates the StringVector `name` with `lines` ('\n'-separated) and a named std::atomic<int>
    /// per line with `value` (what the monitor's queue listing reads; nothing in the 2017
    /// reference writes these, so tests build them with this).
    void ConstructQueueEntries(const std::string& name, const std::string& lines, int value)
    {
        try {
            CharAllocator charAlloc(fSegment.get_segment_manager());
            auto vec = fSegment.construct<StringVector>(name.c_str())(StringAllocator(fSegment.get_segment_manager()));
            std::size_t start = 0;
            while (start < lines.size()) {
                std::size_t end = lines.find('\n', start);
                if (end == std::string::npos) {
                    end = lines.size();
                }
                std::string entry = lines.substr(start, end - start);
                vec->emplace_back(entry.c_str(), charAlloc);
                fSegment.construct<std::atomic<int>>(entry.c_str())(value);
                start = end + 1;
            }
        } catch (...) {
            RethrowAs("construct queue entries \"" + name + "\" in", fName);
        }
    }

    /// shared_memory_object::remove: unlinks the name; mappings stay valid. False if absent.
    static bool Remove(const std::string& name) { return bipc::shared_memory_object::remove(name.c_str()); }

  private:
    using SegmentManager = bipc::managed_shared_memory::segment_manager;
    using CharAllocator = bipc::allocator<char, SegmentManager>;
    using String = bipc::basic_string<char, std::char_traits<char>, CharAllocator>;
    using StringAllocator = bipc::allocator<String, SegmentManager>;
    using StringVector = bipc::vector<String, StringAllocator>;

    static bipc::managed_shared_memory Open(OpenMode mode, const std::string& name, std::size_t size)
    {
        try {
            switch (mode) {
                case OpenMode::CreateOnly: return bipc::managed_shared_memory(bipc::create_only, name.c_str(), size);
                case OpenMode::OpenOnly: return bipc::managed_shared_memory(bipc::open_only, name.c_str());
                case OpenMode::OpenOrCreate: break;
            }
            return bipc::managed_shared_memory(bipc::open_or_create, name.c_str(), size);
        } catch (...) {
            RethrowAs(std::string("managed_shared_memory ") + ToString(mode), name);
        }
    }

    template<typename T>
    std::int64_t FindCounter(const char* operation)
    {
        try {
            T* counter = fSegment.find<T>(bipc::unique_instance).first;
            return counter ? static_cast<std::int64_t>(counter->fCount.load()) : -1;
        } catch (...) {
            RethrowAs(operation, fName);
        }
    }

    template<typename T, typename... Args>
    void Construct(const char* operation, Args... args)
    {
        try {
            fSegment.construct<T>(bipc::unique_instance)(args...);
        } catch (...) {
            RethrowAs(operation, fName);
        }
    }

    template<typename T>
    std::int64_t AddToCounter(const char* operation, int delta)
    {
        try {
            T* counter = fSegment.find<T>(bipc::unique_instance).first;
            if (!counter) {
                throw Error(ErrorKind::NotFound, operation, fName, "no such object");
            }
            return static_cast<std::int64_t>(counter->fCount.fetch_add(static_cast<unsigned int>(delta)) + delta);
        } catch (...) {
            RethrowAs(operation, fName);
        }
    }

    template<typename T>
    bool Destroy(const char* operation)
    {
        try {
            return fSegment.destroy<T>(bipc::unique_instance);
        } catch (...) {
            RethrowAs(operation, fName);
        }
    }

    template<typename T>
    std::int64_t HandleOf(const char* operation)
    {
        try {
            T* object = fSegment.find<T>(bipc::unique_instance).first;
            return object ? fSegment.get_handle_from_address(object) : -1;
        } catch (...) {
            RethrowAs(operation, fName);
        }
    }

    using MultiallocationChain = SegmentManager::multiallocation_chain;

    std::int64_t HandleOf(const bipc::offset_ptr<void>& pointer) const
    {
        return static_cast<std::int64_t>(fSegment.get_handle_from_address(pointer.get()));
    }

    /// Runs `body`, which changes the allocator: a lock timeout answers kLockTimedOut (nothing
    /// changed in the segment: no reason to retire it), any other exception retires the segment
    /// and answers kRetired.
    template<typename Body>
    std::int64_t Guarded(const char* operation, Body&& body) noexcept
    {
        try {
            return body();
        } catch (const bipc::interprocess_exception& e) {
            if (e.get_error_code() == bipc::timeout_when_locking_error) {
                return kLockTimedOut;
            }
            Retire(operation, e.what());
        } catch (const std::exception& e) {
            Retire(operation, e.what());
        } catch (...) {
            Retire(operation, "unknown C++ exception");
        }
        return kRetired;
    }

    /// Frees chunks of the stock with one deallocate_many (throws what Boost throws).
    void FreeChunks(const std::vector<ChunkCache::Chunk>& chunks)
    {
        MultiallocationChain chain;
        for (const ChunkCache::Chunk& chunk : chunks) {
            chain.push_back(fSegment.get_address_from_handle(chunk.handle));
        }
        fSegment.get_segment_manager()->deallocate_many(chain);
    }

    /// The flush of FlushFrees; caller holds fFrees.Mutex().
    int FlushFreesLocked() noexcept
    {
        if (fFrees.Empty()) {
            return 0;
        }
        if (fRetired.load(std::memory_order_acquire)) {
            fFrees.Clear();
            return kFlushRetired;
        }
        auto answer = static_cast<int>(Guarded("deallocate_many", [&]() -> std::int64_t {
            int refused = 0;
            std::size_t duplicates = fFrees.SortUnique();
            if (duplicates > 0) {
                refused += static_cast<int>(duplicates);
                RecordRefusal(duplicates, std::to_string(duplicates) + " chunk(s) closed twice in one batch (two messages held the same chunk: "
                              "a duplicated or forged frame); freed once");
            }
            MultiallocationChain chain;
            for (std::int64_t handle : fFrees.Handles()) {
                ChunkCheck check = fValidator.Validate(handle, 0);
                if (check == ChunkCheck::LockTimedOut) {
                    return kFlushLockTimedOut;  // nothing freed, the batch stays (the chain's links are in our chunks)
                }
                if (check != ChunkCheck::Valid) {
                    ++refused;
                    RecordRefusal(1, "handle " + std::to_string(handle) + " is " + ChunkValidator::Describe(check)
                                  + " (freed by someone else before this message); nothing freed");
                    continue;
                }
                chain.push_back(fSegment.get_address_from_handle(handle));
            }
            if (!chain.empty()) {
                fSegment.get_segment_manager()->deallocate_many(chain);
            }
            fFrees.Clear();
            return refused;
        }));
        if (answer == kFlushRetired) {
            fFrees.Clear();  // abandoned to the segment
        }
        fFlushTimedOut.store(answer == kFlushLockTimedOut, std::memory_order_relaxed);
        return answer;
    }

    void RecordRefusal(std::size_t count, std::string text) noexcept
    {
        fRefusedFrees.fetch_add(static_cast<std::int64_t>(count), std::memory_order_relaxed);
        try {
            std::lock_guard<std::mutex> lock(fRetiredMutex);
            fLastRefusal = std::move(text);
        } catch (...) {
            // the count above still tells
        }
    }

    void Retire(const char* operation, const char* what) noexcept
    {
        try {
            std::lock_guard<std::mutex> lock(fRetiredMutex);
            if (fRetiredReason.empty()) {
                fRetiredReason = std::string(operation) + ": " + what;
            }
        } catch (...) {
            // the flag below still retires the segment; only the reason is lost
        }
        fRetired.store(true, std::memory_order_release);
    }

    [[noreturn]] void ThrowRetired(const std::string& operation) const
    {
        throw Error(ErrorKind::Integrity, operation, fName,
                    "this process stopped using the segment after Boost reported an inconsistency (" + RetiredReason()
                        + "); remove it with fairmq-shmmonitor --cleanup once its devices are gone");
    }

    std::string fName;
    SegmentSpace fSpace;  // before fSegment: it checks before Boost touches the segment
    bipc::managed_shared_memory fSegment;
    ChunkValidator fValidator;
    ChunkCache fCache;
    FreeBatch fFrees;
    std::vector<ChunkCache::Chunk> fChunks;  // scratch of the cache (under its mutex), reserved: no allocation
    std::atomic<std::int64_t> fRefusedFrees{0};
    std::string fLastRefusal;  // under fRetiredMutex
    bool fVacated = false;
    std::atomic<bool> fFlushTimedOut{false};  // the last flush could not get the allocator lock
    std::atomic<bool> fRetired{false};
    mutable std::mutex fRetiredMutex;
    std::string fRetiredReason;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_MANAGEDSEGMENT_H
