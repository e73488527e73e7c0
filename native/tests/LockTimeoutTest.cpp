// A peer killed while it holds a lock inside the segment (PROTOCOL.md 1.3, 2.4): every locked call
// gives up after LockTimeoutMs() with a timed_out error naming the segment and the remedy.
#include "TestPrefix.h"

#include <fairmq/shmem/jni/ManagedSegment.h>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <functional>

#include <sys/wait.h>
#include <unistd.h>

namespace
{

using namespace fair::mq::shmem;
using jni::Error;
using jni::ErrorKind;
using jni::ManagedSegment;
using jni::OpenMode;
using Clock = std::chrono::steady_clock;

constexpr int kCreate = static_cast<int>(OpenMode::CreateOnly);
constexpr std::int64_t kTimeoutMs = 300;

namespace bipc = boost::interprocess;

/// The allocator mutex of a managed segment: segment_manager derives (single inheritance, no
/// virtual functions) from segment_manager_base, which derives from rbtree_best_fit, whose first
/// member m_header derives first from interprocess_mutex. So it lies at the segment manager's
/// address (jni/BoostLayout.h checks the sizes; the tests below check that allocate waits on it).
bipc::interprocess_mutex& AllocatorMutex(bipc::managed_shared_memory& segment)
{
    return *reinterpret_cast<bipc::interprocess_mutex*>(segment.get_segment_manager());
}

/// Runs `hold` in a child process, which calls `ready` once it holds the lock and then waits to be
/// killed; returns when the child is ready.
using Hold = std::function<void(bipc::managed_shared_memory&, const std::function<void()>& ready)>;

pid_t HoldInChild(const std::string& name, const Hold& hold)
{
    int ready[2];
    if (::pipe(ready) != 0) {
        ADD_FAILURE() << "pipe";
        return -1;
    }
    pid_t pid = ::fork();
    if (pid == 0) {
        ::close(ready[0]);
        bipc::managed_shared_memory segment(bipc::open_only, name.c_str());
        hold(segment, [&] {
            char ok = 'k';
            if (::write(ready[1], &ok, 1) != 1) {
                ::_exit(2);
            }
        });
        for (;;) {
            ::pause();
        }
    }
    ::close(ready[1]);
    char byte = 0;
    EXPECT_EQ(::read(ready[0], &byte, 1), 1) << "child did not take the lock";
    ::close(ready[0]);
    return pid;
}

void Kill(pid_t pid)
{
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
}

class LockTimeoutTest : public ::testing::Test
{
  protected:
    void SetUp() override { fPrevious = jni::SetLockTimeoutMs(kTimeoutMs); }

    void TearDown() override
    {
        jni::SetLockTimeoutMs(fPrevious);
        ManagedSegment::Remove(fName);
        EXPECT_TRUE(test::LeftInDevShm(fPrefix).empty());
    }

    /// Runs `call`, expects a timed_out Error naming the segment and the remedy, within the bound.
    void ExpectTimedOut(const std::function<void()>& call)
    {
        auto start = Clock::now();
        try {
            call();
            ADD_FAILURE() << "no error";
        } catch (const Error& e) {
            EXPECT_EQ(e.Kind(), ErrorKind::TimedOut) << e.what();
            std::string what = e.what();
            EXPECT_NE(what.find("[timed_out] "), std::string::npos) << what;
            EXPECT_NE(what.find("\"" + fName + "\""), std::string::npos) << what;
            EXPECT_NE(what.find("held by a process that may be dead"), std::string::npos) << what;
            EXPECT_NE(what.find("fairmq-shmmonitor --cleanup"), std::string::npos) << what;
        }
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
        EXPECT_GE(ms, kTimeoutMs - 5);
        EXPECT_LT(ms, kTimeoutMs + 5000);
    }

    std::int64_t fPrevious = 0;
    std::string fPrefix = test::UniquePrefix("locks");
    std::string fName = fPrefix + "main";
};

TEST(LockTimeout, IsConfigurableAtRunTimeAndIsBoostsOwnSwitch)
{
#ifndef BOOST_INTERPROCESS_ENABLE_TIMEOUT_WHEN_LOCKING
    FAIL() << "LockTimeout.h did not enable Boost's lock timeout in this translation unit";
#endif
    EXPECT_EQ(jni::LockTimeoutMs(), jni::kDefaultLockTimeoutMs);
    std::int64_t previous = jni::SetLockTimeoutMs(1234);
    EXPECT_EQ(BOOST_INTERPROCESS_TIMEOUT_WHEN_LOCKING_DURATION_MS, 1234);
    EXPECT_EQ(jni::SetLockTimeoutMs(0), 1234);
    EXPECT_EQ(jni::LockTimeoutMs(), 1) << "at least 1 ms";
    jni::SetLockTimeoutMs(previous);
}

TEST_F(LockTimeoutTest, AllocatorMutexHeldByADeadPeerBoundsEveryAllocatorCall)
{
    ManagedSegment segment(kCreate, fName, 1 << 20);
    std::int64_t chunk = segment.Allocate(64);
    ASSERT_GT(chunk, 0);
    pid_t peer = HoldInChild(fName, [](bipc::managed_shared_memory& s, const std::function<void()>& ready) {
        AllocatorMutex(s).lock();
        ready();
    });
    Kill(peer);

    auto start = Clock::now();
    EXPECT_EQ(segment.Allocate(64), ManagedSegment::kLockTimedOut);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    EXPECT_GE(ms, kTimeoutMs - 5);
    EXPECT_LT(ms, kTimeoutMs + 5000);

    ExpectTimedOut([&] { segment.AllocateOrThrow(64); });
    ExpectTimedOut([&] { segment.Deallocate(chunk); });
    ExpectTimedOut([&] { segment.ConstructDeviceCounter(1); });  // construct allocates
    ExpectTimedOut([&] { segment.CheckSanity(); });
    ExpectTimedOut([&] { segment.AllocatedBlocks(); });  // the leak report's walk (RBTreeBlockWalk.h)
    EXPECT_EQ(segment.FindDeviceCounter(), -1) << "find takes the index mutex only";
    EXPECT_GT(segment.FreeMemory(), 0U) << "get_free_memory does not lock";
}

TEST_F(LockTimeoutTest, IndexMutexHeldByADeadPeerBoundsFindAndConstruct)
{
    ManagedSegment segment(kCreate, fName, 1 << 20);
    segment.ConstructDeviceCounter(1);
    // segment_manager::atomic_func holds the index mutex while its function runs: it never returns.
    pid_t peer = HoldInChild(fName, [](bipc::managed_shared_memory& s, const std::function<void()>& ready) {
        auto holdForever = [&] {
            ready();
            for (;;) {
                ::pause();
            }
        };
        s.get_segment_manager()->atomic_func(holdForever);
    });
    Kill(peer);

    ExpectTimedOut([&] { segment.FindDeviceCounter(); });
    ExpectTimedOut([&] { segment.AddToDeviceCounter(-1); });
    ExpectTimedOut([&] { segment.ConstructRegionCounter(1); });
    ExpectTimedOut([&] { segment.AllocatedBlocks(); });  // it keeps the named objects still while it walks
    std::int64_t chunk = segment.Allocate(64);
    EXPECT_GT(chunk, 0) << "allocate takes the allocator mutex only";
    segment.Deallocate(chunk);
}

} // namespace
