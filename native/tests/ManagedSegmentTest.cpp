#include "TestPrefix.h"

#include <fairmq/shmem/Names.h>
#include <fairmq/shmem/jni/ManagedSegment.h>

#include <gtest/gtest.h>

#include <cstring>
#include <functional>

namespace
{

using namespace fair::mq::shmem;
using jni::Error;
using jni::ErrorKind;
using jni::ManagedSegment;
using jni::OpenMode;

constexpr int kCreate = static_cast<int>(OpenMode::CreateOnly);
constexpr int kOpen = static_cast<int>(OpenMode::OpenOnly);
constexpr int kOpenOrCreate = static_cast<int>(OpenMode::OpenOrCreate);

class ManagedSegmentTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        ManagedSegment::Remove(fName);
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("segment");
    std::string fName = fPrefix + "main";
};

ErrorKind KindOfCall(const std::function<void()>& call)
{
    try {
        call();
    } catch (const Error& e) {
        return e.Kind();
    }
    ADD_FAILURE() << "no error";
    return ErrorKind::Other;
}

TEST_F(ManagedSegmentTest, FreshSegmentMatchesTheBoost174Observations)
{
    ManagedSegment segment(kCreate, fName, 2000000000);
    EXPECT_EQ(segment.Size(), 2000000000U);
    EXPECT_EQ(segment.FreeMemory(), 1999999776U);  // PROTOCOL.md 1.2.4
    segment.ConstructDeviceCounter(1);
    EXPECT_EQ(segment.DeviceCounterHandle(), 280);
    EXPECT_EQ(segment.Allocate(16), 336);
    EXPECT_EQ(segment.Allocate(16), 384);
}

TEST_F(ManagedSegmentTest, AllocateWriteReadDeallocateRestoresFreeMemory)
{
    ManagedSegment segment(kCreate, fName, 1 << 20);
    auto before = segment.FreeMemory();
    auto handle = segment.Allocate(1000);
    ASSERT_GT(handle, 0);
    auto address = segment.AddressFromHandle(handle);
    EXPECT_EQ(segment.HandleFromAddress(address), handle);
    std::memset(reinterpret_cast<void*>(address), 0x5A, 1000);
    segment.Deallocate(handle);
    EXPECT_EQ(segment.FreeMemory(), before);
    EXPECT_TRUE(segment.CheckSanity());
}

TEST_F(ManagedSegmentTest, FullSegmentReportsMinusOneOrOutOfMemory)
{
    ManagedSegment segment(kCreate, fName, 1 << 16);
    EXPECT_EQ(segment.Allocate(1 << 20), -1);
    EXPECT_EQ(KindOfCall([&] { segment.AllocateOrThrow(1 << 20); }), ErrorKind::OutOfMemory);
    EXPECT_GT(segment.Allocate(100), 0);  // still usable afterwards
}

TEST_F(ManagedSegmentTest, BadHandlesAreRefused)
{
    ManagedSegment segment(kCreate, fName, 1 << 16);
    EXPECT_EQ(KindOfCall([&] { segment.Deallocate(0); }), ErrorKind::BadHandle);
    EXPECT_EQ(KindOfCall([&] { segment.Deallocate(-16); }), ErrorKind::BadHandle);
    EXPECT_EQ(KindOfCall([&] { segment.Deallocate(1 << 20); }), ErrorKind::BadHandle);
    EXPECT_EQ(KindOfCall([&] { segment.Deallocate(337); }), ErrorKind::BadHandle);
    EXPECT_EQ(KindOfCall([&] { segment.CheckHandle(336, 1 << 16, "read"); }), ErrorKind::BadHandle);
    auto handle = segment.Allocate(64);
    segment.Deallocate(handle);
    // A block that is no longer allocated: refused before Boost sees it (ChunkValidator).
    EXPECT_EQ(KindOfCall([&] { segment.Deallocate(handle); }), ErrorKind::BadHandle);
    EXPECT_TRUE(segment.CheckSanity());
}

TEST_F(ManagedSegmentTest, OpenModesReportMissingAndExisting)
{
    EXPECT_EQ(KindOfCall([&] { ManagedSegment(kOpen, fName, 0); }), ErrorKind::NotFound);
    ManagedSegment created(kCreate, fName, 1 << 16);
    EXPECT_EQ(KindOfCall([&] { ManagedSegment(kCreate, fName, 1 << 16); }), ErrorKind::AlreadyExists);
    ManagedSegment opened(kOpenOrCreate, fName, 1 << 20);
    EXPECT_EQ(opened.Size(), 1U << 16);  // size ignored when the segment exists
}

TEST_F(ManagedSegmentTest, ErrorTextNamesOperationAndObject)
{
    try {
        ManagedSegment(kOpen, fName, 0);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "[not_found] managed_shared_memory open_only \"" + fName
                                             + "\": No such file or directory");
    }
}

TEST_F(ManagedSegmentTest, DeviceCounterIsSharedBetweenMappings)
{
    ManagedSegment a(kCreate, fName, 1 << 16);
    ManagedSegment b(kOpen, fName, 0);
    EXPECT_EQ(a.FindDeviceCounter(), -1);
    a.ConstructDeviceCounter(1);
    EXPECT_EQ(b.FindDeviceCounter(), 1);
    EXPECT_EQ(b.AddToDeviceCounter(1), 2);
    EXPECT_EQ(a.AddToDeviceCounter(-1), 1);
    EXPECT_EQ(KindOfCall([&] { b.ConstructDeviceCounter(1); }), ErrorKind::AlreadyExists);
    EXPECT_TRUE(a.DestroyDeviceCounter());
    EXPECT_EQ(b.FindDeviceCounter(), -1);
    EXPECT_EQ(KindOfCall([&] { b.AddToDeviceCounter(1); }), ErrorKind::NotFound);
}

TEST_F(ManagedSegmentTest, ManagementObjects)
{
    ManagedSegment segment(kCreate, fName, kManagementSegmentSize);
    EXPECT_EQ(segment.FreeMemory(), 65312U);  // PROTOCOL.md 1.2.4
    EXPECT_FALSE(segment.FindMonitorStatus());
    segment.ConstructRegionCounter(1);
    segment.ConstructMonitorStatus();
    EXPECT_TRUE(segment.FindMonitorStatus());
    EXPECT_EQ(segment.AddToRegionCounter(1), 2);
    EXPECT_TRUE(segment.DestroyMonitorStatus());
    EXPECT_FALSE(segment.FindMonitorStatus());
}

TEST_F(ManagedSegmentTest, QueueListingObjects)
{
    ManagedSegment segment(kCreate, fName, 1 << 16);
    EXPECT_FALSE(segment.HasStringVector("q"));
    EXPECT_EQ(segment.ListStrings("q"), "");
    segment.ConstructQueueEntries("q", "alpha\nbeta", 7);
    EXPECT_TRUE(segment.HasStringVector("q"));
    EXPECT_EQ(segment.ListStrings("q"), "alpha\nbeta\n");
    EXPECT_EQ(segment.FindNamedInt("beta"), 7);
    EXPECT_EQ(segment.FindNamedInt("gamma"), INT64_MIN);
}

// The read-only block walk of the leak reports (jni/RBTreeBlockWalk.h): user chunks only, in address
// order, Boost's sizes, consistent with get_free_memory(); a corrupt header is an error, not a crash.
TEST_F(ManagedSegmentTest, AnIdleSegmentWithItsDeviceCounterHasNoUserBlocks)
{
    ManagedSegment segment(kCreate, fName, 1000000);
    EXPECT_EQ(0u, segment.AllocatedBlocks().Count());
    segment.ConstructDeviceCounter(1);
    EXPECT_EQ(0u, segment.AllocatedBlocks().Count());  // the protocol's own object is no leak
    EXPECT_EQ("0 0 0\n", segment.AllocatedBlocksText(10));
}

TEST_F(ManagedSegmentTest, ListsTheLiveChunksByHandleWithBoostsSizes)
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

TEST_F(ManagedSegmentTest, ACorruptHeaderIsAnIntegrityErrorAndNothingChanges)
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
