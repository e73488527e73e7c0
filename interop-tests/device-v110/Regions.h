// Unmanaged regions of the v1.10 protocol (PROTOCOL-V110.md 4.1-4.6): the controller (sender side,
// with its ack reader) and viewers (receiver side, with their ack senders).
#ifndef INTEROP_V110_DEVICE_REGIONS_H
#define INTEROP_V110_DEVICE_REGIONS_H

#include "Session.h"

#include <boost/interprocess/ipc/message_queue.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace interop::v110
{

// 4.5 sender side: batches of at most 256 RegionBlocks to rgq_<id>, at the latest every 500 ms.
class AckSender
{
  public:
    explicit AckSender(const std::string& queueName);   // open_or_create 1024 x 6144
    ~AckSender();                                       // stop(): flushes everything
    void push(const shm::RegionBlock& block);
    void stop();
    std::uint64_t sent() const { return sent_; }

  private:
    void run();
    bool sendBatch(std::vector<shm::RegionBlock>& pending, bool all);

    shm::bipc::message_queue queue_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<shm::RegionBlock> pending_;
    bool stop_ = false;
    std::atomic<std::uint64_t> sent_{0};
    std::thread thread_;
};

// Where a RefCount of a copied region message lives (4.4): a node of rrc_<id>, or a 2-byte chunk
// of a managed segment when the region has no rrc.
class RefCounts
{
  public:
    RefCounts(const Names& names, std::uint16_t regionId, std::uint64_t rcSegmentSize);
    bool inRrc() const { return rrc_ != nullptr; }
    // Checks that `handle` can be a RefCount node; returns its address or nullptr.
    shm::RefCount* at(std::int64_t handle);
    std::int64_t allocate(std::uint16_t initial);   // -1 when full
    void free(shm::RefCount* rc);

  private:
    std::unique_ptr<shm::bipc::managed_shared_memory> rrc_;
    std::unique_ptr<shm::RefCountPoolAllocator> pool_;
};

class ControllerRegion
{
  public:
    // 4.1 (under the session mutex): RegionCounter, rg, rrc, RegionInfo, EventCounter++; then rgq
    // with an ack reader thread.
    ControllerRegion(Session& session, std::uint64_t size, std::uint64_t rcSegmentSize, bool verbose);
    ~ControllerRegion();   // destroy()

    std::uint16_t id() const { return id_; }
    char* base() { return static_cast<char*>(mapping_.get_address()); }
    std::uint64_t size() const { return size_; }
    std::uint64_t rcSegmentSize() const { return rcSegmentSize_; }
    RefCounts& refCounts() { return *refCounts_; }
    AckSender& ownAcks() { return *ownAcks_; }

    void expectAck(std::int64_t handle, std::uint64_t size, std::uint64_t hint);
    // Waits until every expected block was acknowledged or the timeout passed.
    bool awaitAcks(std::uint64_t timeoutMs);
    std::uint64_t acks() const { return acks_; }
    std::uint64_t unexpectedAcks() const { return unexpected_; }
    // 4.6: fDestroyed + EventCounter++ under the mutex; removes rg, rrc and rgq. Idempotent.
    void destroy();

  private:
    void readAcks();

    Session& session_;
    std::uint16_t id_ = 0;
    std::uint64_t size_;
    std::uint64_t rcSegmentSize_;
    shm::bipc::shared_memory_object object_;
    shm::bipc::mapped_region mapping_;
    std::unique_ptr<RefCounts> refCounts_;
    std::unique_ptr<shm::bipc::message_queue> queue_;
    std::unique_ptr<AckSender> ownAcks_;
    std::mutex ackMutex_;
    std::condition_variable ackWake_;
    std::multiset<std::tuple<std::int64_t, std::uint64_t, std::uint64_t>> outstanding_;
    std::atomic<std::uint64_t> acks_{0};
    std::atomic<std::uint64_t> unexpected_{0};
    std::atomic<bool> stop_{false};
    std::thread reader_;
    bool destroyed_ = false;
};

class ViewerRegion
{
  public:
    // 4.2: open rg (open_only), rrc if rcSegmentSize > 0, rgq + ack sender.
    ViewerRegion(const Names& names, std::uint16_t id, const RegionInfoCopy& info);
    char* base() { return static_cast<char*>(mapping_.get_address()); }
    std::uint64_t size() const { return mapping_.get_size(); }
    RefCounts& refCounts() { return *refCounts_; }
    AckSender& acks() { return *acks_; }

  private:
    shm::bipc::shared_memory_object object_;
    shm::bipc::mapped_region mapping_;
    std::unique_ptr<RefCounts> refCounts_;
    std::unique_ptr<AckSender> acks_;
};

} // namespace interop::v110

#endif // INTEROP_V110_DEVICE_REGIONS_H
