// Chunks with a ShmHeader and a refcount in v1.10 data segments (PROTOCOL-V110.md 1.4, 3.6, 3.9).
#include <fairmq/shmem/v110/jni/DataSegment.h>

#include "../TestPrefix.h"

#include <gtest/gtest.h>

#include <cstring>

namespace fair::mq::shmem::v110::jni
{
namespace
{

constexpr int kOpenOrCreate = 2;

class V110DataSegment : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        bipc::shared_memory_object::remove(fName.c_str());
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("v110data");
    std::string fName = fPrefix + "m_0";
};

TEST_F(V110DataSegment, FreshSegmentsAsObserved)
{
    {
        DataSegment rbtree(kOpenOrCreate, fName, 10000000, DataSegment::kRBTreeBestFit);
        EXPECT_EQ(9999840u, rbtree.FreeMemory());  // 1.4 [V], Boost 1.74
        EXPECT_EQ(176, rbtree.Allocate(16, 0));    // the first chunk of a fresh rbtree segment
    }
    bipc::shared_memory_object::remove(fName.c_str());
    DataSegment seqFit(kOpenOrCreate, fName, 1000000, DataSegment::kSimpleSeqFit);
    EXPECT_EQ(999856u, seqFit.FreeMemory());
}

TEST_F(V110DataSegment, ChunkBytesAreTheReferences)
{
    DataSegment segment(kOpenOrCreate, fName, 1000000, DataSegment::kRBTreeBestFit);
    std::int64_t handle = segment.Allocate(16, 0);
    ASSERT_GE(handle, 0);
    const unsigned char expected[] = {0x02, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00};
    unsigned char header[8];
    std::memcpy(header, reinterpret_cast<const char*>(segment.Address()) + handle, 8);
    header[2] = header[3] = 0;  // padding, uninitialised
    EXPECT_EQ(0, std::memcmp(expected, header, 8));
    EXPECT_EQ(handle + 16, segment.DataOffset(handle));
    EXPECT_EQ(0, segment.Validate(handle, 16));

    std::int64_t aligned = segment.Allocate(100, 64);
    EXPECT_EQ(0, (segment.Address() + segment.DataOffset(aligned)) % 64);
    EXPECT_EQ(0, segment.Validate(aligned, 100));
}

TEST_F(V110DataSegment, ReferencesAreCountedAndTheLastFrees)
{
    DataSegment segment(kOpenOrCreate, fName, 1000000, DataSegment::kRBTreeBestFit);
    std::size_t before = segment.FreeMemory();
    std::int64_t handle = segment.Allocate(32, 0);
    EXPECT_EQ(2, segment.AddReference(handle));
    EXPECT_EQ(2, segment.RefCount(handle));
    EXPECT_EQ(0, segment.Release(handle));
    EXPECT_EQ(1, segment.RefCount(handle));
    EXPECT_EQ(1, segment.Release(handle));
    EXPECT_EQ(before, segment.FreeMemory());
}

TEST_F(V110DataSegment, ForgedHandlesAreRefused)
{
    DataSegment segment(kOpenOrCreate, fName, 1000000, DataSegment::kRBTreeBestFit);
    std::int64_t handle = segment.Allocate(64, 0);
    EXPECT_NE(0, segment.Validate(-1, 0));
    EXPECT_NE(0, segment.Validate(0, 0));
    EXPECT_NE(0, segment.Validate(handle + 1, 0));
    EXPECT_NE(0, segment.Validate(handle + 16, 0));            // the user data, not the chunk start
    EXPECT_NE(0, segment.Validate(handle, 100000));             // past the chunk
    EXPECT_NE(0, segment.Validate(static_cast<std::int64_t>(segment.Size()) + 16, 0));
    EXPECT_EQ(0, segment.Validate(handle, 64));
    segment.Release(handle);
    EXPECT_NE(0, segment.Validate(handle, 64));                  // freed
}

TEST_F(V110DataSegment, ResetContentForgetsEveryChunk)
{
    for (int algorithm : {DataSegment::kRBTreeBestFit, DataSegment::kSimpleSeqFit}) {
        std::size_t fresh;
        {
            DataSegment segment(kOpenOrCreate, fName, 1000000, algorithm);
            fresh = segment.FreeMemory();
            ASSERT_GE(segment.Allocate(1000, 0), 0);
            ASSERT_GE(segment.Allocate(5000, 0), 0);
            EXPECT_LT(segment.FreeMemory(), fresh);
        }
        {
            DataSegment other(1, fName, 0, algorithm);  // another process's view: open_only
            other.ResetContent();
            EXPECT_EQ(fresh, other.FreeMemory());
            EXPECT_GE(other.Allocate(1000, 0), 0);
        }
        bipc::shared_memory_object::remove(fName.c_str());
    }
}

TEST_F(V110DataSegment, AFullSegmentSaysSo)
{
    DataSegment segment(kOpenOrCreate, fName, 100000, DataSegment::kRBTreeBestFit);
    EXPECT_EQ(DataSegment::kFull, segment.Allocate(200000, 0));
    EXPECT_EQ(200024u, DataSegment::FullSize(200000, 0));  // 3.10 [V]
}

} // namespace
} // namespace fair::mq::shmem::v110::jni
