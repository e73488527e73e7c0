#include <fairmq/shmem/jni/Zmq.h>
#include <fairmq/shmem/jni/ZmqFrame.h>
#include <fairmq/shmem/jni/ZmqRelease.h>

#include <gtest/gtest.h>

#include <zmq.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace
{

using namespace fair::mq::shmem::jni;

std::intptr_t Address(std::vector<char>& memory) { return reinterpret_cast<std::intptr_t>(memory.data()); }

class ZmqFrameTest : public ::testing::Test
{
  protected:
    ZmqFrameTest()
        : fPull(fContext, ZMQ_PULL, "pull")
        , fPush(fContext, ZMQ_PUSH, "push")
    {
        const std::string endpoint = "inproc://" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name());
        EXPECT_EQ(0, fPull.Bind(endpoint));
        EXPECT_EQ(0, fPush.Connect(endpoint));
    }

    /// Sends a frame over `memory` without a copy; `release` tells when libzmq let go of it.
    void SendLent(std::vector<char>& memory, ZmqRelease& release)
    {
        ZmqFrame out;
        ASSERT_EQ(0, out.RebuildOver(Address(memory), memory.size(), release));
        ASSERT_EQ(static_cast<std::int64_t>(memory.size()), fPush.SendFrame(out, 0));
        EXPECT_EQ(0u, out.Size()) << "a sent frame is empty";
    }

    ZmqContext fContext;
    ZmqSocket fPull;
    ZmqSocket fPush;
};

TEST_F(ZmqFrameTest, SendLeavesTheFrameEmptyAndTheReceiverHoldsTheSameMemory)
{
    std::vector<char> memory(1000, 'x');
    ZmqRelease release;
    SendLent(memory, release);
    EXPECT_FALSE(release.Released());

    ZmqFrame in;
    ASSERT_EQ(1000, fPull.ReceiveFrame(in, 0));
    EXPECT_EQ(Address(memory), in.Data()) << "inproc moves the content";
    EXPECT_FALSE(release.Released());
    in.Rebuild();
    EXPECT_TRUE(release.Released());
}

TEST_F(ZmqFrameTest, ReceivingIntoAUsedFrameReleasesItsContent)
{
    std::vector<char> memory(1000, 'y');
    ZmqRelease release;
    SendLent(memory, release);
    ZmqFrame in;
    ASSERT_EQ(1000, fPull.ReceiveFrame(in, 0));
    ZmqFrame out;
    ASSERT_EQ(0, out.Rebuild(5));
    ASSERT_EQ(5, fPush.SendFrame(out, 0));
    ASSERT_EQ(5, fPull.ReceiveFrame(in, 0));
    EXPECT_TRUE(release.Released());
}

TEST_F(ZmqFrameTest, AFailedReceiveLeavesTheFrameEmpty)
{
    ZmqFrame in;
    ASSERT_EQ(0, in.Rebuild(100));
    EXPECT_EQ(-EAGAIN, fPull.ReceiveFrame(in, ZMQ_DONTWAIT));
    EXPECT_EQ(0u, in.Size());
}

TEST_F(ZmqFrameTest, CopySharesLargeContentUntilTheLastHolderReleasesIt)
{
    std::vector<char> memory(100, 'z');
    ZmqRelease release;
    ZmqFrame first;
    ASSERT_EQ(0, first.RebuildOver(Address(memory), memory.size(), release));
    {
        ZmqFrame second;
        ASSERT_EQ(0, second.CopyFrom(first));
        EXPECT_EQ(first.Data(), second.Data());
        first.Rebuild();
        EXPECT_FALSE(release.Released());
    }
    EXPECT_TRUE(release.Released()) << "the destructor closes the last reference";
}

TEST_F(ZmqFrameTest, SmallContentIsCopiedByValue)
{
    ZmqFrame first;
    ASSERT_EQ(0, first.Rebuild(33));
    std::memset(reinterpret_cast<void*>(first.Data()), 1, 33);
    ZmqFrame second;
    ASSERT_EQ(0, second.CopyFrom(first));
    EXPECT_NE(first.Data(), second.Data());
}

TEST_F(ZmqFrameTest, ContentQueuedForAClosedPeerIsReleased)
{
    std::vector<char> memory(1000, 'q');
    ZmqRelease release;
    SendLent(memory, release);
    fPull.Close();
    fPush.Close();
    fContext.Terminate(); // waits for the reaper, which drops the pipe's frames
    EXPECT_TRUE(release.Released());
}

} // namespace
