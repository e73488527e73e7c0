// The read-only block walk of v1.10 data segments (DataSegment::AllocatedBlocks), both allocation
// algorithms: the live chunks by handle (the chunk start a MetaHeader carries), Boost's sizes, the
// free-memory arithmetic, and a corrupt header as an integrity error.
#include <fairmq/shmem/v110/jni/DataSegment.h>

#include "../TestPrefix.h"

#include <gtest/gtest.h>

#include <string>

namespace fair::mq::shmem::v110::jni
{
namespace
{

constexpr int kOpenOrCreate = 2;

class V110AllocatedBlocks : public ::testing::TestWithParam<int>
{
  protected:
    void TearDown() override
    {
        bipc::shared_memory_object::remove(fName.c_str());
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("v110blocks");
    std::string fName = fPrefix + "m_0";
};

TEST_P(V110AllocatedBlocks, ListsTheChunksStillReferencedAndAgreesWithTheFreeMemory)
{
    DataSegment segment(kOpenOrCreate, fName, 1000000, GetParam());
    const std::size_t freeIdle = segment.FreeMemory();
    EXPECT_EQ(0u, segment.AllocatedBlocks().Count());
    std::int64_t a = segment.Allocate(100, 0);
    std::int64_t b = segment.Allocate(3000, 64);
    std::int64_t c = segment.Allocate(10, 0);
    ASSERT_EQ(1, segment.Release(b));

    auto blocks = segment.AllocatedBlocks();
    ASSERT_EQ(2u, blocks.Count());
    EXPECT_EQ(static_cast<std::uint64_t>(a), blocks.Blocks()[0].offset);
    EXPECT_EQ(static_cast<std::uint64_t>(c), blocks.Blocks()[1].offset);
    EXPECT_GE(blocks.Blocks()[0].size, DataSegment::FullSize(100, 0));
    EXPECT_LT(blocks.Blocks()[0].size, DataSegment::FullSize(100, 0) + 32);
    EXPECT_EQ(freeIdle - segment.FreeMemory(), blocks.BlockBytes());
    ASSERT_EQ(1, segment.Release(a));
    ASSERT_EQ(1, segment.Release(c));
    EXPECT_EQ(0u, segment.AllocatedBlocks().Count());
    EXPECT_EQ(freeIdle, segment.FreeMemory());
}

TEST_P(V110AllocatedBlocks, ACorruptHeaderIsAnIntegrityError)
{
    DataSegment segment(kOpenOrCreate, fName, 1000000, GetParam());
    std::int64_t a = segment.Allocate(100, 0);
    auto* sizeWord = reinterpret_cast<std::uint64_t*>(segment.Address() + a - 8);
    const std::uint64_t saved = *sizeWord;
    *sizeWord = saved + 1000000000;  // a size past the segment (the flag bits of rbtree_best_fit stay)
    try {
        segment.AllocatedBlocks();
        ADD_FAILURE() << "no error";
    } catch (const fair::mq::shmem::jni::Error& e) {
        EXPECT_EQ(fair::mq::shmem::jni::ErrorKind::Integrity, e.Kind()) << e.what();
        EXPECT_NE(std::string::npos, std::string(e.what()).find("block at offset")) << e.what();
    }
    *sizeWord = saved;
    EXPECT_EQ(1u, segment.AllocatedBlocks().Count());
}

INSTANTIATE_TEST_SUITE_P(BothAlgorithms, V110AllocatedBlocks,
                         ::testing::Values(DataSegment::kRBTreeBestFit, DataSegment::kSimpleSeqFit),
                         [](const auto& info) { return info.param == DataSegment::kRBTreeBestFit ? "rbtree" : "seqfit"; });

} // namespace
} // namespace fair::mq::shmem::v110::jni
