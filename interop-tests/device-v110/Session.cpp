#include "Session.h"

#include "Monitor.h"

#include <boost/interprocess/ipc/message_queue.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <boost/interprocess/sync/named_mutex.hpp>
#include <boost/interprocess/sync/scoped_lock.hpp>
#include <boost/interprocess/file_mapping.hpp>

#include <unistd.h>

#include <iostream>

namespace interop::v110
{

namespace bipc = shm::bipc;
using shm::AllocationAlgorithm;

namespace
{

template <typename Segment>
class SegmentOf final : public DataSegment
{
  public:
    SegmentOf(bipc::open_or_create_t, const std::string& name, std::size_t size, AllocationAlgorithm a)
        : segment_(bipc::open_or_create, name.c_str(), size), algorithm_(a)
    {}
    SegmentOf(bipc::open_only_t, const std::string& name, AllocationAlgorithm a)
        : segment_(bipc::open_only, name.c_str()), algorithm_(a)
    {}

    char* base() override { return static_cast<char*>(segment_.get_address()); }
    std::size_t size() override { return segment_.get_size(); }
    std::size_t freeMemory() override { return segment_.get_free_memory(); }
    void* allocate(std::size_t bytes) override { return segment_.allocate(bytes, std::nothrow); }
    void deallocate(void* p) override { segment_.deallocate(p); }
    std::size_t usableSize(const void* p) override { return segment_.get_segment_manager()->size(p); }
    AllocationAlgorithm algorithm() const override { return algorithm_; }

  private:
    Segment segment_;
    AllocationAlgorithm algorithm_;
};

const char* algorithmName(AllocationAlgorithm a)
{
    return a == AllocationAlgorithm::simple_seq_fit ? "simple_seq_fit" : "rbtree_best_fit";
}

} // namespace

std::unique_ptr<DataSegment> openOrCreateSegment(const std::string& name, std::size_t size, AllocationAlgorithm a)
{
    if (a == AllocationAlgorithm::simple_seq_fit) {
        return std::make_unique<SegmentOf<shm::SimpleSeqFitSegment>>(bipc::open_or_create, name, size, a);
    }
    return std::make_unique<SegmentOf<shm::RBTreeBestFitSegment>>(bipc::open_or_create, name, size, a);
}

std::unique_ptr<DataSegment> openSegment(const std::string& name, AllocationAlgorithm a)
{
    if (a == AllocationAlgorithm::simple_seq_fit) {
        return std::make_unique<SegmentOf<shm::SimpleSeqFitSegment>>(bipc::open_only, name, a);
    }
    return std::make_unique<SegmentOf<shm::RBTreeBestFitSegment>>(bipc::open_only, name, a);
}

std::vector<std::string> cleanupSession(const Names& names, bipc::managed_shared_memory& mng)
{
    std::vector<std::string> removed;
    auto note = [&](bool ok, const std::string& name) {
        if (ok) {
            removed.push_back(name);
        }
    };
    // 2.5 step 3: regions, in map order
    if (auto* regions = mng.find<shm::Uint16RegionInfoHashMap>(bipc::unique_instance).first) {
        for (const auto& [id, info] : *regions) {
            const std::string path(info.fPath.c_str());
            if (!path.empty()) {
                note(bipc::file_mapping::remove((path + names.region(id)).c_str()), path + names.region(id));
            } else {
                note(bipc::shared_memory_object::remove(names.region(id).c_str()), names.region(id));
            }
            note(bipc::message_queue::remove(names.regionQueue(id).c_str()), names.regionQueue(id));
            note(bipc::shared_memory_object::remove(names.refCountSegment(id).c_str()), names.refCountSegment(id));
        }
    }
    // step 4: segments
    if (auto* segments = mng.find<shm::Uint16SegmentInfoHashMap>(bipc::unique_instance).first) {
        for (const auto& entry : *segments) {
            note(bipc::shared_memory_object::remove(names.segment(entry.first).c_str()), names.segment(entry.first));
        }
    }
    // step 5
    note(bipc::shared_memory_object::remove(names.management().c_str()), names.management());
    return removed;
}

Session::Session(SessionConfig config) : config_(std::move(config)), names_(config_.shmId)
{
    // 2.1 step 6, 7
    mng_ = std::make_unique<bipc::managed_shared_memory>(bipc::open_or_create, names_.management().c_str(),
                                                           kManagementSegmentSize);
    mutex_ = mng_->find_or_construct<bipc::interprocess_mutex>(bipc::unique_instance)();
    // step 10: the monitor start (2.4) runs while the session mutex is held (13 S12). A failure
    // throws before the session bookkeeping, so nothing is counted and nothing removed.
    if (config_.monitor) {
        bipc::scoped_lock<bipc::interprocess_mutex> lock(*mutex_);
        startMonitor(names_, config_.verbose);
    }
    // step 11: heartbeats start before the bookkeeping
    if (config_.heartbeat) {
        heartbeat_ = std::thread([this] { heartbeats(); });
    }
    // step 12
    try {
        bipc::scoped_lock<bipc::interprocess_mutex> lock(*mutex_);
        auto* info = mng_->find<shm::SessionInfo>(bipc::unique_instance).first;
        if (info == nullptr) {
            mng_->construct<shm::SessionInfo>(bipc::unique_instance)(
                config_.sessionName.c_str(), static_cast<int>(geteuid()), shm::VoidAlloc(mng_->get_segment_manager()));
        }
        auto* events = mng_->find<shm::EventCounter>(bipc::unique_instance).first;
        if (events == nullptr) {
            events = mng_->construct<shm::EventCounter>(bipc::unique_instance)(0);
        }
        auto* devices = mng_->find<shm::DeviceCounter>(bipc::unique_instance).first;
        if (devices != nullptr) {
            devices->fCount++;
        } else {
            mng_->construct<shm::DeviceCounter>(bipc::unique_instance)(1);
        }
        joined_ = true;
        auto* segments = mng_->find_or_construct<shm::Uint16SegmentInfoHashMap>(bipc::unique_instance)(
            shm::Uint16SegmentInfoPairAlloc(mng_->get_segment_manager()));
        mng_->find_or_construct<shm::Uint16RegionInfoHashMap>(bipc::unique_instance)(
            shm::Uint16RegionInfoPairAlloc(mng_->get_segment_manager()));
        const auto it = segments->find(config_.segmentId);
        if (it == segments->end()) {
            own_ = openOrCreateSegment(names_.segment(config_.segmentId), config_.segmentSize, config_.algorithm);
            segments->emplace(config_.segmentId, shm::SegmentInfo(config_.algorithm));
            createdSegment_ = true;
            events->fCount++;   // step 12g
        } else {
            const auto recorded = it->second.fAllocationAlgorithm;
            if (recorded != config_.algorithm) {
                std::cerr << "Allocation algorithm of the opened segment is " << algorithmName(recorded)
                          << ", but requested is " << algorithmName(config_.algorithm)
                          << ". Ignoring requested setting." << std::endl;
            }
            own_ = openOrCreateSegment(names_.segment(config_.segmentId), config_.segmentSize, recorded);
        }
        if (config_.verbose) {
            std::cerr << (createdSegment_ ? "Created" : "Opened") << " managed shared memory segment "
                      << names_.segment(config_.segmentId) << ". Size: " << own_->size()
                      << " bytes. Available: " << own_->freeMemory()
                      << " bytes. Allocation algorithm: " << algorithmName(own_->algorithm()) << std::endl;
        }
    } catch (...) {
        leave();   // step 13
        throw;
    }
}

Session::~Session()
{
    try {
        leave();
    } catch (const std::exception& e) {
        std::cerr << "leaving the session failed: " << e.what() << std::endl;
    }
}

void Session::heartbeats()
{
    auto* beat = mng_->find_or_construct<shm::Heartbeat>(bipc::unique_instance)(0);
    std::unique_lock<std::mutex> lock(heartbeatMutex_);
    while (!stopHeartbeat_) {
        beat->fCount++;
        heartbeatWake_.wait_for(lock, std::chrono::milliseconds(kHeartbeatIntervalMs), [this] { return stopHeartbeat_; });
    }
}

void Session::leave()
{
    if (heartbeat_.joinable()) {
        {
            std::lock_guard<std::mutex> lock(heartbeatMutex_);
            stopHeartbeat_ = true;
        }
        heartbeatWake_.notify_all();
        heartbeat_.join();
    }
    if (!joined_) {
        return;
    }
    joined_ = false;
    // 2.3 step 3, 4: the cleanup runs while the mutex is held (14.4 allows it; closes S11)
    bipc::scoped_lock<bipc::interprocess_mutex> lock(*mutex_);
    auto* devices = mng_->find<shm::DeviceCounter>(bipc::unique_instance).first;
    const unsigned int left = devices == nullptr ? 0 : --devices->fCount;
    if (left == 0) {
        if (config_.noCleanup) {
            if (config_.verbose) {
                std::cerr << "Last segment user, skipping removal (--shm-no-cleanup is true)." << std::endl;
            }
        } else {
            if (config_.verbose) {
                std::cerr << "Last segment user, removing segment." << std::endl;
            }
            for (const auto& name : cleanupSession(names_, *mng_)) {
                if (config_.verbose) {
                    std::cerr << "Successfully removed '" << name << "'." << std::endl;
                }
            }
        }
    } else if (config_.verbose) {
        std::cerr << "Other segment users present (" << left << "), skipping removal." << std::endl;
    }
}

DataSegment* Session::segment(std::uint16_t id)
{
    if (id == config_.segmentId) {
        return own_.get();
    }
    std::lock_guard<std::mutex> guard(othersMutex_);
    const auto found = others_.find(id);
    if (found != others_.end()) {
        return found->second.get();
    }
    std::optional<AllocationAlgorithm> algorithm;
    {
        bipc::scoped_lock<bipc::interprocess_mutex> lock(*mutex_);
        auto* segments = mng_->find<shm::Uint16SegmentInfoHashMap>(bipc::unique_instance).first;
        if (segments != nullptr) {
            const auto it = segments->find(id);
            if (it != segments->end()) {
                algorithm = it->second.fAllocationAlgorithm;
            }
        }
    }
    if (!algorithm) {
        std::cerr << "Could not get segment with id '" << id << "': not in the segment map" << std::endl;
        return nullptr;
    }
    try {
        auto opened = openSegment(names_.segment(id), *algorithm);
        return others_.emplace(id, std::move(opened)).first->second.get();
    } catch (const std::exception& e) {
        std::cerr << "Could not get segment with id '" << id << "': " << e.what() << std::endl;
        return nullptr;
    }
}

std::optional<RegionInfoCopy> Session::regionInfo(std::uint16_t id)
{
    bipc::scoped_lock<bipc::interprocess_mutex> lock(*mutex_);
    auto* regions = mng_->find<shm::Uint16RegionInfoHashMap>(bipc::unique_instance).first;
    if (regions == nullptr) {
        return std::nullopt;
    }
    const auto it = regions->find(id);
    if (it == regions->end()) {
        return std::nullopt;
    }
    return RegionInfoCopy{it->second.fPath.c_str(), it->second.fSize, it->second.fRCSegmentSize, it->second.fDestroyed};
}

} // namespace interop::v110
