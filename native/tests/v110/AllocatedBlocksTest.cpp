// The read-only block walk of v1.10 data segments (DataSegment::AllocatedBlocks), both allocation
// algorithms: the live chunks by handle (the chunk start a MetaHeader carries), Boost's sizes, the
// free-memory arithmetic, a corrupt header as an integrity error, a stuck allocator lock as a timeout.
#include <fairmq/shmem/v110/jni/DataSegment.h>

#include "../TestPrefix.h"

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <thread>

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

/// The allocator mutex held by another thread (as by a peer that died holding it): the walk gives up
/// after LockTimeoutMs() with a timed_out error, and reads the blocks once it is free again.
template <class Segment>
void ExpectTheWalkTimesOutWhileTheAllocatorIsLocked(const std::string& name, DataSegment& segment)
{
    using fair::mq::shmem::jni::Error;
    using fair::mq::shmem::jni::ErrorKind;
    Segment view(bipc::open_only, name.c_str());
    auto& mutex = *reinterpret_cast<bipc::interprocess_mutex*>(view.get_segment_manager());
    std::promise<void> locked;
    std::promise<void> release;
    std::thread holder([&] {
        mutex.lock();
        locked.set_value();
        release.get_future().wait();
        mutex.unlock();
    });
    locked.get_future().wait();
    const std::int64_t previous = fair::mq::shmem::jni::SetLockTimeoutMs(100);
    try {
        segment.AllocatedBlocks();
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(ErrorKind::TimedOut, e.Kind()) << e.what();
        EXPECT_NE(std::string::npos, std::string(e.what()).find("walk the blocks of \"" + name + "\"")) << e.what();
    }
    fair::mq::shmem::jni::SetLockTimeoutMs(previous);
    release.set_value();
    holder.join();
    EXPECT_EQ(1u, segment.AllocatedBlocks().Count());
}

TEST_P(V110AllocatedBlocks, AStuckAllocatorLockTimesOut)
{
    DataSegment segment(kOpenOrCreate, fName, 1000000, GetParam());
    ASSERT_GE(segment.Allocate(100, 0), 0);
    if (GetParam() == DataSegment::kRBTreeBestFit) {
        ExpectTheWalkTimesOutWhileTheAllocatorIsLocked<RBTreeBestFitSegment>(fName, segment);
    } else {
        ExpectTheWalkTimesOutWhileTheAllocatorIsLocked<SimpleSeqFitSegment>(fName, segment);
    }
}

INSTANTIATE_TEST_SUITE_P(BothAlgorithms, V110AllocatedBlocks,
                         ::testing::Values(DataSegment::kRBTreeBestFit, DataSegment::kSimpleSeqFit),
                         [](const auto& info) { return info.param == DataSegment::kRBTreeBestFit ? "rbtree" : "seqfit"; });

} // namespace
} // namespace fair::mq::shmem::v110::jni
