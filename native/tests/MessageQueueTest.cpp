#include "TestPrefix.h"

#include <fairmq/shmem/jni/MessageQueue.h>

#include <gtest/gtest.h>

#include <chrono>

namespace
{

using namespace fair::mq::shmem;
using jni::MessageQueue;
using jni::OpenMode;

class MessageQueueTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        MessageQueue::Remove(fName);
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("queue");
    std::string fName = fPrefix + "control_queue";
};

TEST_F(MessageQueueTest, HeartbeatCrossesBetweenHandles)
{
    MessageQueue monitor(static_cast<int>(OpenMode::OpenOrCreate), fName, 1000, 1);
    MessageQueue device(static_cast<int>(OpenMode::OpenOnly), fName, 0, 0);
    EXPECT_EQ(monitor.MaxMessages(), 1000);
    EXPECT_EQ(monitor.MaxMessageSize(), 1);
    EXPECT_TRUE(device.TimedSendByte(1, 100));
    EXPECT_EQ(monitor.NumMessages(), 1);
    EXPECT_EQ(monitor.TimedReceiveByte(100), 1);
}

TEST_F(MessageQueueTest, TimeoutsReturnInsteadOfThrowing)
{
    MessageQueue queue(static_cast<int>(OpenMode::CreateOnly), fName, 1, 1);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(queue.TimedReceiveByte(50), -1);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(40));
    EXPECT_TRUE(queue.TimedSendByte(1, 50));
    EXPECT_FALSE(queue.TimedSendByte(1, 50));  // full
}

TEST_F(MessageQueueTest, OpenOnlyOfMissingQueueIsNotFound)
{
    try {
        MessageQueue queue(static_cast<int>(OpenMode::OpenOnly), fName, 0, 0);
        FAIL();
    } catch (const jni::Error& e) {
        EXPECT_EQ(e.Kind(), jni::ErrorKind::NotFound);
    }
}

TEST_F(MessageQueueTest, OversizedMessageIsAnError)
{
    MessageQueue queue(static_cast<int>(OpenMode::CreateOnly), fName, 4, 1);
    char two[2] = {1, 2};
    EXPECT_THROW(queue.TimedSend(reinterpret_cast<std::intptr_t>(two), 2, 0, 10), jni::Error);
}

} // namespace
