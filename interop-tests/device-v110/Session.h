// Joining and leaving a v1.10 session (PROTOCOL-V110.md 2.1 steps 6, 7, 11, 12; 2.2; 2.3; 2.5).
#ifndef INTEROP_V110_DEVICE_SESSION_H
#define INTEROP_V110_DEVICE_SESSION_H

#include "interop/v110/Names.h"
#include "interop/v110/Types.h"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace interop::v110
{

namespace shm = fair::mq::shmem;

// A managed data segment of either allocation algorithm (1.2, 1.4).
class DataSegment
{
  public:
    virtual ~DataSegment() = default;
    virtual char* base() = 0;
    virtual std::size_t size() = 0;
    virtual std::size_t freeMemory() = 0;
    virtual void* allocate(std::size_t bytes) = 0;   // nullptr when full
    virtual void deallocate(void* p) = 0;
    virtual std::size_t usableSize(const void* p) = 0;   // Boost's size() of an allocated chunk
    virtual shm::AllocationAlgorithm algorithm() const = 0;
};

std::unique_ptr<DataSegment> openOrCreateSegment(const std::string& name, std::size_t size, shm::AllocationAlgorithm a);
std::unique_ptr<DataSegment> openSegment(const std::string& name, shm::AllocationAlgorithm a);

struct SessionConfig
{
    std::string sessionName = "default";
    std::string shmId;
    std::uint16_t segmentId = 0;
    std::size_t segmentSize = kDefaultSegmentSize;
    shm::AllocationAlgorithm algorithm = shm::AllocationAlgorithm::rbtree_best_fit;
    bool noCleanup = false;
    bool heartbeat = true;
    bool monitor = false;   // --shm-monitor: start fairmq-shmmonitor if none runs (2.4)
    bool verbose = false;
};

struct RegionInfoCopy
{
    std::string path;
    std::uint64_t size = 0;
    std::uint64_t rcSegmentSize = 0;
    bool destroyed = false;
};

// 2.5: removes the regions (rg, rgq, rrc), the segments of the segment map and mng of a session
// whose mng is open as `mng` (the caller holds the session mutex, 14.4). Returns the names removed.
std::vector<std::string> cleanupSession(const Names& names, shm::bipc::managed_shared_memory& mng);

class Session
{
  public:
    explicit Session(SessionConfig config);   // joins
    ~Session();                               // leave() unless done
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void leave();

    const Names& names() const { return names_; }
    const SessionConfig& config() const { return config_; }
    shm::bipc::managed_shared_memory& management() { return *mng_; }
    shm::bipc::interprocess_mutex& mutex() { return *mutex_; }
    DataSegment& ownSegment() { return *own_; }
    std::uint16_t segmentId() const { return config_.segmentId; }
    bool createdSegment() const { return createdSegment_; }

    // A segment of the session by id; opened lazily (open_only, algorithm from the map), nullptr if
    // the id is not registered or cannot be opened.
    DataSegment* segment(std::uint16_t id);
    // The region map entry of `id`, read under the session mutex.
    std::optional<RegionInfoCopy> regionInfo(std::uint16_t id);

  private:
    void heartbeats();

    SessionConfig config_;
    Names names_;
    std::unique_ptr<shm::bipc::managed_shared_memory> mng_;
    shm::bipc::interprocess_mutex* mutex_ = nullptr;
    std::unique_ptr<DataSegment> own_;
    bool createdSegment_ = false;
    std::map<std::uint16_t, std::unique_ptr<DataSegment>> others_;
    std::mutex othersMutex_;
    std::thread heartbeat_;
    std::mutex heartbeatMutex_;
    std::condition_variable heartbeatWake_;
    bool stopHeartbeat_ = false;
    bool joined_ = false;
};

} // namespace interop::v110

#endif // INTEROP_V110_DEVICE_SESSION_H
