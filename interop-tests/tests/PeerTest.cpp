// fairmq-interop-peer: the line protocol, and shared-memory operations across two peer processes.
#include "ChildProcess.h"
#include "PeerDriver.h"
#include "ShmHygiene.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <string>
#include <vector>

namespace interop::test
{
namespace
{

using namespace std::chrono_literals;

class PeerTest : public ::testing::Test
{
  protected:
    ShmScope shm{uniquePrefix("peer")};
    const std::string& prefix = shm.prefix();
    const std::string main = prefix + "main";
    const std::string management = prefix + "management";
    const std::string mutex = prefix + "mutex";
    const std::string queue = prefix + "control_queue";

    // Every test must leave nothing behind on its own (ShmScope only cleans up after failures).
    void TearDown() override { EXPECT_EQ(shmEntries(prefix), std::vector<std::string>{}); }
};

TEST_F(PeerTest, shouldAnswerEveryLineWithOneLine)
{
    PeerDriver peer;
    EXPECT_EQ(peer("echo hello  shared   world"), "OK hello shared world");
    EXPECT_EQ(peer("echo"), "OK");
    EXPECT_EQ(peer("boost-version"), "OK 1.74.0");
    EXPECT_EQ(peer("sleep 10"), "OK");
    EXPECT_EQ(peer("no-such-command x"), "ERR unknown command 'no-such-command'");
    EXPECT_EQ(peer(""), "ERR empty command");
    EXPECT_EQ(peer("segment-create onlyname"), "ERR segment-create: usage: segment-create <name> <size>");
    EXPECT_EQ(peer("segment-create " + main + " 12x"), "ERR segment-create " + main + ": bad size '12x'");
    EXPECT_EQ(peer("segment-open " + main), "ERR segment-open " + main + ": No such file or directory");
    EXPECT_EQ(peer("segment-free " + main), "ERR segment-free " + main + ": segment not open");
    EXPECT_EQ(peer("queue-count " + queue), "ERR queue-count " + queue + ": queue not open");
    EXPECT_EQ(peer("quit"), "OK");
    EXPECT_EQ(peer.process().wait(5s), 0);
}

TEST_F(PeerTest, shouldRunAScriptFedAtOnceAndExitAtEof)
{
    ChildProcess peer(INTEROP_PEER_PATH, {});
    const std::vector<std::string> script = {
        "segment-create " + main + " 1048576",
        "counter-find " + main,
        "counter-construct " + main + " 5",
        "counter-find " + main,
        "counter-increment " + main,
        "counter-decrement " + main,
        "counter-decrement " + main,
        "counter-construct " + main + " 1",
        "counter-destroy " + main,
        "counter-destroy " + main,
        "counter-increment " + main,
        "segment-sanity " + main,
        "segment-remove " + main,
        "segment-remove " + main,
    };
    for (const auto& line : script) {
        peer.writeLine(line);
    }
    peer.closeStdin();
    const auto lines = peer.readAll(20s);
    ASSERT_EQ(lines.size(), script.size());
    EXPECT_EQ(lines[0].rfind("OK ", 0), 0u) << lines[0];
    const std::vector<std::string> expected = {
        lines[0],
        "OK none",
        "OK",
        "OK 5",
        "OK 6",
        "OK 5",
        "OK 4",
        "ERR counter-construct " + main + ": DeviceCounter already exists",
        "OK",
        "ERR counter-destroy " + main + ": no DeviceCounter in segment",
        "ERR counter-increment " + main + ": no DeviceCounter in segment",
        "OK 1",
        "OK 1",
        "OK 0",
    };
    EXPECT_EQ(lines, expected);
    EXPECT_EQ(peer.wait(5s), 0);
}

TEST_F(PeerTest, shouldReportSegmentSizeAndFreeMemory)
{
    PeerDriver a;
    PeerDriver b;
    const auto freeCreated = std::stoull(okValue(a("segment-create " + main + " 1048576")));
    EXPECT_EQ(a("segment-create " + main + " 1048576"), "ERR segment-create " + main + ": File exists");
    EXPECT_EQ(b("segment-open " + main), "OK 1048576 " + std::to_string(freeCreated));
    EXPECT_EQ(b("segment-open-or-create " + main + " 999"), "OK " + std::to_string(freeCreated));
    EXPECT_EQ(a("segment-free " + main), "OK " + std::to_string(freeCreated));
    EXPECT_EQ(a("segment-sanity " + main), "OK 1");
    EXPECT_EQ(a("segment-close " + main), "OK");
    EXPECT_EQ(a("segment-close " + main), "ERR segment-close " + main + ": segment not open");
    EXPECT_EQ(b("segment-remove " + main), "OK 1");
    EXPECT_EQ(b("segment-free " + main), "OK " + std::to_string(freeCreated)) << "mapping survives the unlink";
    EXPECT_EQ(a("segment-open " + main), "ERR segment-open " + main + ": No such file or directory");
}

TEST_F(PeerTest, shouldShareChunksBetweenProcessesByHandle)
{
    PeerDriver writer;
    PeerDriver reader;
    const auto freeInitial = okValue(writer("segment-create " + main + " 4194304"));
    ASSERT_EQ(reader("segment-open " + main), "OK 4194304 " + freeInitial);

    const std::string h1 = okValue(writer("alloc-write " + main + " 100000 7"));
    const std::string h2 = okValue(writer("alloc-write " + main + " 0 8"));
    const std::string h3 = okValue(writer("alloc-write " + main + " 16 9"));
    EXPECT_NE(h1, "0");
    EXPECT_EQ(std::stoll(h1) % 16, 0);
    EXPECT_EQ(std::stoll(h2) % 16, 0);
    EXPECT_NE(okValue(writer("segment-free " + main)), freeInitial);

    EXPECT_EQ(reader("read-verify " + main + " " + h1 + " 100000 7"), "OK");
    EXPECT_EQ(reader("read-verify " + main + " " + h2 + " 0 8"), "OK");
    EXPECT_EQ(reader("read-verify " + main + " " + h3 + " 16 9"), "OK");
    // pattern(7, 0) = 7 * 131 mod 256 = 149; pattern(8, 0) = 8 * 131 mod 256 = 24
    EXPECT_EQ(reader("read-verify " + main + " " + h1 + " 100000 8"),
              "ERR read-verify " + main + " handle " + h1 + ": mismatch at byte 0: expected 24 got 149");
    EXPECT_EQ(reader("read-verify " + main + " 4194000 1000 1"),
              "ERR read-verify " + main + ": handle 4194000 + size 1000 exceeds mapping size 4194304");
    EXPECT_EQ(reader("read-verify " + main + " -16 1 1"), "ERR read-verify " + main + ": handle -16 is negative");
    EXPECT_EQ(reader("free " + main + " 17"),
              "ERR free " + main + ": handle 17 is not a chunk handle (0 or not 16-byte aligned)");

    EXPECT_EQ(reader("free " + main + " " + h1), "OK");
    EXPECT_EQ(reader("free " + main + " " + h2), "OK");
    EXPECT_EQ(writer("free " + main + " " + h3), "OK");
    EXPECT_EQ(writer("segment-free " + main), "OK " + freeInitial);
    EXPECT_EQ(reader("segment-sanity " + main), "OK 1");
    EXPECT_EQ(writer("alloc-write " + main + " 999999999 1").rfind("ERR alloc-write " + main + ": cannot allocate 999999999 bytes", 0), 0u);
    EXPECT_EQ(writer("segment-remove " + main), "OK 1");
}

TEST_F(PeerTest, shouldFollowTheDeviceCounterProtocolAcrossProcesses)
{
    PeerDriver a;
    PeerDriver b;
    ASSERT_EQ(a("segment-open-or-create " + management + " 65536").rfind("OK ", 0), 0u);
    ASSERT_EQ(a("segment-open-or-create " + main + " 1048576").rfind("OK ", 0), 0u);
    ASSERT_EQ(b("segment-open-or-create " + main + " 1048576").rfind("OK ", 0), 0u);
    EXPECT_EQ(a("device-attach " + main + " " + mutex), "OK 1");
    EXPECT_EQ(b("device-attach " + main + " " + mutex), "OK 2");
    EXPECT_EQ(a("counter-find " + main), "OK 2");
    const auto handle = std::stoll(okValue(a("handle-of-counter " + main)));
    EXPECT_GT(handle, 0);
    EXPECT_EQ(b("handle-of-counter " + main), "OK " + std::to_string(handle));
    EXPECT_EQ(a("device-detach " + main + " " + mutex + " " + management), "OK 1 0 0");
    EXPECT_EQ(b("device-detach " + main + " " + mutex + " " + management), "OK 0 1 1");
    EXPECT_EQ(b("device-detach " + main + " " + mutex + " " + management),
              "ERR device-detach " + main + ": DeviceCounter is already 0");
    EXPECT_EQ(a("segment-open " + main), "ERR segment-open " + main + ": No such file or directory");
    // Devices never remove the named mutex (PROTOCOL.md 2.2 step 4): the harness does.
    EXPECT_EQ(shmEntries(prefix), std::vector<std::string>{"sem." + mutex});
    EXPECT_EQ(a("mutex-remove " + mutex), "OK 1");
}

TEST_F(PeerTest, shouldKeepRegionCounterAndMonitorStatusInManagement)
{
    PeerDriver a;
    PeerDriver b;
    ASSERT_EQ(a("segment-open-or-create " + management + " 65536").rfind("OK ", 0), 0u);
    ASSERT_EQ(b("segment-open " + management).rfind("OK 65536 ", 0), 0u);
    EXPECT_EQ(a("region-counter-find " + management), "OK none");
    EXPECT_EQ(a("region-counter-next " + management), "OK 1");
    EXPECT_EQ(b("region-counter-next " + management), "OK 2");
    EXPECT_EQ(a("region-counter-find " + management), "OK 2");
    EXPECT_EQ(a("monitor-status-find " + management), "OK 0");
    EXPECT_EQ(a("monitor-status-construct " + management), "OK");
    EXPECT_EQ(b("monitor-status-find " + management), "OK 1");
    EXPECT_EQ(b("monitor-status-construct " + management),
              "ERR monitor-status-construct " + management + ": MonitorStatus already exists");
    EXPECT_EQ(b("monitor-status-destroy " + management), "OK");
    EXPECT_EQ(a("monitor-status-find " + management), "OK 0");
    EXPECT_EQ(a("monitor-status-destroy " + management),
              "ERR monitor-status-destroy " + management + ": no MonitorStatus in segment");
    EXPECT_EQ(a("segment-remove " + management), "OK 1");
}

TEST_F(PeerTest, shouldPassHeartbeatsThroughTheControlQueue)
{
    PeerDriver monitor;
    PeerDriver device;
    EXPECT_EQ(device("queue-open " + queue), "ERR queue-open " + queue + ": No such file or directory");
    EXPECT_EQ(monitor("queue-open-or-create " + queue + " 1000 1"), "OK");
    EXPECT_EQ(device("queue-open " + queue), "OK");
    EXPECT_EQ(monitor("queue-receive " + queue + " 50"), "ERR queue-receive " + queue + ": timed out");
    EXPECT_EQ(device("queue-send " + queue + " 1 100"), "OK");
    EXPECT_EQ(device("queue-send " + queue + " 255 100"), "OK");
    EXPECT_EQ(device("queue-send " + queue + " 256 100"), "ERR queue-send " + queue + ": byte 256 is not in 0..255");
    EXPECT_EQ(monitor("queue-count " + queue), "OK 2");
    EXPECT_EQ(monitor("queue-receive " + queue + " 100"), "OK 1");
    EXPECT_EQ(monitor("queue-receive " + queue + " 100"), "OK 255");
    EXPECT_EQ(device("queue-close " + queue), "OK");
    EXPECT_EQ(monitor("queue-remove " + queue), "OK 1");
    EXPECT_EQ(monitor("queue-remove " + queue), "OK 0");

    // A full queue makes timed_send time out (PROTOCOL.md 2.3).
    EXPECT_EQ(monitor("queue-open-or-create " + queue + " 1 1"), "OK");
    EXPECT_EQ(monitor("queue-send " + queue + " 1 100"), "OK");
    EXPECT_EQ(monitor("queue-send " + queue + " 1 100"), "ERR queue-send " + queue + ": timed out");
    EXPECT_EQ(monitor("queue-remove " + queue), "OK 1");
}

TEST_F(PeerTest, shouldExcludeOtherProcessesWithTheNamedMutex)
{
    PeerDriver a;
    PeerDriver b;
    EXPECT_EQ(a("mutex-open " + mutex), "OK");
    EXPECT_EQ(b("mutex-open " + mutex), "OK");
    EXPECT_EQ(a("mutex-lock " + mutex), "OK");
    EXPECT_EQ(b("mutex-trylock " + mutex), "OK 0");
    EXPECT_EQ(b("mutex-timedlock " + mutex + " 100"), "OK 0");
    EXPECT_EQ(a("mutex-unlock " + mutex), "OK");
    EXPECT_EQ(b("mutex-timedlock " + mutex + " 100"), "OK 1");
    EXPECT_EQ(a("mutex-trylock " + mutex), "OK 0");
    EXPECT_EQ(b("mutex-unlock " + mutex), "OK");
    EXPECT_EQ(a("mutex-trylock " + mutex), "OK 1");
    EXPECT_EQ(a("mutex-unlock " + mutex), "OK");
    EXPECT_EQ(shmEntries(prefix), std::vector<std::string>{"sem." + mutex});
    EXPECT_EQ(a("mutex-remove " + mutex), "OK 1");
    EXPECT_EQ(b("mutex-remove " + mutex), "OK 0");
}

TEST_F(PeerTest, shouldShareRawRegionsByName)
{
    PeerDriver creator;
    PeerDriver user;
    const std::string region = prefix + "region_1";
    EXPECT_EQ(user("region-open " + region), "ERR region-open " + region + ": No such file or directory");
    EXPECT_EQ(creator("region-create " + region + " 200000"), "OK");
    EXPECT_EQ(creator("region-create " + region + " 200000"), "ERR region-create " + region + ": File exists");
    EXPECT_EQ(creator("region-write " + region + " 4096 100000 3"), "OK");
    EXPECT_EQ(user("region-open " + region), "OK 200000");
    EXPECT_EQ(user("region-verify " + region + " 4096 100000 3"), "OK");
    // pattern(3, 0) = 393 mod 256 = 137; pattern(4, 0) = 524 mod 256 = 12
    EXPECT_EQ(user("region-verify " + region + " 4096 100000 4"),
              "ERR region-verify " + region + " offset 4096: mismatch at byte 0: expected 12 got 137");
    EXPECT_EQ(user("region-write " + region + " 199999 2 1"),
              "ERR region-write " + region + ": handle 199999 + size 2 exceeds mapping size 200000");
    EXPECT_EQ(creator("region-remove " + region), "OK 1");
    EXPECT_EQ(user("region-verify " + region + " 4096 100000 3"), "OK") << "mapping survives the unlink";
    EXPECT_EQ(user("region-close " + region), "OK");
    EXPECT_EQ(user("region-close " + region), "ERR region-close " + region + ": region not open");
    EXPECT_EQ(creator("region-remove " + region), "OK 0");
}

// The lock-holding commands the Java lock-timeout tests use: a lock taken inside the segment stays
// taken when the peer is killed (these mutexes are not robust, PROTOCOL.md 2.4).
TEST_F(PeerTest, shouldLeaveTheAllocatorMutexLockedWhenKilledHoldingIt)
{
    {
        PeerDriver holder;
        EXPECT_EQ(holder("segment-create " + main + " 1048576").rfind("OK ", 0), 0u);
        EXPECT_EQ(holder("segment-lock-mutex " + main), "OK");
        EXPECT_EQ(holder("segment-lock-mutex " + main),
                  "ERR segment-lock-mutex " + main + ": the allocator mutex is locked already");
        holder.process().signal(SIGKILL);
        EXPECT_EQ(holder.process().wait(10s), 128 + SIGKILL);
    }
    PeerDriver other;
    EXPECT_EQ(other("segment-open " + main).rfind("OK 1048576 ", 0), 0u);
    EXPECT_EQ(other("segment-lock-mutex " + main),
              "ERR segment-lock-mutex " + main + ": the allocator mutex is locked already");
    EXPECT_EQ(other("segment-lock-index " + main), "OK") << "the index mutex is another one";
    EXPECT_EQ(other("segment-remove " + main), "OK 1");
}  // `other` is killed here, holding the index mutex of a removed segment

} // namespace
} // namespace interop::test
