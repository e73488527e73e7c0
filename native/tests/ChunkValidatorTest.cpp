// ChunkValidator against Boost's own allocations: every live chunk is valid with its size, nothing
// else in the segment is, and forged headers inside payloads are told apart from chunks.
#include "TestPrefix.h"

#include <fairmq/shmem/jni/ChunkValidator.h>
#include <fairmq/shmem/jni/ManagedSegment.h>

#include <gtest/gtest.h>

#include <boost/interprocess/managed_shared_memory.hpp>

#include <chrono>
#include <cstring>
#include <future>
#include <random>
#include <set>

namespace
{

namespace bipc = boost::interprocess;
using fair::mq::shmem::jni::ChunkCheck;
using fair::mq::shmem::jni::ChunkValidator;
using fair::mq::shmem::jni::Error;
using fair::mq::shmem::jni::ErrorKind;
using fair::mq::shmem::jni::ManagedSegment;

class ChunkValidatorTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        bipc::shared_memory_object::remove(fName.c_str());
        EXPECT_TRUE(fair::mq::shmem::test::LeftInDevShm(fPrefix).empty());
    }

    std::int64_t Handle(void* ptr) const { return fSegment->get_handle_from_address(ptr); }
    char* Address(std::int64_t handle) const { return static_cast<char*>(fSegment->get_address_from_handle(handle)); }

    std::string fPrefix = fair::mq::shmem::test::UniquePrefix("validator");
    std::string fName = fPrefix + "main";
    std::unique_ptr<bipc::managed_shared_memory> fSegment =
        std::make_unique<bipc::managed_shared_memory>(bipc::create_only, fName.c_str(), 1 << 20);
};

TEST_F(ChunkValidatorTest, BlockAreaOfAFreshSegment)
{
    ChunkValidator validator(*fSegment);
    EXPECT_EQ(validator.FirstBlock(), 224U);  // Boost 1.74: segment manager at 16, 200 bytes, rounded up
    EXPECT_EQ(validator.EndBlock(), (1U << 20) - 16U);
    void* first = fSegment->allocate(0);
    EXPECT_EQ(Handle(first), 240);
    EXPECT_EQ(validator.Validate(240, 0), ChunkCheck::Valid);
    EXPECT_EQ(validator.Validate(16, 0), ChunkCheck::OutsideChunks);   // the segment manager itself
    EXPECT_EQ(validator.Validate(224, 0), ChunkCheck::OutsideChunks);  // the first block's header
    EXPECT_EQ(validator.Validate(0, 0), ChunkCheck::OutsideChunks);
    EXPECT_EQ(validator.Validate(-16, 0), ChunkCheck::OutsideChunks);
    EXPECT_EQ(validator.Validate(241, 0), ChunkCheck::OutsideChunks);
    EXPECT_EQ(validator.Validate(static_cast<std::int64_t>(validator.EndBlock()), 0), ChunkCheck::OutsideChunks);
    EXPECT_EQ(validator.Validate(1 << 20, 0), ChunkCheck::OutsideChunks);
    EXPECT_EQ(validator.Validate(std::int64_t{1} << 60, 0), ChunkCheck::OutsideChunks);
    fSegment->deallocate(first);
    EXPECT_EQ(validator.Validate(240, 0), ChunkCheck::NotAllocatedBlock);  // a freed chunk: no double free
}

TEST_F(ChunkValidatorTest, ExactlyTheLiveChunksAreValidAndHoldTheirSizes)
{
    ChunkValidator validator(*fSegment);
    std::mt19937_64 random(20261201);
    std::map<std::int64_t, std::size_t> live;
    for (int round = 0; round < 2000; ++round) {
        if (!live.empty() && random() % 3 == 0) {
            auto it = std::next(live.begin(), static_cast<long>(random() % live.size()));
            fSegment->deallocate(Address(it->first));
            live.erase(it);
        } else if (void* ptr = fSegment->allocate(random() % 2048, std::nothrow)) {
            live[Handle(ptr)] = fSegment->get_segment_manager()->size(ptr);  // Boost's usable size
        }
    }
    ASSERT_GT(live.size(), 100U);
    std::size_t valid = 0;
    for (std::int64_t handle = 0; handle < (1 << 20); handle += 16) {
        ChunkCheck check = validator.Validate(handle, 0);
        auto it = live.find(handle);
        if (it == live.end()) {
            EXPECT_NE(check, ChunkCheck::Valid) << "handle " << handle << " is no chunk";
            continue;
        }
        ++valid;
        EXPECT_EQ(check, ChunkCheck::Valid) << "live chunk " << handle;
        EXPECT_EQ(validator.Validate(handle, it->second), ChunkCheck::Valid) << "usable size of " << handle;
        EXPECT_EQ(validator.Validate(handle, it->second + 1), ChunkCheck::SizePastChunk) << handle;
        EXPECT_EQ(validator.Validate(handle, ~std::uint64_t{0}), ChunkCheck::SizePastChunk) << handle;
    }
    EXPECT_EQ(valid, live.size());
    EXPECT_TRUE(fSegment->check_sanity());
}

TEST_F(ChunkValidatorTest, AFakeHeaderInsideALiveChunkIsRefusedUnlessItsNeighbourIsForgedToo)
{
    ChunkValidator validator(*fSegment);
    char* payload = static_cast<char*>(fSegment->allocate(4096));
    std::int64_t inner = Handle(payload) + 1024;
    std::uint64_t fake[2] = {0, (std::uint64_t{1} << 63) | (std::uint64_t{1} << 62) | 8};  // allocated, 8 units
    std::memcpy(payload + 1024 - 16, fake, sizeof(fake));
    EXPECT_EQ(validator.Validate(inner, 0), ChunkCheck::NotAllocatedBlock);  // the next "block" is zeros
    std::memset(payload, 0xFF, 4096);
    EXPECT_EQ(validator.Validate(inner, 0), ChunkCheck::NotAllocatedBlock);
    std::memset(payload, 0, 4096);
    // A forgery that also forges its neighbour cannot be told apart (README, "Hostile input").
    std::memcpy(payload + 1024 - 16, fake, sizeof(fake));
    std::uint64_t neighbour[2] = {0, (std::uint64_t{1} << 63) | (std::uint64_t{1} << 62) | 3};
    std::memcpy(payload + 1024 - 16 + 8 * 16, neighbour, sizeof(neighbour));
    EXPECT_EQ(validator.Validate(inner, 0), ChunkCheck::NotAllocatedBlock);  // the neighbour's neighbour is zeros
    std::uint64_t third[2] = {0, (std::uint64_t{1} << 63) | (std::uint64_t{1} << 62) | 3};
    std::memcpy(payload + 1024 - 16 + 11 * 16, third, sizeof(third));
    EXPECT_EQ(validator.Validate(inner, 0), ChunkCheck::Valid);
    fSegment->deallocate(payload);
    EXPECT_TRUE(fSegment->check_sanity());
}

TEST_F(ChunkValidatorTest, AllocatorMutexIsTheSegmentManagersFirstWord)
{
    auto& mutex = ChunkValidator::AllocatorMutexOf(*fSegment);
    mutex.lock();
    auto allocation = std::async(std::launch::async, [&] { return fSegment->allocate(64); });
    // Boost's allocate takes this very mutex: it cannot finish while we hold it
    EXPECT_EQ(allocation.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
    mutex.unlock();
    void* ptr = allocation.get();
    EXPECT_NE(ptr, nullptr);
    fSegment->deallocate(ptr);
}

TEST_F(ChunkValidatorTest, ADeeperCheckThatFailsIsDecidedUnderTheLockAndTimesOutWhenItIsHeld)
{
    ChunkValidator validator(*fSegment, std::chrono::milliseconds(50));
    char* payload = static_cast<char*>(fSegment->allocate(4096));
    std::int64_t inner = Handle(payload) + 1024;
    const std::uint64_t fake[2] = {0, (std::uint64_t{1} << 63) | (std::uint64_t{1} << 62) | 8};
    const std::uint64_t neighbour[2] = {5, (std::uint64_t{1} << 63) | (std::uint64_t{1} << 62) | 3};
    std::memcpy(payload + 1024 - 16, fake, sizeof(fake));
    std::memcpy(payload + 1024 - 16 + 8 * 16, neighbour, sizeof(neighbour));  // passes the cheap checks
    EXPECT_EQ(validator.Validate(inner, 0), ChunkCheck::NotAllocatedBlock);
    auto& mutex = ChunkValidator::AllocatorMutexOf(*fSegment);
    mutex.lock();  // as a peer that died inside allocate would leave it
    EXPECT_EQ(validator.Validate(inner, 0), ChunkCheck::LockTimedOut);
    EXPECT_EQ(validator.Validate(Handle(payload), 0), ChunkCheck::Valid);  // a real chunk needs no lock
    mutex.unlock();
    fSegment->deallocate(payload);
}

TEST_F(ChunkValidatorTest, BlocksOfBoostsOwnObjectsAreRefusedOnceProtected)
{
    fSegment.reset();
    ManagedSegment segment(static_cast<int>(fair::mq::shmem::jni::OpenMode::OpenOnly), fName, 0);
    segment.ConstructDeviceCounter(1);
    std::int64_t counter = segment.DeviceCounterHandle();
    std::int64_t block = -1;  // the payload start of the block that holds the counter
    for (std::int64_t handle = counter / 16 * 16; handle > 0 && block < 0; handle -= 16) {
        if (segment.ValidateChunk(handle, static_cast<std::uint64_t>(counter - handle + 4)) == 0) {
            block = handle;
        }
    }
    ASSERT_GT(block, 0) << "no block holds the DeviceCounter at " << counter;
    segment.ProtectObjects();
    EXPECT_EQ(segment.ValidateChunk(block, 0), static_cast<int>(ChunkCheck::BoostObject));
    EXPECT_THROW(segment.Deallocate(block), Error);
    EXPECT_EQ(segment.FindDeviceCounter(), 1);
    std::int64_t chunk = segment.Allocate(64);
    EXPECT_EQ(segment.ValidateChunk(chunk, 64), 0);  // ordinary chunks are not affected
    segment.Deallocate(chunk);
}

TEST_F(ChunkValidatorTest, RandomPayloadBytesDoNotPassAsAChunk)
{
    ChunkValidator validator(*fSegment);
    auto* payload = static_cast<std::uint8_t*>(fSegment->allocate(64 * 1024));
    std::int64_t base = Handle(payload);
    std::mt19937_64 random(7);
    std::size_t passed = 0;
    for (int round = 0; round < 200; ++round) {
        for (std::size_t i = 0; i < 64 * 1024; ++i) {
            payload[i] = static_cast<std::uint8_t>(random());
        }
        for (std::int64_t handle = base + 16; handle < base + 64 * 1024; handle += 16) {
            passed += validator.Validate(handle, 0) == ChunkCheck::Valid;
        }
    }
    EXPECT_EQ(passed, 0U) << "of " << 200 * 4095 << " handles into random payload bytes";
    fSegment->deallocate(payload);
}

TEST_F(ChunkValidatorTest, ManagedSegmentRefusesForgedHandlesWithoutTouchingTheAllocator)
{
    fSegment.reset();  // ManagedSegment maps it itself
    ManagedSegment segment(static_cast<int>(fair::mq::shmem::jni::OpenMode::OpenOnly), fName, 0);
    std::int64_t chunk = segment.Allocate(4096);
    std::size_t freeBefore = segment.FreeMemory();
    auto* payload = reinterpret_cast<char*>(segment.AddressFromHandle(chunk));
    std::memset(payload, 0x5A, 4096);
    for (std::int64_t forged : {std::int64_t{16}, segment.FirstBlock(), chunk + 1024, chunk + 16, chunk + 4096}) {
        EXPECT_NE(segment.ValidateChunk(forged, 0), 0) << forged;
        try {
            segment.Deallocate(forged);
            ADD_FAILURE() << "freed forged handle " << forged;
        } catch (const Error& e) {
            EXPECT_EQ(e.Kind(), ErrorKind::BadHandle) << e.what();
        }
    }
    EXPECT_EQ(segment.FreeMemory(), freeBefore);
    EXPECT_TRUE(segment.CheckSanity());
    for (int i = 0; i < 4096; ++i) {
        ASSERT_EQ(payload[i], 0x5A) << "byte " << i;
    }
    segment.Deallocate(chunk);
    EXPECT_EQ(segment.RetiredReason(), "");
}

} // namespace
