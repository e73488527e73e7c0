// The management segment's bookkeeping (PROTOCOL-V110.md 1.3, 2.1, 2.3, 4.1, 4.6).
#include <fairmq/shmem/v110/jni/ManagementSegment.h>

#include "../TestPrefix.h"

#include <gtest/gtest.h>

namespace fair::mq::shmem::v110::jni
{
namespace
{

constexpr int kOpenOnly = 1;
constexpr int kOpenOrCreate = 2;

class V110ManagementSegment : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        bipc::shared_memory_object::remove(fName.c_str());
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("v110mng");
    std::string fName = fPrefix + "mng";
};

TEST_F(V110ManagementSegment, JoinAndLeaveCountDevices)
{
    ManagementSegment first(kOpenOrCreate, fName);
    EXPECT_EQ(kManagementSegmentSize, first.Size());
    first.Lock();
    EXPECT_TRUE(first.EnsureSessionInfo("s1", 0));
    first.EnsureEventCounter();
    EXPECT_EQ(1, first.IncrementDeviceCounter());
    first.EnsureMaps();
    first.Unlock();

    ManagementSegment second(kOpenOnly, fName);
    second.Lock();
    EXPECT_FALSE(second.EnsureSessionInfo("other", 7));
    EXPECT_EQ(2, second.IncrementDeviceCounter());
    second.Unlock();
    EXPECT_EQ("s1", second.SessionName());
    EXPECT_EQ(0, second.CreatorId());
    EXPECT_EQ(2, first.DeviceCount());

    second.Lock();
    EXPECT_EQ(1, second.DecrementDeviceCounter());
    second.Unlock();
    first.Lock();
    EXPECT_EQ(0, first.DecrementDeviceCounter());
    first.Unlock();
}

TEST_F(V110ManagementSegment, AbsentObjectsAreReportedNotCreated)
{
    ManagementSegment mng(kOpenOrCreate, fName);
    EXPECT_EQ(-1, mng.DeviceCount());
    EXPECT_EQ(-1, mng.HeartbeatCount());
    EXPECT_EQ(-1, mng.EventCount());
    EXPECT_EQ(-1, mng.CreatorId());
    EXPECT_EQ("", mng.SessionName());
    EXPECT_FALSE(mng.HasSegmentMap());
    EXPECT_EQ(-1, mng.SegmentAlgorithm(0));
    mng.Lock();
    EXPECT_EQ(-1, mng.DecrementDeviceCounter());
    mng.Unlock();
}

TEST_F(V110ManagementSegment, SegmentMapRecordsTheAlgorithmOnce)
{
    ManagementSegment mng(kOpenOrCreate, fName);
    mng.Lock();
    EXPECT_TRUE(mng.RegisterSegment(0, 1));
    EXPECT_FALSE(mng.RegisterSegment(0, 0));
    EXPECT_TRUE(mng.RegisterSegment(3, 0));
    mng.Unlock();
    EXPECT_EQ(1, mng.SegmentAlgorithm(0));
    EXPECT_EQ(0, mng.SegmentAlgorithm(3));
    EXPECT_EQ(-1, mng.SegmentAlgorithm(1));
    std::string list = mng.Segments();
    EXPECT_NE(std::string::npos, list.find("0:1"));
    EXPECT_NE(std::string::npos, list.find("3:0"));
}

TEST_F(V110ManagementSegment, HeartbeatsCountWithoutTheMutex)
{
    ManagementSegment mng(kOpenOrCreate, fName);
    mng.Beat();
    mng.Beat();
    EXPECT_EQ(2, mng.HeartbeatCount());
    std::string keys = mng.UniqueKeys();
    EXPECT_NE(std::string::npos, keys.find(std::string(kHeartbeatKey) + "\n"));
    EXPECT_NE(std::string::npos, keys.find(std::string(kMutexKey) + "\n"));
}

TEST_F(V110ManagementSegment, RegionIdsStartAt1024AndEntriesStay)
{
    ManagementSegment mng(kOpenOrCreate, fName);
    mng.Lock();
    EXPECT_EQ(1024, mng.NextRegionId());
    EXPECT_EQ(1025, mng.NextRegionId());
    EXPECT_TRUE(mng.RegisterRegion(1024, "", 0, 5, 1000000, 100000000));
    EXPECT_FALSE(mng.RegisterRegion(1024, "", 0, 5, 1000000, 100000000));
    EXPECT_EQ(1, mng.EventCount());
    EXPECT_TRUE(mng.MarkRegionDestroyed(1024));
    EXPECT_FALSE(mng.MarkRegionDestroyed(1030));
    mng.Unlock();
    EXPECT_EQ(2, mng.EventCount());
    EXPECT_EQ(1025, mng.RegionCount());
    EXPECT_EQ("1024 1 0 5 1000000 100000000 \n", mng.Regions());
}

} // namespace
} // namespace fair::mq::shmem::v110::jni
