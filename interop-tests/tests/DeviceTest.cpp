// fairmq-interop-device against itself: C++ sender -> C++ receiver over shmem and zeromq.
#include "DeviceDriver.h"
#include "ExpectedStream.h"
#include "PeerDriver.h"
#include "ShmHygiene.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

namespace interop::test
{
namespace
{

using namespace std::chrono_literals;
using Args = std::vector<std::string>;

Args operator+(Args a, const Args& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

class DeviceTest : public ::testing::Test
{
  protected:
    ShmScope shm{uniquePrefix("dev")};
    const std::string& prefix = shm.prefix();
    const std::string ipcPath = "/tmp/" + prefix + "data.ipc";

    ~DeviceTest() override { std::remove(ipcPath.c_str()); }

    std::string endpoint(const std::string& kind) const
    {
        return kind == "ipc" ? "ipc://" + ipcPath : "tcp://127.0.0.1:" + std::to_string(freeTcpPort());
    }

    Args device(const std::string& role, const std::string& endpoint, const std::string& transport, const Args& extra) const
    {
        return Args{"--role", role, "--endpoint", endpoint, "--transport", transport, "--prefix", prefix} + extra;
    }

    // Devices never remove the named mutex (PROTOCOL.md 2.2 step 4); everything else must be gone.
    void expectOnlyMutexLeft(const std::string& transport) const
    {
        const std::vector<std::string> expected =
            transport == "shmem" ? std::vector<std::string>{"sem." + prefix + "mutex"} : std::vector<std::string>{};
        EXPECT_EQ(shmEntries(prefix), expected);
    }

    static void expectClean(const DeviceResult& r, const std::string& who)
    {
        EXPECT_EQ(r.exitCode, 0) << who;
        EXPECT_EQ(r.value("errors"), 0u) << who;
    }

    static void expectTotals(const DeviceResult& r, const StreamShape& shape, const StreamTotals& totals)
    {
        EXPECT_EQ(r.value("msgs"), shape.messages);
        EXPECT_EQ(r.value("parts"), totals.parts);
        EXPECT_EQ(r.value("bytes"), totals.bytes);
        EXPECT_EQ(r.value("checksum"), totals.checksum);
    }

    // The receiver freed everything it was given, and the sender leaked nothing in flight.
    static void expectNothingLeaked(const DeviceResult& receiver)
    {
        EXPECT_EQ(receiver.value("free_after"), receiver.value("free_before"));
    }
};

class PushPullTest : public DeviceTest, public ::testing::WithParamInterface<std::tuple<std::string, std::string>>
{};

TEST_P(PushPullTest, shouldDeliverEveryMessageIntact)
{
    const auto& [transport, kind] = GetParam();
    const std::string ep = endpoint(kind);
    const Args common{"--num-msgs", "300", "--size-max", "65536", "--seed", "17", "--segment-size", "67108864"};
    const auto run = runPair(device("pull", ep, transport, Args{"--method", "bind"} + common),
                             device("push", ep, transport, Args{"--method", "connect"} + common));
    const StreamShape shape{300, 65536, true, 17, 1, 0};
    const StreamTotals totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.receiver);
    expectOnlyMutexLeft(transport);
}

INSTANTIATE_TEST_SUITE_P(TransportsAndEndpoints, PushPullTest,
                         ::testing::Combine(::testing::Values("shmem", "zeromq"), ::testing::Values("ipc", "tcp")),
                         [](const auto& info) { return std::get<0>(info.param) + "_" + std::get<1>(info.param); });

class TransportTest : public DeviceTest, public ::testing::WithParamInterface<std::string>
{};

TEST_P(TransportTest, shouldCarryMultipartMessagesWithEmptyParts)
{
    const std::string transport = GetParam();
    const std::string ep = endpoint("tcp");
    const Args common{"--num-msgs", "200", "--parts", "5", "--empty-part-every", "3", "--size-max", "3000",
                      "--seed", "5", "--segment-size", "33554432"};
    const auto run = runPair(device("pull", ep, transport, common), device("push", ep, transport, common));
    const StreamShape shape{200, 3000, true, 5, 5, 3};
    const StreamTotals totals = expectedTotals(shape);
    EXPECT_EQ(totals.parts, 1000u);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.receiver);
    expectOnlyMutexLeft(transport);
}

TEST_P(TransportTest, shouldEchoEveryRequest)
{
    const std::string transport = GetParam();
    const std::string ep = endpoint("ipc");
    const Args common{"--num-msgs", "150", "--parts", "3", "--empty-part-every", "2", "--size-max", "20000",
                      "--seed", "9", "--segment-size", "33554432"};
    const auto run = runPair(device("rep", ep, transport, common), device("req", ep, transport, common));
    const StreamShape shape{150, 20000, true, 9, 3, 2};
    const StreamTotals totals = expectedTotals(shape);
    expectClean(run.sender, "req");
    expectClean(run.receiver, "rep");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.sender);  // the requester frees the last reply: all chunks are back
    expectOnlyMutexLeft(transport);
}

TEST_P(TransportTest, shouldPairOverOneSocketEachSide)
{
    const std::string transport = GetParam();
    const std::string ep = endpoint("ipc");
    const Args common{"--num-msgs", "100", "--size", "777", "--seed", "3", "--segment-size", "16777216"};
    const auto run = runPair(device("pair-recv", ep, transport, common), device("pair-send", ep, transport, common));
    const StreamShape shape{100, 777, false, 3, 1, 0};
    const StreamTotals totals = expectedTotals(shape);
    expectClean(run.sender, "pair-send");
    expectClean(run.receiver, "pair-recv");
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.receiver);
    expectOnlyMutexLeft(transport);
}

INSTANTIATE_TEST_SUITE_P(Transports, TransportTest, ::testing::Values("shmem", "zeromq"),
                         [](const auto& info) { return info.param; });

TEST_F(DeviceTest, shouldDeliverRegionMessagesWithoutFreeingThem)
{
    const std::string ep = endpoint("ipc");
    // Sizes <= 4000 and a region larger than 200 * 4096: no two messages share region bytes.
    const Args common{"--num-msgs", "200", "--size-max", "4000", "--seed", "11", "--region-size", "1048576",
                      "--segment-size", "16777216"};
    const auto run = runPair(device("pull", ep, "shmem", common),
                             device("push", ep, "shmem", common + Args{"--hold-ms", "1000"}));
    const StreamShape shape{200, 4000, true, 11, 1, 0};
    const StreamTotals totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.receiver, shape, totals);
    expectTotals(run.sender, shape, totals);
    // No main-segment chunk was used by anybody.
    EXPECT_EQ(run.sender.value("free_after"), run.sender.value("free_before"));
    expectNothingLeaked(run.receiver);
    expectOnlyMutexLeft("shmem");  // the creator removed its region name
}

TEST_F(DeviceTest, shouldMoveTwoThousandRandomMessagesUpToOneMiB)
{
    const std::string ep = endpoint("ipc");
    const Args common{"--num-msgs", "2000", "--size-max", "1048576", "--seed", "2024", "--segment-size", "268435456"};
    const auto run = runPair(device("pull", ep, "shmem", common), device("push", ep, "shmem", common), 240s);
    const StreamShape shape{2000, 1048576, true, 2024, 1, 0};
    const StreamTotals totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.receiver);
    expectOnlyMutexLeft("shmem");
}

TEST_F(DeviceTest, shouldWaitForSpaceWhenTheSegmentIsFull)
{
    const std::string ep = endpoint("tcp");
    // 8 MiB hold fewer than 8 messages of 1 MiB: the sender must wait for the slow receiver to free.
    const Args common{"--num-msgs", "60", "--size", "1048576", "--seed", "4", "--segment-size", "8388608"};
    const auto run = runPair(device("pull", ep, "shmem", common + Args{"--recv-delay-us", "20000"}),
                             device("push", ep, "shmem", common));
    const StreamShape shape{60, 1048576, false, 4, 1, 0};
    const StreamTotals totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.receiver);
    expectOnlyMutexLeft("shmem");
}

TEST_F(DeviceTest, shouldRejectHostileFramesAndKeepReceiving)
{
    const std::string ep = endpoint("ipc");
    const Args common{"--num-msgs", "30", "--size-max", "2000", "--segment-size", "16777216"};
    const auto run = runPair(device("pull", ep, "shmem", common + Args{"--expect-errors", "7"}),
                             device("sampler-hostile", ep, "shmem", common + Args{"--hostile-kinds", "basic"}));
    const std::vector<std::string> kinds = {"HOSTILE short-frame",     "HOSTILE long-frame", "HOSTILE handle-far",
                                            "HOSTILE handle-negative", "HOSTILE past-end",   "HOSTILE unknown-region",
                                            "HOSTILE misaligned"};
    EXPECT_EQ(run.sender.linesStartingWith("HOSTILE "), kinds);
    expectClean(run.sender, "sampler");
    EXPECT_EQ(run.receiver.linesStartingWith("REJECTED ").size(), 7u);
    EXPECT_EQ(run.receiver.exitCode, 0);
    EXPECT_EQ(run.receiver.value("errors"), 7u);
    EXPECT_EQ(run.receiver.value("msgs"), 30u);
    EXPECT_EQ(run.receiver.value("checksum"), run.sender.value("checksum"));
    expectNothingLeaked(run.receiver);
    expectOnlyMutexLeft("shmem");
}

TEST_F(DeviceTest, shouldSendHeartbeatsAndStopGracefullyOnSigterm)
{
    PeerDriver monitor;
    const std::string queue = prefix + "control_queue";
    ASSERT_EQ(monitor("queue-open-or-create " + queue + " 1000 1"), "OK");
    DeviceProcess receiver(device("pull", endpoint("ipc"), "shmem", Args{"--segment-size", "1048576"}));
    receiver.awaitReady();
    EXPECT_EQ(monitor("queue-receive " + queue + " 3000"), "OK 1");
    EXPECT_EQ(monitor("queue-receive " + queue + " 3000"), "OK 1");
    receiver.process().signal(SIGTERM);
    const DeviceResult result = receiver.finish(10s);
    EXPECT_EQ(result.exitCode, 1);  // 0 of 10 messages
    EXPECT_EQ(result.value("msgs"), 0u);
    EXPECT_EQ(monitor("queue-remove " + queue), "OK 1");
    expectOnlyMutexLeft("shmem");  // last user: main and management removed
}

TEST_F(DeviceTest, shouldLeaveTheDeviceCounterBehindWhenKilled)
{
    const std::string ep = endpoint("ipc");
    const Args common{"--num-msgs", "20", "--size", "100", "--segment-size", "4194304"};
    DeviceProcess receiver(device("pull", ep, "shmem", common));
    receiver.awaitReady();
    DeviceProcess sender(device("push", ep, "shmem", common + Args{"--hold-ms", "60000"}));
    sender.awaitReady();
    const auto summary = sender.process().readLine(20s);
    ASSERT_TRUE(summary && summary->rfind("SUMMARY ", 0) == 0) << summary.value_or("<nothing>");
    const DeviceResult received = receiver.finish(20s);
    expectClean(received, "receiver");
    sender.process().signal(SIGKILL);  // PROTOCOL.md 2.4: no shutdown, the counter stays incremented
    ASSERT_EQ(sender.process().wait(10s), 128 + SIGKILL);

    PeerDriver peer;
    EXPECT_EQ(peer("segment-open " + prefix + "main").rfind("OK 4194304 ", 0), 0u);
    EXPECT_EQ(peer("counter-find " + prefix + "main"), "OK 1");
    EXPECT_EQ(peer("mutex-open " + prefix + "mutex"), "OK");
    EXPECT_EQ(peer("mutex-trylock " + prefix + "mutex"), "OK 1") << "killed outside the critical section";
    EXPECT_EQ(peer("mutex-unlock " + prefix + "mutex"), "OK");
    // The harness cleans up like `shmmonitor --cleanup`; ShmScope removes the rest.
}

// --bench: no payload check, but every chunk still comes back and the RATE lines add up.
TEST_P(TransportTest, shouldCountABenchStreamAndFreeEveryChunk)
{
    const std::string transport = GetParam();
    const std::string ep = endpoint("ipc");
    const Args bench{"--bench", "--size", "4096", "--segment-size", "67108864"};
    const auto run = runPair(device("pull", ep, transport, bench + Args{"--warmup-ms", "0"}),
                             device("push", ep, transport, bench + Args{"--num-msgs", "5000", "--duration-ms", "60000"}));
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    EXPECT_EQ(run.sender.value("msgs"), 5000u);
    EXPECT_EQ(run.receiver.value("msgs"), 5000u);
    EXPECT_EQ(run.receiver.value("bytes"), 5000u * 4096u);
    // with no warm-up each side counts every message after its first one
    EXPECT_EQ(run.sender.linesStartingWith("RATE msgs=4999 seconds=").size(), 1u);
    const auto rate = run.receiver.linesStartingWith("RATE msgs=");
    ASSERT_EQ(rate.size(), 1u);
    EXPECT_EQ(rate[0].rfind("RATE msgs=4999 seconds=", 0), 0u) << rate[0];
    EXPECT_NE(rate[0].find(" cpu_seconds="), std::string::npos) << rate[0];
    expectNothingLeaked(run.receiver);
    expectOnlyMutexLeft(transport);
}

TEST_F(DeviceTest, shouldRefuseBadOptions)
{
    for (const Args& args : {Args{"--role", "nope", "--endpoint", "ipc:///tmp/x"}, Args{"--role", "push"},
                             Args{"--role", "push", "--endpoint", "ipc:///tmp/x", "--size", "1", "--size-max", "2"},
                             Args{"--role", "push", "--endpoint", "ipc:///tmp/x", "--num-msgs", "ten"},
                             Args{"--role", "push", "--endpoint", "ipc:///tmp/x", "--transport", "zeromq",
                                  "--region-size", "100"},
                             Args{"--role", "req", "--endpoint", "ipc:///tmp/x", "--bench"},
                             Args{"--role", "push", "--endpoint", "ipc:///tmp/x", "--bench", "--parts", "2"},
                             Args{"--role", "push", "--endpoint", "ipc:///tmp/x", "--duration-ms", "100"}}) {
        DeviceProcess bad(args);
        const DeviceResult result = bad.finish(10s);
        EXPECT_EQ(result.exitCode, 2);
        EXPECT_TRUE(result.lines.empty());
    }
    EXPECT_EQ(shmEntries(prefix), std::vector<std::string>{});
}

} // namespace
} // namespace interop::test
