// A sender's stock of same-size payload chunks of one managed segment, so that most allocations of
// a stream of equal messages take no lock inside shared memory. ManagedSegment::AllocateCached
// refills a slot with Boost's allocate_many (n chunks under one acquisition of the segment's
// allocator mutex) and hands them out one by one; each is an ordinary Boost block, freed by
// whichever process receives it (C++ or Java) with a plain deallocate. This class only keeps the
// handles; the Boost calls are ManagedSegment's.
//
// Bounds: at most kSlots different sizes, at most kMaxChunks chunks per refill, and at most
// `budgetBytes` bytes in stock (sizes above half the budget are never cached). The stock counts as
// allocated in the segment (get_free_memory does not see it): CachedBytes() reports it, and
// ManagedSegment frees it on ReleaseCachedChunks(), when the segment is full, and on close. After
// a crash the stock stays allocated until the segment is removed, like messages in flight.
//
// Thread-safe (one std::mutex; never held while waiting for anything but the allocator mutex).
#ifndef FAIRMQ_SHMEM_JNI_CHUNKCACHE_H
#define FAIRMQ_SHMEM_JNI_CHUNKCACHE_H

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace fair::mq::shmem::jni
{

class ChunkCache
{
  public:
    static constexpr std::size_t kSlots = 4;
    static constexpr std::size_t kMaxChunks = 32;
    /// Take's answer when no chunk of that size is in stock.
    static constexpr std::int64_t kNone = -1;

    explicit ChunkCache(std::size_t budgetBytes)
        : fBudget(budgetBytes)
    {
        for (auto& slot : fSlots) {
            slot.handles.reserve(kMaxChunks);
        }
    }

    ChunkCache(const ChunkCache&) = delete;
    ChunkCache& operator=(const ChunkCache&) = delete;

    std::mutex& Mutex() { return fMutex; }

    /// How many chunks of `size` bytes a refill should take: 0 when such chunks are not cached.
    std::size_t RefillCount(std::size_t size) const noexcept
    {
        if (size == 0 || size > fBudget / 2) {
            return 0;
        }
        std::size_t n = fBudget / size;
        return n < kMaxChunks ? n : kMaxChunks;
    }

    /// After a refill failed (the segment has no room for n chunks in one piece), the next
    /// kBackoff allocations go one by one: a full segment must not cost a failed search for a
    /// large block on every attempt.
    static constexpr unsigned kBackoff = 64;

    /// Whether refills are off for now (counts down). Caller holds Mutex().
    bool BackingOff() noexcept
    {
        if (fBackoff == 0) {
            return false;
        }
        --fBackoff;
        return true;
    }

    /// A refill failed. Caller holds Mutex().
    void RefillFailed() noexcept { fBackoff = kBackoff; }

    /// A chunk of exactly `size` bytes from stock, or kNone. Caller holds Mutex().
    std::int64_t Take(std::size_t size) noexcept
    {
        for (auto& slot : fSlots) {
            if (slot.size == size && !slot.handles.empty()) {
                Chunk chunk = slot.handles.back();
                slot.handles.pop_back();
                fBytes.store(fBytes.load(std::memory_order_relaxed) - chunk.blockBytes, std::memory_order_relaxed);
                return chunk.handle;
            }
        }
        return kNone;
    }

    /// Whether a refill has an empty slot to go to. Caller holds Mutex().
    bool HasRoom() const noexcept
    {
        for (const auto& slot : fSlots) {
            if (slot.handles.empty()) {
                return true;
            }
        }
        return false;
    }

    /// A chunk in stock: its handle and the bytes of its Boost block (header and rounding
    /// included: what the segment's free memory grows by when it is freed).
    struct Chunk
    {
        std::int64_t handle;
        std::size_t blockBytes;
    };

    /// Stocks the chunks of a refill of `size` (at most RefillCount(size) - 1). Caller holds
    /// Mutex() and checked HasRoom().
    void Put(std::size_t size, const std::vector<Chunk>& chunks) noexcept
    {
        for (auto& slot : fSlots) {
            if (slot.handles.empty()) {
                slot.size = size;
                std::size_t bytes = fBytes.load(std::memory_order_relaxed);
                for (const Chunk& chunk : chunks) {
                    slot.handles.push_back(chunk);  // capacity reserved: never allocates
                    bytes += chunk.blockBytes;
                }
                fBytes.store(bytes, std::memory_order_relaxed);
                return;
            }
        }
    }

    /// Moves every chunk in stock to `out` and empties the stock. Caller holds Mutex().
    void TakeAll(std::vector<Chunk>& out)
    {
        for (auto& slot : fSlots) {
            out.insert(out.end(), slot.handles.begin(), slot.handles.end());
            slot.handles.clear();
        }
        fBytes.store(0, std::memory_order_relaxed);
    }

    /// Bytes of the blocks in stock: the segment's free memory would be this much higher without
    /// them. Any thread, without Mutex(): a recent value.
    std::size_t Bytes() const noexcept { return fBytes.load(std::memory_order_relaxed); }

  private:
    struct Slot
    {
        std::size_t size = 0;
        std::vector<Chunk> handles;
    };

    std::mutex fMutex;
    std::size_t fBudget;
    std::array<Slot, kSlots> fSlots;
    std::atomic<std::size_t> fBytes{0};  // written under fMutex, read by anyone
    unsigned fBackoff = 0;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_CHUNKCACHE_H
