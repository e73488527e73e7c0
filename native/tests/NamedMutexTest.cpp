#include "TestPrefix.h"

#include <fairmq/shmem/jni/NamedMutex.h>

#include <gtest/gtest.h>

#include <future>

namespace
{

using namespace fair::mq::shmem;
using jni::NamedMutex;
using jni::OpenMode;

class NamedMutexTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        NamedMutex::Remove(fName);
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    std::string fPrefix = test::UniquePrefix("mutex");
    std::string fName = fPrefix + "mutex";
};

TEST_F(NamedMutexTest, HeldMutexBlocksAnotherHandle)
{
    NamedMutex a(static_cast<int>(OpenMode::OpenOrCreate), fName);
    NamedMutex b(static_cast<int>(OpenMode::OpenOnly), fName);
    a.Lock();
    EXPECT_FALSE(b.TryLock());
    EXPECT_FALSE(b.TimedLock(30));
    auto waiter = std::async(std::launch::async, [&] { return b.TimedLock(2000); });
    a.Unlock();
    EXPECT_TRUE(waiter.get());
    b.Unlock();
}

TEST_F(NamedMutexTest, LivesInDevShmAsSemaphore)
{
    NamedMutex a(static_cast<int>(OpenMode::CreateOnly), fName);
    EXPECT_EQ(test::LeftInDevShm(fPrefix), std::vector<std::string>{"sem." + fName});
    EXPECT_TRUE(NamedMutex::Remove(fName));
    EXPECT_FALSE(NamedMutex::Remove(fName));
}

TEST_F(NamedMutexTest, OpenOnlyOfMissingMutexIsNotFound)
{
    try {
        NamedMutex m(static_cast<int>(OpenMode::OpenOnly), fName);
        FAIL();
    } catch (const jni::Error& e) {
        EXPECT_EQ(e.Kind(), jni::ErrorKind::NotFound) << e.what();
    }
}

} // namespace
