// The read-only block walk of a 2017 main segment (jni/RBTreeBlockWalk.h through
// ManagedSegment::AllocatedBlocks): user chunks only, in address order, Boost's sizes, consistent
// with get_free_memory(); a corrupt header and a stuck allocator lock are errors, not crashes.
#include "TestPrefix.h"

#include <fairmq/shmem/jni/ManagedSegment.h>

#include <gtest/gtest.h>

#include <string>

namespace
{

using namespace fair::mq::shmem;
using jni::Error;
using jni::ErrorKind;
using jni::ManagedSegment;
using jni::OpenMode;

constexpr int kCreate = static_cast<int>(OpenMode::CreateOnly);

class AllocatedBlocksTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        ManagedSegment::Remove(fName);
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("blocks");
    std::string fName = fPrefix + "main";
};

TEST_F(AllocatedBlocksTest, AnIdleSegmentWithItsDeviceCounterHasNoUserBlocks)
{
    ManagedSegment segment(kCreate, fName, 1000000);
    EXPECT_EQ(0u, segment.AllocatedBlocks().Count());
    segment.ConstructDeviceCounter(1);
    EXPECT_EQ(0u, segment.AllocatedBlocks().Count());  // the protocol's own object is no leak
    EXPECT_EQ("0 0 0\n", segment.AllocatedBlocksText(10));
}

TEST_F(AllocatedBlocksTest, ListsTheLiveChunksByHandleWithBoostsSizes)
{
    ManagedSegment segment(kCreate, fName, 1000000);
    segment.ConstructDeviceCounter(1);
    const std::size_t freeIdle = segment.FreeMemory();
    std::int64_t a = segment.AllocateOrThrow(16);
    std::int64_t b = segment.AllocateOrThrow(1000);
    std::int64_t c = segment.AllocateOrThrow(5000);
    segment.Deallocate(b);

    jni::AllocatedBlocks blocks = segment.AllocatedBlocks();
    ASSERT_EQ(2u, blocks.Count());
    EXPECT_EQ(static_cast<std::uint64_t>(a), blocks.Blocks()[0].offset);
    EXPECT_EQ(40u, blocks.Blocks()[0].size);  // 16 bytes asked: the least block, 3 units, minus the header, plus the next m_prev_size
    EXPECT_EQ(static_cast<std::uint64_t>(c), blocks.Blocks()[1].offset);
    EXPECT_GE(blocks.Blocks()[1].size, 5000u);
    EXPECT_EQ(freeIdle - segment.FreeMemory(), blocks.BlockBytes());  // cross-check with Boost's arithmetic
    EXPECT_EQ(blocks.Blocks()[0].size + blocks.Blocks()[1].size, blocks.Bytes());
    EXPECT_EQ("2 " + std::to_string(blocks.Bytes()) + " " + std::to_string(blocks.BlockBytes()) + "\n"
                  + std::to_string(a) + " 40\n",
              segment.AllocatedBlocksText(1));
    segment.Deallocate(a);
    segment.Deallocate(c);
    EXPECT_EQ(0u, segment.AllocatedBlocks().Count());
    EXPECT_EQ(freeIdle, segment.FreeMemory());
}

TEST_F(AllocatedBlocksTest, ACorruptHeaderIsAnIntegrityErrorAndNothingChanges)
{
    ManagedSegment segment(kCreate, fName, 1000000);
    std::int64_t a = segment.AllocateOrThrow(100);
    auto* sizeWord = reinterpret_cast<std::uint64_t*>(segment.Address() + a - 8);
    const std::uint64_t saved = *sizeWord;
    *sizeWord = (saved & ~((std::uint64_t{1} << 62) - 1)) | 1000000000;  // a size past the segment
    try {
        segment.AllocatedBlocks();
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(ErrorKind::Integrity, e.Kind());
        EXPECT_NE(std::string::npos, std::string(e.what()).find("block at offset " + std::to_string(a - 16)))
            << e.what();
    }
    *sizeWord = saved;
    EXPECT_EQ(1u, segment.AllocatedBlocks().Count());
    segment.Deallocate(a);
}

} // namespace
