// ManagedSegment::DeallocateBatched and FlushFrees (jni/FreeBatch.h): frees go back together when
// due, each validated; a chunk closed twice is freed once, a forged handle never.
#include "TestPrefix.h"

#include <fairmq/shmem/jni/ManagedSegment.h>

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace
{

using namespace fair::mq::shmem;
using jni::FreeBatch;
using jni::ManagedSegment;
using jni::OpenMode;

constexpr int kCreate = static_cast<int>(OpenMode::CreateOnly);
constexpr int kOpen = static_cast<int>(OpenMode::OpenOnly);
constexpr std::size_t kSegmentSize = 16 << 20;

class FreeBatchTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        segment.reset();
        ManagedSegment::Remove(fName);
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::vector<std::int64_t> Allocate(std::size_t count, std::size_t size)
    {
        std::vector<std::int64_t> handles;
        for (std::size_t i = 0; i < count; ++i) {
            handles.push_back(segment->AllocateOrThrow(size));
        }
        return handles;
    }

    std::string fPrefix = test::UniquePrefix("freebatch");
    std::string fName = fPrefix + "main";
    std::optional<ManagedSegment> segment{std::in_place, kCreate, fName, kSegmentSize};
};

TEST_F(FreeBatchTest, FreesGoBackTogetherWhenTheBatchIsFull)
{
    const std::size_t free = segment->FreeMemory();
    auto handles = Allocate(FreeBatch::kMaxChunks, 1024);
    const std::size_t used = segment->FreeMemory();
    for (std::size_t i = 0; i + 1 < handles.size(); ++i) {
        EXPECT_EQ(segment->DeallocateBatched(handles[i], 1024), 0);
    }
    EXPECT_EQ(segment->FreeMemory(), used);  // pending
    // exact: Boost's blocks (1024 bytes take 65 units of 16)
    EXPECT_EQ(segment->PendingFreeBytes(), static_cast<std::int64_t>(free - used) - 1040);
    EXPECT_EQ(segment->DeallocateBatched(handles.back(), 1024), 0);  // due: flushed, nothing refused
    EXPECT_EQ(segment->PendingFreeBytes(), 0);
    EXPECT_EQ(segment->FreeMemory(), free);
    EXPECT_TRUE(segment->CheckSanity());
}

TEST_F(FreeBatchTest, LargeChunksAreDueAtOnce)
{
    const std::size_t free = segment->FreeMemory();
    std::int64_t handle = segment->AllocateOrThrow(ManagedSegment::BatchBudget(kSegmentSize));
    EXPECT_EQ(segment->DeallocateBatched(handle, ManagedSegment::BatchBudget(kSegmentSize)), 0);
    EXPECT_EQ(segment->FreeMemory(), free);
}

TEST_F(FreeBatchTest, FlushGivesBackWhatIsPending)
{
    const std::size_t free = segment->FreeMemory();
    auto handles = Allocate(3, 100);
    for (std::int64_t handle : handles) {
        segment->DeallocateBatched(handle, 100);
    }
    EXPECT_EQ(segment->FlushFrees(), 0);
    EXPECT_EQ(segment->FreeMemory(), free);
    EXPECT_EQ(segment->FlushFrees(), 0);  // nothing pending: nothing to do
}

TEST_F(FreeBatchTest, AChunkClosedTwiceIsFreedOnce)
{
    const std::size_t free = segment->FreeMemory();
    auto handles = Allocate(2, 256);
    segment->DeallocateBatched(handles[0], 256);
    segment->DeallocateBatched(handles[1], 256);
    segment->DeallocateBatched(handles[0], 256);  // a duplicated frame made a second owner
    EXPECT_EQ(segment->FlushFrees(), 1);
    EXPECT_EQ(segment->RefusedFrees(), 1);
    EXPECT_NE(segment->LastRefusal().find("closed twice"), std::string::npos) << segment->LastRefusal();
    EXPECT_EQ(segment->FreeMemory(), free);
    EXPECT_TRUE(segment->CheckSanity());
}

TEST_F(FreeBatchTest, AChunkFreedMeanwhileOrForgedIsRefusedAndTheRestFreed)
{
    const std::size_t free = segment->FreeMemory();
    auto handles = Allocate(3, 512);
    segment->Deallocate(handles[1]);                    // someone else freed it
    segment->DeallocateBatched(handles[0], 512);
    segment->DeallocateBatched(handles[1], 512);
    segment->DeallocateBatched(handles[2] + 64, 512);   // inside a live chunk
    EXPECT_EQ(segment->FlushFrees(), 2);
    EXPECT_NE(segment->LastRefusal().find("nothing freed"), std::string::npos) << segment->LastRefusal();
    EXPECT_EQ(segment->ValidateChunk(handles[2], 512), 0);  // the live chunk is untouched
    segment->Deallocate(handles[2]);
    EXPECT_EQ(segment->FreeMemory(), free);
    EXPECT_TRUE(segment->CheckSanity());
}

TEST_F(FreeBatchTest, DestructionFlushes)
{
    const std::size_t free = segment->FreeMemory();
    auto handles = Allocate(4, 1024);
    for (std::int64_t handle : handles) {
        segment->DeallocateBatched(handle, 1024);
    }
    segment.reset();
    ManagedSegment reopened(kOpen, fName, 0);
    EXPECT_EQ(reopened.FreeMemory(), free);
}

} // namespace
