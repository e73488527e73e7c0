// A receiver's pending frees of one managed segment: the chunks of closed messages, freed together
// with Boost's deallocate_many (one acquisition of the segment's allocator mutex for the batch
// instead of one per chunk, which the sender contends for). ManagedSegment::DeallocateBatched adds
// to it and flushes when the batch is due; this class only keeps the handles.
//
// Due: kMaxChunks chunks, or `budgetBytes` bytes pending. ManagedSegment also flushes it when its
// owner is about to wait (a receive that would block, a full segment), on FlushFrees() and on
// close, so pending memory is bounded and returns as soon as the receiver is idle. PendingBytes()
// reports it. After a crash the pending chunks stay allocated until the segment is removed, like
// messages in flight.
//
// Thread-safe (one std::mutex, held by a flush while it frees).
#ifndef FAIRMQ_SHMEM_JNI_FREEBATCH_H
#define FAIRMQ_SHMEM_JNI_FREEBATCH_H

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace fair::mq::shmem::jni
{

class FreeBatch
{
  public:
    static constexpr std::size_t kMaxChunks = 32;

    explicit FreeBatch(std::size_t budgetBytes)
        : fBudget(budgetBytes)
    {
        fHandles.reserve(kMaxChunks);
    }

    FreeBatch(const FreeBatch&) = delete;
    FreeBatch& operator=(const FreeBatch&) = delete;

    std::mutex& Mutex() { return fMutex; }

    /// Adds a chunk whose Boost block has `blockBytes` bytes; true when the batch is due now.
    /// Caller holds Mutex().
    bool Add(std::int64_t handle, std::size_t blockBytes) noexcept
    {
        fHandles.push_back(handle);  // capacity reserved and never exceeded: Add is followed by a flush when due
        std::size_t bytes = fBytes.load(std::memory_order_relaxed) + blockBytes;
        fBytes.store(bytes, std::memory_order_relaxed);
        return fHandles.size() >= kMaxChunks || bytes >= fBudget;
    }

    bool Empty() const noexcept { return fHandles.empty(); }

    /// The pending handles in ascending order, each once: a handle named twice was adopted by two
    /// messages (a duplicated or forged frame), and must be freed once. Returns how many
    /// duplicates were dropped. Caller holds Mutex().
    std::size_t SortUnique() noexcept
    {
        std::sort(fHandles.begin(), fHandles.end());
        auto end = std::unique(fHandles.begin(), fHandles.end());
        auto duplicates = static_cast<std::size_t>(fHandles.end() - end);
        fHandles.erase(end, fHandles.end());
        return duplicates;
    }

    const std::vector<std::int64_t>& Handles() const noexcept { return fHandles; }

    /// After a flush. Caller holds Mutex().
    void Clear() noexcept
    {
        fHandles.clear();
        fBytes.store(0, std::memory_order_relaxed);
    }

    /// Bytes of the Boost blocks pending: the segment's free memory grows by this much at the
    /// flush. Any thread, without Mutex(): a recent value.
    std::size_t PendingBytes() const noexcept { return fBytes.load(std::memory_order_relaxed); }

  private:
    std::mutex fMutex;
    std::size_t fBudget;
    std::vector<std::int64_t> fHandles;
    std::atomic<std::size_t> fBytes{0};  // written under fMutex, read by anyone
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_FREEBATCH_H
