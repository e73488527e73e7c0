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

TEST_F(ChunkCacheTest, ASizeThatRepeatsIsStockedAndServedWithoutTouchingTheSegment)
{
    const std::size_t free = segment->FreeMemory();
    std::int64_t first = segment->AllocateCached(1024);
    ASSERT_GT(first, 0);
    EXPECT_EQ(segment->CachedBytes(), 0) << "a size seen once is allocated alone";
    std::int64_t second = segment->AllocateCached(1024);
    ASSERT_GT(second, 0);
    const std::size_t afterRefill = segment->FreeMemory();
    // the stock is counted exactly (Boost's blocks: 1024 bytes take 65 units of 16)
    EXPECT_EQ(free - afterRefill - static_cast<std::size_t>(segment->CachedBytes()), 2 * kBlockOf1024);
    EXPECT_GE(segment->CachedBytes(), static_cast<std::int64_t>((ChunkCache::kMaxChunks - 1) * kBlockOf1024));

    std::set<std::int64_t> handles{first, second};
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
    std::vector<std::int64_t> handles{segment->AllocateCached(4096), segment->AllocateCached(4096)};
    std::int64_t cached = segment->CachedBytes();
    EXPECT_GE(cached, static_cast<std::int64_t>((ChunkCache::kMaxChunks - 1) * 4096));
    std::size_t beforeRelease = segment->FreeMemory();
    EXPECT_EQ(segment->ReleaseCachedChunks(), cached);
    EXPECT_EQ(segment->FreeMemory(), beforeRelease + static_cast<std::size_t>(cached));
    EXPECT_EQ(segment->CachedBytes(), 0);
    for (std::int64_t handle : handles) {
        segment->Deallocate(handle);
    }
    EXPECT_EQ(segment->FreeMemory(), free);
}

TEST_F(ChunkCacheTest, LargeChunksAndSizesThatDoNotRepeatAreNotStocked)
{
    const std::size_t free = segment->FreeMemory();
    std::size_t large = ManagedSegment::BatchBudget(kSegmentSize) / 2 + 16;
    std::vector<std::int64_t> handles{segment->AllocateCached(large), segment->AllocateCached(large)};
    EXPECT_EQ(segment->CachedBytes(), 0);
    for (std::size_t size = 100; size < 100 + 64 * 16; size += 16) {  // 64 sizes, each once
        handles.push_back(segment->AllocateCached(size));
    }
    EXPECT_EQ(segment->CachedBytes(), 0);
    for (std::int64_t handle : handles) {
        ASSERT_GT(handle, 0);
        segment->Deallocate(handle);
    }
    EXPECT_EQ(segment->FreeMemory(), free);
}

TEST_F(ChunkCacheTest, AllSizesTogetherStayWithinTheBudgetAndAStaleSizeGivesWay)
{
    const std::size_t free = segment->FreeMemory();
    const auto budget = static_cast<std::int64_t>(ManagedSegment::BatchBudget(kSegmentSize));
    std::vector<std::int64_t> handles;
    for (std::size_t size : {4096, 8192, 2048, 1024}) {  // four slots
        handles.push_back(segment->AllocateCached(size));
        handles.push_back(segment->AllocateCached(size));
        EXPECT_LE(segment->CachedBytes(), budget);
    }
    std::int64_t stocked = segment->CachedBytes();
    EXPECT_GT(stocked, 0);
    for (std::uint64_t i = 0; i < ChunkCache::kStaleAfter + 2; ++i) {  // a fifth size, on and on
        std::int64_t handle = segment->AllocateCached(512);
        ASSERT_GT(handle, 0);
        segment->Deallocate(handle);
    }
    EXPECT_NE(segment->CachedBytes(), stocked) << "a stale slot gave way to the size in use";
    EXPECT_LE(segment->CachedBytes(), budget);
    for (std::int64_t handle : handles) {
        segment->Deallocate(handle);
    }
    segment->ReleaseCachedChunks();
    EXPECT_EQ(segment->FreeMemory(), free);
    EXPECT_TRUE(segment->CheckSanity());
}

TEST_F(ChunkCacheTest, AFullSegmentStillGivesSingleChunks)
{
    // room for a few 64 KiB chunks but not for a refill
    std::size_t room = segment->FreeMemory();
    std::int64_t filler = segment->Allocate(room - 3 * 65536);
    ASSERT_GT(filler, 0);
    std::int64_t a = segment->AllocateCached(65536);
    std::int64_t b = segment->AllocateCached(65536);
    ASSERT_GT(a, 0);
    ASSERT_GT(b, 0);
    EXPECT_EQ(segment->CachedBytes(), 0);
    segment->Deallocate(a);
    segment->Deallocate(b);
    segment->Deallocate(filler);
}

TEST_F(ChunkCacheTest, DestructionGivesTheStockBack)
{
    const std::size_t free = segment->FreeMemory();
    std::int64_t first = segment->AllocateCached(1024);
    std::int64_t second = segment->AllocateCached(1024);
    ASSERT_GT(segment->CachedBytes(), 0);
    segment.reset();  // the stock goes back; the chunks handed out stay allocated
    ManagedSegment reopened(kOpen, fName, 0);
    EXPECT_EQ(reopened.FreeMemory(), free - 2 * kBlockOf1024);
    reopened.Deallocate(first);
    reopened.Deallocate(second);
    EXPECT_EQ(reopened.FreeMemory(), free);
}

} // namespace
