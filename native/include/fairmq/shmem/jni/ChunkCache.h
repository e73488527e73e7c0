// A sender's stock of same-size payload chunks of one managed segment, so that most allocations of
// a stream of equal messages take no lock inside shared memory. ManagedSegment::AllocateCached
// refills a slot with Boost's allocate_many (n chunks under one acquisition of the segment's
// allocator mutex) and hands them out one by one; each is an ordinary Boost block, freed by
// whichever process receives it (C++ or Java) with a plain deallocate. This class only keeps the
// handles and decides; the Boost calls are ManagedSegment's.
//
// What gets stocked: a size that missed the stock twice within the last kRecent misses (a stream
// of equal or alternating sizes; random sizes rarely repeat and are allocated one by one, as
// without a stock). Bounds: at most kSlots sizes, at most kMaxChunks chunks per refill, at most
// `budgetBytes` bytes in stock in all (sizes above half the budget are never stocked); a slot not
// used for kStaleAfter allocations is given back when another size needs room. The stock counts
// as allocated in the segment (get_free_memory does not see it): Bytes() reports it exactly, and
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
    static constexpr std::size_t kRecent = 8;
    static constexpr std::uint64_t kStaleAfter = 1024;
    /// After a refill failed (no room for n chunks in one piece), the next kBackoff allocations go
    /// one by one: a full segment must not cost a failed search for a large block every time.
    static constexpr unsigned kBackoff = 64;
    /// Take's answer when no chunk of that size is in stock.
    static constexpr std::int64_t kNone = -1;

    /// A chunk in stock: its handle and the bytes of its Boost block (header and rounding
    /// included: what the segment's free memory grows by when it is freed).
    struct Chunk
    {
        std::int64_t handle;
        std::size_t blockBytes;
    };

    explicit ChunkCache(std::size_t budgetBytes)
        : fBudget(budgetBytes)
    {
        for (auto& slot : fSlots) {
            slot.chunks.reserve(kMaxChunks);
        }
    }

    ChunkCache(const ChunkCache&) = delete;
    ChunkCache& operator=(const ChunkCache&) = delete;

    std::mutex& Mutex() { return fMutex; }

    /// A chunk of exactly `size` bytes from stock, or kNone. Counts an allocation. Caller holds Mutex().
    std::int64_t Take(std::size_t size) noexcept
    {
        ++fAllocations;
        for (auto& slot : fSlots) {
            if (slot.size == size && !slot.chunks.empty()) {
                Chunk chunk = slot.chunks.back();
                slot.chunks.pop_back();
                slot.lastUse = fAllocations;
                AddBytes(-static_cast<std::int64_t>(chunk.blockBytes));
                return chunk.handle;
            }
        }
        return kNone;
    }

    /// After a miss of Take(size): how many chunks a refill should take now (0: allocate this one
    /// alone). Remembers the miss. When it answers n > 0, the caller refills and calls Put, after
    /// giving back the chunks that `evicted` received (a stale slot's; usually none). Caller holds Mutex().
    std::size_t PlanRefill(std::size_t size, std::vector<Chunk>& evicted)
    {
        if (size == 0 || size > fBudget / 2) {
            return 0;
        }
        if (fBackoff > 0) {
            --fBackoff;
            return 0;
        }
        if (!MissedRecently(size)) {
            return 0;
        }
        Slot* slot = EmptySlot();
        if (slot == nullptr) {
            slot = StaleSlot();
            if (slot == nullptr) {
                return 0;
            }
            for (const Chunk& chunk : slot->chunks) {
                evicted.push_back(chunk);
                AddBytes(-static_cast<std::int64_t>(chunk.blockBytes));
            }
            slot->chunks.clear();
        }
        std::size_t room = fBudget > Bytes() ? fBudget - Bytes() : 0;
        std::size_t n = room / size;
        return n < 2 ? 0 : (n < kMaxChunks ? n : kMaxChunks);
    }

    /// A refill failed. Caller holds Mutex().
    void RefillFailed() noexcept { fBackoff = kBackoff; }

    /// Stocks the rest of a refill of `size` (PlanRefill said there is room). Caller holds Mutex().
    void Put(std::size_t size, const std::vector<Chunk>& chunks) noexcept
    {
        Slot* slot = EmptySlot();
        if (slot == nullptr) {
            return;  // cannot happen after PlanRefill; the chunks would then be the caller's to free
        }
        slot->size = size;
        slot->lastUse = fAllocations;
        std::int64_t bytes = 0;
        for (const Chunk& chunk : chunks) {
            slot->chunks.push_back(chunk);  // capacity reserved: never allocates
            bytes += static_cast<std::int64_t>(chunk.blockBytes);
        }
        AddBytes(bytes);
    }

    /// Moves every chunk in stock to `out` and empties the stock. Caller holds Mutex().
    void TakeAll(std::vector<Chunk>& out)
    {
        for (auto& slot : fSlots) {
            out.insert(out.end(), slot.chunks.begin(), slot.chunks.end());
            slot.chunks.clear();
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
        std::uint64_t lastUse = 0;
        std::vector<Chunk> chunks;
    };

    /// Whether `size` missed before among the last kRecent misses; records this miss.
    bool MissedRecently(std::size_t size) noexcept
    {
        bool seen = false;
        for (std::size_t recent : fRecentMisses) {
            seen = seen || recent == size;
        }
        fRecentMisses[fNextMiss] = size;
        fNextMiss = (fNextMiss + 1) % kRecent;
        return seen;
    }

    Slot* EmptySlot() noexcept
    {
        for (auto& slot : fSlots) {
            if (slot.chunks.empty()) {
                return &slot;
            }
        }
        return nullptr;
    }

    Slot* StaleSlot() noexcept
    {
        Slot* oldest = nullptr;
        for (auto& slot : fSlots) {
            if (fAllocations - slot.lastUse > kStaleAfter && (oldest == nullptr || slot.lastUse < oldest->lastUse)) {
                oldest = &slot;
            }
        }
        return oldest;
    }

    void AddBytes(std::int64_t delta) noexcept
    {
        fBytes.store(static_cast<std::size_t>(static_cast<std::int64_t>(fBytes.load(std::memory_order_relaxed)) + delta),
                     std::memory_order_relaxed);
    }

    std::mutex fMutex;
    std::size_t fBudget;
    std::array<Slot, kSlots> fSlots;
    std::array<std::size_t, kRecent> fRecentMisses{};
    std::size_t fNextMiss = 0;
    std::uint64_t fAllocations = 0;
    unsigned fBackoff = 0;
    std::atomic<std::size_t> fBytes{0};  // written under fMutex, read by anyone
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_CHUNKCACHE_H
