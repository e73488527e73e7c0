#include "Regions.h"

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <boost/interprocess/sync/scoped_lock.hpp>

#include <chrono>
#include <iostream>
#include <stdexcept>

namespace interop::v110
{

namespace bipc = shm::bipc;
using namespace std::chrono_literals;

namespace
{
constexpr std::size_t kAckMessageSize = kAckBlocksPerMessage * sizeof(shm::RegionBlock);   // 6144
}

// ---------------------------------------------------------------------------------------- AckSender

AckSender::AckSender(const std::string& queueName)
    : queue_(bipc::open_or_create, queueName.c_str(), kAckQueueMessages, kAckMessageSize),
      thread_([this] { run(); })
{}

AckSender::~AckSender() { stop(); }

void AckSender::push(const shm::RegionBlock& block)
{
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.push_back(block);
    if (pending_.size() >= kAckBlocksPerMessage) {
        wake_.notify_one();
    }
}

void AckSender::stop()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
}

bool AckSender::sendBatch(std::vector<shm::RegionBlock>& batch, bool stopping)
{
    // try_send, yielding while the queue is full (4.5); when stopping give up after one second.
    const auto giveUp = std::chrono::steady_clock::now() + 1s;
    while (!queue_.try_send(batch.data(), batch.size() * sizeof(shm::RegionBlock), 0)) {
        if (stopping && std::chrono::steady_clock::now() > giveUp) {
            std::cerr << "ack queue full, dropping " << batch.size() << " acknowledgements" << std::endl;
            return false;
        }
        std::this_thread::yield();
    }
    sent_ += batch.size();
    return true;
}

void AckSender::run()
{
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        wake_.wait_for(lock, std::chrono::milliseconds(kAckFlushMs),
                       [this] { return stop_ || pending_.size() >= kAckBlocksPerMessage; });
        while (!pending_.empty()) {
            // up to 256 blocks from the end of the list (4.5; only the set of blocks matters, S21)
            const std::size_t n = std::min(pending_.size(), kAckBlocksPerMessage);
            std::vector<shm::RegionBlock> batch(pending_.end() - static_cast<std::ptrdiff_t>(n), pending_.end());
            pending_.resize(pending_.size() - n);
            const bool stopping = stop_;
            lock.unlock();
            sendBatch(batch, stopping);
            lock.lock();
            if (!stop_ && pending_.size() < kAckBlocksPerMessage) {
                break;
            }
        }
        if (stop_ && pending_.empty()) {
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------- RefCounts

RefCounts::RefCounts(const Names& names, std::uint16_t regionId, std::uint64_t rcSegmentSize)
{
    if (rcSegmentSize == 0) {
        return;
    }
    rrc_ = std::make_unique<bipc::managed_shared_memory>(bipc::open_or_create, names.refCountSegment(regionId).c_str(),
                                                           rcSegmentSize);
    pool_ = std::make_unique<shm::RefCountPoolAllocator>(rrc_->get_segment_manager());
}

shm::RefCount* RefCounts::at(std::int64_t handle)
{
    if (!rrc_ || handle < 0 || handle % 2 != 0 || static_cast<std::uint64_t>(handle) + 2 > rrc_->get_size()) {
        return nullptr;
    }
    return reinterpret_cast<shm::RefCount*>(static_cast<char*>(rrc_->get_address()) + handle);
}

std::int64_t RefCounts::allocate(std::uint16_t initial)
{
    try {
        shm::RefCountPoolAllocator::pointer p = pool_->allocate_one();
        new (p.get()) shm::RefCount(initial);
        return rrc_->get_handle_from_address(p.get());
    } catch (const bipc::bad_alloc&) {
        return -1;
    }
}

void RefCounts::free(shm::RefCount* rc)
{
    rc->~RefCount();
    pool_->deallocate_one(shm::RefCountPoolAllocator::pointer(rc));
}

// ---------------------------------------------------------------------------------------- ControllerRegion

ControllerRegion::ControllerRegion(Session& session, std::uint64_t size, std::uint64_t rcSegmentSize, bool verbose)
    : session_(session), size_(size), rcSegmentSize_(rcSegmentSize)
{
    const Names& names = session.names();
    auto& mng = session.management();
    {
        bipc::scoped_lock<bipc::interprocess_mutex> lock(session.mutex());
        // 4.1 step 1
        auto* counter = mng.find<shm::RegionCounter>(bipc::unique_instance).first;
        if (counter != nullptr) {
            id_ = ++counter->fCount;
        } else {
            mng.construct<shm::RegionCounter>(bipc::unique_instance)(kFirstRegionId);
            id_ = kFirstRegionId;
        }
        auto* regions = mng.find_or_construct<shm::Uint16RegionInfoHashMap>(bipc::unique_instance)(
            shm::Uint16RegionInfoPairAlloc(mng.get_segment_manager()));
        const auto known = regions->find(id_);
        if (known != regions->end()) {
            rcSegmentSize_ = known->second.fRCSegmentSize;   // step 3
        }
        // step 3b, 3c
        const std::string name = names.region(id_);
        bool created = false;
        try {
            object_ = bipc::shared_memory_object(bipc::open_only, name.c_str(), bipc::read_write);
        } catch (const bipc::interprocess_exception&) {
            object_ = bipc::shared_memory_object(bipc::create_only, name.c_str(), bipc::read_write);
            object_.truncate(static_cast<bipc::offset_t>(size));
            created = true;
        }
        mapping_ = bipc::mapped_region(object_, bipc::read_write);
        if (size != 0 && mapping_.get_size() != size) {
            throw std::runtime_error("Created/opened region size (" + std::to_string(mapping_.get_size())
                                     + ") does not match configured size (" + std::to_string(size) + ")");
        }
        // step 3e
        refCounts_ = std::make_unique<RefCounts>(names, id_, rcSegmentSize_);
        // step 3f
        if (created) {
            if (known != regions->end()) {
                throw std::runtime_error("Unmanaged Region with id " + std::to_string(id_)
                                         + " has already been registered. Only unique IDs per session are allowed.");
            }
            auto* events = mng.find_or_construct<shm::EventCounter>(bipc::unique_instance)(0);
            regions->emplace(id_, shm::RegionInfo("", 0, 0, size, rcSegmentSize_,
                                                  shm::VoidAlloc(mng.get_segment_manager())));
            events->fCount++;
        }
    }
    // step 4: the controller reads its queue (it has a "callback": the ack counter)
    queue_ = std::make_unique<bipc::message_queue>(bipc::open_or_create, names.regionQueue(id_).c_str(),
                                                   kAckQueueMessages, kAckMessageSize);
    ownAcks_ = std::make_unique<AckSender>(names.regionQueue(id_));
    reader_ = std::thread([this] { readAcks(); });
    if (verbose) {
        std::cerr << "Created unmanaged shared memory region: " << names.region(id_)
                  << " (controller), refCount segment size: " << rcSegmentSize_ << std::endl;
    }
}

ControllerRegion::~ControllerRegion()
{
    try {
        destroy();
    } catch (const std::exception& e) {
        std::cerr << "destroying region " << id_ << " failed: " << e.what() << std::endl;
    }
}

void ControllerRegion::expectAck(std::int64_t handle, std::uint64_t size, std::uint64_t hint)
{
    std::lock_guard<std::mutex> lock(ackMutex_);
    outstanding_.emplace(handle, size, hint);
}

bool ControllerRegion::awaitAcks(std::uint64_t timeoutMs)
{
    std::unique_lock<std::mutex> lock(ackMutex_);
    return ackWake_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return outstanding_.empty(); });
}

void ControllerRegion::readAcks()
{
    std::vector<shm::RegionBlock> blocks(kAckBlocksPerMessage);
    while (!stop_) {
        std::size_t received = 0;
        unsigned int priority = 0;
        const auto deadline = boost::posix_time::microsec_clock::universal_time() + boost::posix_time::milliseconds(100);
        if (!queue_->timed_receive(blocks.data(), kAckMessageSize, received, priority, deadline)) {
            continue;
        }
        std::lock_guard<std::mutex> lock(ackMutex_);
        for (std::size_t i = 0; i < received / sizeof(shm::RegionBlock); ++i) {
            ++acks_;
            const auto it = outstanding_.find({blocks[i].fHandle, blocks[i].fSize, blocks[i].fHint});
            if (it == outstanding_.end()) {
                ++unexpected_;
                std::cerr << "unexpected ack handle=" << blocks[i].fHandle << " size=" << blocks[i].fSize
                          << " hint=" << blocks[i].fHint << std::endl;
            } else {
                outstanding_.erase(it);
            }
        }
        ackWake_.notify_all();
    }
}

void ControllerRegion::destroy()
{
    if (destroyed_) {
        return;
    }
    destroyed_ = true;
    ownAcks_->stop();
    stop_ = true;
    if (reader_.joinable()) {
        reader_.join();
    }
    {
        bipc::scoped_lock<bipc::interprocess_mutex> lock(session_.mutex());
        auto& mng = session_.management();
        auto* regions = mng.find<shm::Uint16RegionInfoHashMap>(bipc::unique_instance).first;
        if (regions != nullptr) {
            const auto it = regions->find(id_);
            if (it != regions->end()) {
                it->second.fDestroyed = true;
            }
        }
        if (auto* events = mng.find<shm::EventCounter>(bipc::unique_instance).first) {
            events->fCount++;
        }
    }
    const Names& names = session_.names();
    bipc::shared_memory_object::remove(names.region(id_).c_str());
    if (rcSegmentSize_ > 0) {
        bipc::shared_memory_object::remove(names.refCountSegment(id_).c_str());
    }
    bipc::message_queue::remove(names.regionQueue(id_).c_str());
}

// ---------------------------------------------------------------------------------------- ViewerRegion

ViewerRegion::ViewerRegion(const Names& names, std::uint16_t id, const RegionInfoCopy& info)
    : object_(bipc::open_only, names.region(id).c_str(), bipc::read_write),
      mapping_(object_, bipc::read_write),
      refCounts_(std::make_unique<RefCounts>(names, id, info.rcSegmentSize)),
      acks_(std::make_unique<AckSender>(names.regionQueue(id)))
{}

} // namespace interop::v110
