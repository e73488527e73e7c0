// ManagedSegment::AllocateCached and its stock (jni/ChunkCache.h): refills in one go, hands out
// ordinary chunks, gives the stock back on release, when full and at destruction.
#include "TestPrefix.h"

#include <fairmq/shmem/jni/ManagedSegment.h>

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <set>
#include <vector>

namespace
{

using namespace fair::mq::shmem;
using jni::ChunkCache;
using jni::ChunkCheck;
using jni::ManagedSegment;
using jni::OpenMode;

constexpr int kCreate = static_cast<int>(OpenMode::CreateOnly);
constexpr int kOpen = static_cast<int>(OpenMode::OpenOnly);
constexpr std::size_t kSegmentSize = 16 << 20;
constexpr std::size_t kBlockOf1024 = 1040;  // rbtree_best_fit: (1024 - 8) rounded to 16, plus a 16-byte header

class ChunkCacheTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        segment.reset();
        ManagedSegment::Remove(fName);
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("chunkcache");
    std::string fName = fPrefix + "main";
    std::optional<ManagedSegment> segment{std::in_place, kCreate, fName, kSegmentSize};
};

TEST_F(ChunkCacheTest, OneRefillServesTheNextChunksWithoutTouchingTheSegment)
{
    const std::size_t free = segment->FreeMemory();
    std::int64_t first = segment->AllocateCached(1024);
    ASSERT_GT(first, 0);
    const std::size_t afterRefill = segment->FreeMemory();
    // the stock is counted exactly (Boost's blocks: 1024 bytes take 65 units of 16)
    EXPECT_EQ(free - afterRefill - static_cast<std::size_t>(segment->CachedBytes()), kBlockOf1024);
    EXPECT_GE(segment->CachedBytes(), static_cast<std::int64_t>((ChunkCache::kMaxChunks - 1) * kBlockOf1024));

    std::set<std::int64_t> handles{first};
    for (std::size_t i = 1; i < ChunkCache::kMaxChunks; ++i) {
        std::int64_t handle = segment->AllocateCached(1024);
        ASSERT_GT(handle, 0);
        EXPECT_TRUE(handles.insert(handle).second) << "handed out twice: " << handle;
        EXPECT_EQ(segment->FreeMemory(), afterRefill);  // from the stock
    }
    EXPECT_EQ(segment->CachedBytes(), 0);
    for (std::int64_t handle : handles) {
        // ordinary chunks: any receiver validates and frees them one by one
        EXPECT_EQ(segment->ValidateChunk(handle, 1024), static_cast<int>(ChunkCheck::Valid));
        std::memset(reinterpret_cast<void*>(segment->AddressFromHandle(handle)), 0xab, 1024);
    }
    for (std::int64_t handle : handles) {
        segment->Deallocate(handle);
    }
    EXPECT_EQ(segment->FreeMemory(), free);
    EXPECT_TRUE(segment->CheckSanity());
}

TEST_F(ChunkCacheTest, ReleaseGivesTheStockBack)
{
    const std::size_t free = segment->FreeMemory();
    std::int64_t handle = segment->AllocateCached(4096);
    ASSERT_GT(handle, 0);
    std::int64_t cached = segment->CachedBytes();
    EXPECT_GE(cached, static_cast<std::int64_t>((ChunkCache::kMaxChunks - 1) * 4096));
    std::size_t beforeRelease = segment->FreeMemory();
    EXPECT_EQ(segment->ReleaseCachedChunks(), cached);
    EXPECT_EQ(segment->FreeMemory(), beforeRelease + static_cast<std::size_t>(cached));
    EXPECT_EQ(segment->CachedBytes(), 0);
    segment->Deallocate(handle);
    EXPECT_EQ(segment->FreeMemory(), free);
}

TEST_F(ChunkCacheTest, LargeChunksAreNotCached)
{
    std::size_t large = ManagedSegment::BatchBudget(kSegmentSize) / 2 + 16;
    std::int64_t handle = segment->AllocateCached(large);
    ASSERT_GT(handle, 0);
    EXPECT_EQ(segment->CachedBytes(), 0);
    segment->Deallocate(handle);
}

TEST_F(ChunkCacheTest, DifferentSizesUseTheirOwnSlots)
{
    const std::size_t free = segment->FreeMemory();
    std::vector<std::int64_t> handles;
    for (std::size_t size : {1024, 2048, 1024, 2048, 512}) {
        handles.push_back(segment->AllocateCached(size));
        ASSERT_GT(handles.back(), 0);
        EXPECT_GE(segment->ValidateChunk(handles.back(), size), 0);
        EXPECT_EQ(segment->ValidateChunk(handles.back(), size), static_cast<int>(ChunkCheck::Valid));
    }
    EXPECT_GE(segment->CachedBytes(), static_cast<std::int64_t>((ChunkCache::kMaxChunks - 2) * (1024 + 2048)
                                                                + (ChunkCache::kMaxChunks - 1) * 512));
    for (std::int64_t handle : handles) {
        segment->Deallocate(handle);
    }
    segment->ReleaseCachedChunks();
    EXPECT_EQ(segment->FreeMemory(), free);
}

TEST_F(ChunkCacheTest, AFullSegmentStillGivesSingleChunks)
{
    // room for one 64 KiB chunk but not for a refill of 32
    std::size_t room = segment->FreeMemory();
    std::int64_t filler = segment->Allocate(room - 3 * 65536);
    ASSERT_GT(filler, 0);
    std::int64_t handle = segment->AllocateCached(65536);
    ASSERT_GT(handle, 0);
    EXPECT_EQ(segment->CachedBytes(), 0);
    segment->Deallocate(handle);
    segment->Deallocate(filler);
}

TEST_F(ChunkCacheTest, DestructionGivesTheStockBack)
{
    const std::size_t free = segment->FreeMemory();
    std::int64_t handle = segment->AllocateCached(1024);
    ASSERT_GT(handle, 0);
    segment.reset();  // the stock goes back; the chunk handed out stays allocated
    ManagedSegment reopened(kOpen, fName, 0);
    EXPECT_EQ(reopened.FreeMemory(), free - kBlockOf1024);
    reopened.Deallocate(handle);
    EXPECT_EQ(reopened.FreeMemory(), free);
}

} // namespace
