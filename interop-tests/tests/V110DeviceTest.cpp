// fairmq-interop-device-v110 against itself (PROTOCOL-V110.md): C++ -> C++ over the v1.10 shmem
// protocol, session bookkeeping (device counter, last-out removal, crashes) and the probe.
// Every test uses its own random session and checks that nothing of that session's shmId is left
// in /dev/shm; it never touches other objects.
#include "DeviceDriver.h"
#include "ExpectedStream.h"
#include "ShmHygiene.h"

#include "interop/v110/Names.h"

#include <gtest/gtest.h>
#include <zmq.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
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

std::string randomSession(const std::string& tag)
{
    static std::mt19937_64 random{std::random_device{}() ^ static_cast<std::uint64_t>(getpid())};
    std::ostringstream s;
    s << "v110_" << tag << "_" << getpid() << "_" << std::hex << random();
    return s.str();
}

std::string shmIdOf(const std::string& session) { return v110::makeShmId(session, geteuid()); }

using Facts = std::map<std::string, std::string>;

class V110Test : public ::testing::Test
{
  protected:
    const std::string session = randomSession("s");
    const std::string shmPrefix = "fmq_" + shmIdOf(session) + "_";
    ShmScope shm{shmPrefix};
    const std::string ipcPath = "/tmp/fmqv110_" + shmIdOf(session) + "_data.ipc";

    ~V110Test() override { std::remove(ipcPath.c_str()); }

    std::string endpoint(const std::string& kind) const
    {
        return kind == "ipc" ? "ipc://" + ipcPath : "tcp://127.0.0.1:" + std::to_string(freeTcpPort());
    }

    Args device(const std::string& role, const std::string& ep, const Args& extra, const std::string& s = "") const
    {
        return Args{"--role", role, "--endpoint", ep, "--session", s.empty() ? session : s} + extra;
    }

    static Facts probe(const std::string& s, const Args& extra = {})
    {
        DeviceProcess p(Args{"--role", "probe", "--session", s} + extra);
        const DeviceResult r = p.finish(20s);
        EXPECT_EQ(r.exitCode, 0);
        Facts facts;
        for (const auto& line : r.lines) {
            const auto eq = line.find('=');
            if (eq != std::string::npos) {
                facts[line.substr(0, eq)] = line.substr(eq + 1);
            }
        }
        return facts;
    }
    Facts probe(const Args& extra = {}) const { return probe(session, extra); }

    void expectSessionGone(const std::string& prefix) const { EXPECT_EQ(shmEntries(prefix), std::vector<std::string>{}); }
    void expectSessionGone() const { expectSessionGone(shmPrefix); }

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

    static void expectNothingLeaked(const DeviceResult& r)
    {
        EXPECT_EQ(r.value("free_after"), r.value("free_before"));
    }

    // A pair run over `kind` with the same shape on both sides (`receiverExtra` only on the receiver).
    PairResult runStream(const std::string& kind, const Args& common, const Args& receiverExtra = {},
                         const Args& senderExtra = {}, const std::string& receiver = "pull",
                         const std::string& sender = "push")
    {
        const std::string ep = endpoint(kind);
        return runPair(device(receiver, ep, Args{"--method", "bind"} + common + receiverExtra),
                       device(sender, ep, Args{"--method", "connect"} + common + senderExtra), 180s);
    }

    // Waits until the probe reports `key` == `value` (the device counter after a peer joined/left).
    bool awaitFact(const std::string& key, const std::string& value, std::chrono::milliseconds timeout = 10s) const
    {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            if (probe()[key] == value) {
                return true;
            }
            std::this_thread::sleep_for(50ms);
        }
        return false;
    }
};

// ------------------------------------------------------------------------------------------ streams

class V110StreamTest : public V110Test, public ::testing::WithParamInterface<std::string>
{};

TEST_P(V110StreamTest, shouldDeliverSingleMessagesIntact)
{
    const Args common{"--num-msgs", "300", "--size-max", "65536", "--seed", "17", "--shm-segment-size", "67108864"};
    const auto run = runStream(GetParam(), common);
    const StreamShape shape{300, 65536, true, 17, 1, 0};
    const auto totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.receiver);
    expectSessionGone();
}

TEST_P(V110StreamTest, shouldCarryMultipartFramesPaddedOnOneSideOnlyWithEmptyParts)
{
    // 3.3, 3.4: the receiver pads its own frames to 256 B, the sender does not; empty parts are
    // 40-byte headers with handle -1 (3.7)
    const Args common{"--num-msgs", "200", "--parts", "5", "--empty-part-every", "3", "--size-max", "3000",
                      "--seed", "5", "--shm-segment-size", "33554432"};
    const auto run = runStream(GetParam(), common, Args{"--shm-metadata-msg-size", "256"});
    const StreamShape shape{200, 3000, true, 5, 5, 3};
    const auto totals = expectedTotals(shape);
    EXPECT_EQ(totals.parts, 1000u);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.receiver);
    expectSessionGone();
}

TEST_P(V110StreamTest, shouldCarryPaddedSingleFramesFromTheSender)
{
    const Args common{"--num-msgs", "100", "--size", "100", "--seed", "8", "--shm-segment-size", "8388608"};
    const auto run = runStream(GetParam(), common, {}, Args{"--shm-metadata-msg-size", "2048"});
    const StreamShape shape{100, 100, false, 8, 1, 0};
    const auto totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.receiver);
    expectSessionGone();
}

TEST_P(V110StreamTest, shouldShareCopiedMessagesAndFreeThemOnce)
{
    // 3.11: the sender sends a soft copy (refcount 2) and releases its own reference after the send
    const Args common{"--num-msgs", "200", "--size-max", "20000", "--seed", "21", "--copy",
                      "--shm-segment-size", "33554432"};
    const auto run = runStream(GetParam(), common);
    const StreamShape shape{200, 20000, true, 21, 1, 0};
    const auto totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    EXPECT_EQ(run.sender.value("refcount_seen"), 2u);
    EXPECT_GE(run.receiver.value("refcount_seen"), 1u);
    EXPECT_LE(run.receiver.value("refcount_seen"), 2u);
    expectNothingLeaked(run.receiver);
    expectNothingLeaked(run.sender);
    expectSessionGone();
}

TEST_P(V110StreamTest, shouldAcknowledgeEveryRegionMessage)
{
    // 4.1-4.5: sizes <= 4000 and a region larger than 200 * 4096, so no two messages share bytes
    const Args common{"--num-msgs", "200", "--size-max", "4000", "--seed", "11", "--region-size", "1048576",
                      "--shm-segment-size", "16777216"};
    const auto run = runStream(GetParam(), common);
    const StreamShape shape{200, 4000, true, 11, 1, 0};
    const auto totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    EXPECT_EQ(run.sender.value("acks"), 200u);
    EXPECT_EQ(run.receiver.value("acks"), 200u);
    expectNothingLeaked(run.receiver);
    expectSessionGone();
}

INSTANTIATE_TEST_SUITE_P(Endpoints, V110StreamTest, ::testing::Values("ipc", "tcp"),
                         [](const auto& info) { return info.param; });

class V110RegionCopyTest : public V110Test, public ::testing::WithParamInterface<std::string>
{};

TEST_P(V110RegionCopyTest, shouldAcknowledgeCopiedRegionMessagesOnce)
{
    // 3.11, 4.4: RefCount in rrc (default 100000000) or in a 2-byte chunk of the segment (0)
    const Args common{"--num-msgs", "150", "--parts", "2", "--size-max", "4000", "--seed", "13", "--region-size",
                      "2097152", "--shm-segment-size", "16777216"};
    const auto run = runStream("ipc", common, {}, Args{"--copy", "--rc-segment-size", GetParam()});
    const StreamShape shape{150, 4000, true, 13, 2, 0};
    const auto totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    EXPECT_EQ(run.sender.value("refcount_seen"), 2u);
    EXPECT_EQ(run.sender.value("acks"), totals.parts);   // every block exactly once, by whoever released last
    expectNothingLeaked(run.receiver);
    expectNothingLeaked(run.sender);
    expectSessionGone();
}

INSTANTIATE_TEST_SUITE_P(RcSegmentSizes, V110RegionCopyTest, ::testing::Values("100000000", "0"),
                         [](const auto& info) { return info.param == "0" ? std::string("no_rrc") : std::string("rrc"); });

TEST_F(V110Test, shouldMoveOneThousandRandomSizes)
{
    const Args common{"--num-msgs", "1000", "--size-max", "262144", "--seed", "2025", "--shm-segment-size",
                      "134217728"};
    const auto run = runStream("ipc", common);
    const StreamShape shape{1000, 262144, true, 2025, 1, 0};
    const auto totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.receiver);
    expectSessionGone();
}

TEST_F(V110Test, shouldEchoEveryRequest)
{
    const Args common{"--num-msgs", "100", "--parts", "3", "--empty-part-every", "2", "--size-max", "20000",
                      "--seed", "9", "--shm-segment-size", "33554432"};
    const auto run = runStream("tcp", common, {}, {}, "rep", "req");
    const StreamShape shape{100, 20000, true, 9, 3, 2};
    const auto totals = expectedTotals(shape);
    expectClean(run.sender, "req");
    expectClean(run.receiver, "rep");
    expectTotals(run.sender, shape, totals);
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.sender);
    expectSessionGone();
}

TEST_F(V110Test, shouldPairOverOneSocketEachSide)
{
    const Args common{"--num-msgs", "100", "--size", "777", "--seed", "3", "--shm-segment-size", "16777216",
                      "--shm-allocation", "simple_seq_fit"};
    const auto run = runStream("ipc", common, {}, {}, "pair-recv", "pair-send");
    const StreamShape shape{100, 777, false, 3, 1, 0};
    const auto totals = expectedTotals(shape);
    expectClean(run.sender, "pair-send");
    expectClean(run.receiver, "pair-recv");
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.receiver);
    expectSessionGone();
}

// --bench: a 4 MiB segment holds ~60 chunks of 64 KiB while the HWMs allow 2000 in flight, so the
// sender meets the full segment and retries (1 ms) until the receiver released chunks.
TEST_F(V110Test, shouldBenchThroughputThroughAFullSegment)
{
    const Args common{"--bench", "--size", "65536", "--shm-segment-size", "4194304", "--warmup-ms", "50"};
    const auto run = runStream("ipc", common, {}, Args{"--duration-ms", "400", "--num-msgs", "1000000000000"});
    expectClean(run.sender, "push");
    expectClean(run.receiver, "pull");
    ASSERT_EQ(run.receiver.linesStartingWith("RATE msgs=").size(), 1u);
    ASSERT_EQ(run.sender.linesStartingWith("RATE msgs=").size(), 1u);
    EXPECT_GT(run.receiver.value("msgs"), 60u);
    EXPECT_EQ(run.receiver.value("msgs"), run.sender.value("msgs"));
    EXPECT_EQ(run.receiver.value("bytes"), run.receiver.value("msgs") * 65536);
    expectNothingLeaked(run.receiver);
    expectSessionGone();
}

TEST_F(V110Test, shouldMeasureRoundTripsBetweenPingAndPong)
{
    const std::string there = endpoint("tcp");
    const std::string back = endpoint("ipc");
    const Args common{"--bench", "--size", "1024", "--shm-segment-size", "4194304", "--reply-endpoint", back};
    const auto run = runPair(device("pong", there, common),
                             device("ping", there, common + Args{"--rate", "2000", "--duration-ms", "500",
                                                                 "--warmup-ms", "100"}),
                             60s);
    expectClean(run.sender, "ping");
    expectClean(run.receiver, "pong");
    const auto latency = run.sender.linesStartingWith("LATENCY msgs=");
    ASSERT_EQ(latency.size(), 1u);
    EXPECT_EQ(latency[0].find("LATENCY msgs=0 "), std::string::npos) << latency[0];
    EXPECT_EQ(run.sender.value("msgs"), 1000u);     // 500 ms at 2000/s, every reply back
    EXPECT_EQ(run.receiver.value("msgs"), 1000u);
    expectNothingLeaked(run.sender);
    expectSessionGone();
}

TEST_F(V110Test, shouldOpenTheSendersSegmentLazily)
{
    // 2.1: the sender allocates in segment 1, the receiver owns segment 0 and opens 1 on demand
    const Args common{"--num-msgs", "100", "--size-max", "10000", "--seed", "4", "--shm-segment-size", "16777216"};
    const auto run = runStream("ipc", common, {}, Args{"--shm-segment-id", "1"});
    const StreamShape shape{100, 10000, true, 4, 1, 0};
    const auto totals = expectedTotals(shape);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    expectTotals(run.receiver, shape, totals);
    expectNothingLeaked(run.sender);
    expectSessionGone();
}

// ------------------------------------------------------------------------------------------ validation

// A 40-byte MetaHeader (3.1) built by hand.
std::string header(std::uint64_t size, std::int64_t handle, std::int64_t shared, std::uint16_t region,
                   std::uint16_t segment, std::uint8_t managed)
{
    std::string h(40, '\0');
    std::memcpy(&h[0], &size, 8);
    std::memcpy(&h[16], &handle, 8);
    std::memcpy(&h[24], &shared, 8);
    std::memcpy(&h[32], &region, 2);
    std::memcpy(&h[34], &segment, 2);
    h[36] = static_cast<char>(managed);
    return h;
}

TEST_F(V110Test, shouldRejectBadFramesBeforeTouchingMemory)
{
    // 14.8: every bad frame is counted and skipped; the good messages that follow still arrive
    const std::string ep = endpoint("ipc");
    const Args common{"--num-msgs", "10", "--size", "500", "--seed", "1", "--shm-segment-size", "16777216"};
    DeviceProcess receiver(device("pull", ep, Args{"--method", "bind", "--expect-errors", "7"} + common));
    receiver.awaitReady();
    const std::vector<std::string> bad = {
        std::string(20, 'x'),                                   // shorter than 40 B (3.8)
        header(10, 176, -1, 0, 0, 5),                           // fManaged neither 0 nor 1 (S9)
        header(10, 176, -1, 0, 77, 1),                          // segment id not in the map (S8)
        header(10, 1ll << 40, -1, 0, 0, 1),                     // handle outside the segment
        header(10, 8000000, -1, 0, 0, 1),                       // free memory: no ShmHeader there
        header(10, 0, -1, 999, 0, 0),                           // region id not in the map
        header(10, -1, -1, 0, 0, 1),                            // size without a buffer
    };
    void* context = zmq_ctx_new();
    void* socket = zmq_socket(context, ZMQ_PUSH);
    const int linger = 2000;
    zmq_setsockopt(socket, ZMQ_LINGER, &linger, sizeof linger);
    ASSERT_EQ(zmq_connect(socket, ep.c_str()), 0);
    for (const auto& frame : bad) {
        ASSERT_EQ(zmq_send(socket, frame.data(), frame.size(), 0), static_cast<int>(frame.size()));
    }
    zmq_close(socket);
    zmq_ctx_term(context);   // waits until the frames are delivered (linger)
    DeviceProcess sender(device("push", ep, Args{"--method", "connect"} + common));
    const DeviceResult sent = sender.finish(60s);
    const DeviceResult received = receiver.finish(60s);
    expectClean(sent, "sender");
    EXPECT_EQ(received.exitCode, 0);
    EXPECT_EQ(received.value("errors"), 7u);
    EXPECT_EQ(received.linesStartingWith("REJECTED ").size(), 7u);
    EXPECT_EQ(received.value("msgs"), 10u);
    EXPECT_EQ(received.value("checksum"), expectedTotals(StreamShape{10, 500, false, 1, 1, 0}).checksum);
    expectNothingLeaked(received);
    expectSessionGone();
}

// ------------------------------------------------------------------------------------------ sessions

TEST_F(V110Test, shouldCountDevicesAndRemoveTheSessionWithTheLastOne)
{
    DeviceProcess first(Args{"--role", "hold", "--session", session, "--shm-segment-size", "4194304"});
    first.awaitReady();
    EXPECT_EQ(probe()["device_count"], "1");
    DeviceProcess second(Args{"--role", "hold", "--session", session, "--shm-segment-size", "4194304"});
    second.awaitReady();
    EXPECT_EQ(probe()["device_count"], "2");
    second.process().signal(SIGTERM);
    EXPECT_EQ(second.finish(20s).exitCode, 0);
    Facts afterOne = probe();
    EXPECT_EQ(afterOne["device_count"], "1");
    EXPECT_EQ(afterOne["segments"], "0:rbtree_best_fit");
    EXPECT_FALSE(shmEntries(shmPrefix).empty());   // "Other segment users present (1)"
    first.process().signal(SIGTERM);
    EXPECT_EQ(first.finish(20s).exitCode, 0);
    expectSessionGone();                           // last one out removed mng and m_0
}

TEST_F(V110Test, shouldKeepTheSessionWithShmNoCleanup)
{
    DeviceProcess hold(Args{"--role", "hold", "--session", session, "--shm-segment-size", "4194304",
                            "--shm-no-cleanup", "--hold-ms", "300"});
    hold.awaitReady();
    EXPECT_EQ(hold.finish(20s).exitCode, 0);
    Facts facts = probe();
    EXPECT_EQ(facts["mng"], "present");
    EXPECT_EQ(facts["device_count"], "0");
    DeviceProcess cleanup(Args{"--role", "cleanup", "--session", session});
    EXPECT_EQ(cleanup.finish(20s).exitCode, 0);
    expectSessionGone();
}

TEST_F(V110Test, shouldKeepTwoSessionsApart)
{
    const std::string other = randomSession("o");
    const std::string otherPrefix = "fmq_" + shmIdOf(other) + "_";
    ShmScope otherScope(otherPrefix);
    ASSERT_NE(otherPrefix, shmPrefix);
    DeviceProcess a(Args{"--role", "hold", "--session", session, "--shm-segment-size", "4194304"});
    DeviceProcess b(Args{"--role", "hold", "--session", other, "--shm-segment-size", "8388608",
                         "--shm-segment-id", "2"});
    a.awaitReady();
    b.awaitReady();
    Facts fa = probe(session);
    Facts fb = probe(other);
    EXPECT_EQ(fa["session_name"], session);
    EXPECT_EQ(fb["session_name"], other);
    EXPECT_EQ(fa["device_count"], "1");
    EXPECT_EQ(fb["device_count"], "1");
    EXPECT_EQ(fa["segments"], "0:rbtree_best_fit");
    EXPECT_EQ(fb["segments"], "2:rbtree_best_fit");
    EXPECT_EQ(fa["size_0"], "4194304");
    EXPECT_EQ(fb["size_2"], "8388608");
    a.process().signal(SIGTERM);
    EXPECT_EQ(a.finish(20s).exitCode, 0);
    expectSessionGone(shmPrefix);
    EXPECT_EQ(probe(other)["device_count"], "1");   // the other session is untouched
    b.process().signal(SIGTERM);
    EXPECT_EQ(b.finish(20s).exitCode, 0);
    expectSessionGone(otherPrefix);
}

TEST_F(V110Test, shouldLeaveAKilledSessionUntilACleanup)
{
    // 2.6: a SIGKILLed member never decrements; survivors never see 0; a cleanup removes it all
    DeviceProcess hold(Args{"--role", "hold", "--session", session, "--shm-segment-size", "4194304"});
    hold.awaitReady();
    hold.process().signal(SIGKILL);
    EXPECT_EQ(hold.finish(20s).exitCode, 128 + SIGKILL);
    Facts facts = probe();
    EXPECT_EQ(facts["mng"], "present");
    EXPECT_EQ(facts["device_count"], "1");
    EXPECT_EQ(probe(Args{"--wait-heartbeat-change", "500"})["heartbeat_changed"], "0");

    // a stream in the stale session works, and both devices leave it behind (counter stays 1)
    const Args common{"--num-msgs", "20", "--size", "100", "--seed", "2", "--shm-segment-size", "4194304"};
    const auto run = runStream("ipc", common);
    expectClean(run.sender, "sender");
    expectClean(run.receiver, "receiver");
    facts = probe();
    EXPECT_EQ(facts["device_count"], "1");
    EXPECT_FALSE(shmEntries(shmPrefix).empty());

    DeviceProcess cleanup(Args{"--role", "cleanup", "--session", session});
    const DeviceResult removed = cleanup.finish(20s);
    EXPECT_EQ(removed.exitCode, 0);
    EXPECT_EQ(removed.linesStartingWith("Successfully removed '" + shmPrefix + "mng'.").size(), 1u);
    EXPECT_EQ(removed.linesStartingWith("Successfully removed '" + shmPrefix + "m_0'.").size(), 1u);
    expectSessionGone();
    EXPECT_EQ(probe()["mng"], "absent");
}

// ------------------------------------------------------------------------------------------ probe

TEST_F(V110Test, shouldProbeTheFactsOfASession)
{
    DeviceProcess hold(Args{"--role", "hold", "--session", session, "--shm-segment-id", "3", "--shm-segment-size",
                            "1000000", "--shm-allocation", "simple_seq_fit"});
    hold.awaitReady();
    Facts facts = probe(Args{"--wait-heartbeat-change", "2000"});
    EXPECT_EQ(facts["shmid"], shmIdOf(session));
    EXPECT_EQ(facts["session_name"], session);
    EXPECT_EQ(facts["creator_id"], std::to_string(geteuid()));
    EXPECT_EQ(facts["device_count"], "1");
    EXPECT_EQ(facts["event_counter"], "1");   // 1.3.4 (a): one segment created
    EXPECT_NE(facts["heartbeat"], "none");
    EXPECT_EQ(facts["heartbeat_changed"], "1");
    EXPECT_EQ(facts["region_counter"], "none");
    EXPECT_EQ(facts["segments"], "3:simple_seq_fit");
    EXPECT_EQ(facts["size_3"], "1000000");
    EXPECT_EQ(facts["free_3"], "999856");    // 1.4, Boost 1.74
    EXPECT_EQ(facts["regions"], "");
    hold.process().signal(SIGTERM);
    EXPECT_EQ(hold.finish(20s).exitCode, 0);
    expectSessionGone();
}

TEST_F(V110Test, shouldProbeNoHeartbeatChangeWithoutHeartbeats)
{
    DeviceProcess hold(Args{"--role", "hold", "--session", session, "--shm-segment-size", "10000000",
                            "--heartbeat", "0"});
    hold.awaitReady();
    Facts facts = probe(Args{"--wait-heartbeat-change", "500"});
    EXPECT_EQ(facts["heartbeat"], "none");
    EXPECT_EQ(facts["heartbeat_changed"], "0");
    EXPECT_EQ(facts["free_0"], "9999840");   // 1.4, Boost 1.74
    hold.process().signal(SIGTERM);
    EXPECT_EQ(hold.finish(20s).exitCode, 0);
    expectSessionGone();
}

TEST_F(V110Test, shouldProbeARegionAfterItsController)
{
    const std::string ep = endpoint("ipc");
    const Args common{"--num-msgs", "10", "--size", "1000", "--seed", "6", "--region-size", "1000000",
                      "--shm-segment-size", "10000000"};
    DeviceProcess receiver(device("pull", ep, Args{"--method", "bind", "--hold-ms", "60000"} + common));
    receiver.awaitReady();
    DeviceProcess sender(device("push", ep, Args{"--method", "connect"} + common));
    const DeviceResult sent = sender.finish(60s);
    expectClean(sent, "sender");
    EXPECT_EQ(sent.value("acks"), 10u);
    Facts facts = probe();
    EXPECT_EQ(facts["device_count"], "1");
    EXPECT_EQ(facts["region_counter"], "1024");
    EXPECT_EQ(facts["regions"], "1024:destroyed:1000000:100000000");
    EXPECT_EQ(facts["event_counter"], "3");   // segment, region created, region destroyed (1.3.4)
    receiver.process().signal(SIGTERM);
    const DeviceResult received = receiver.finish(20s);
    expectClean(received, "receiver");
    EXPECT_EQ(received.value("acks"), 10u);
    expectSessionGone();
}

TEST_F(V110Test, shouldUseANumericShmId)
{
    // 1.1: --shmid is decimal, the names carry it as %08x
    std::mt19937 random{std::random_device{}()};
    const std::uint64_t id = 0x10000000u + (random() % 0x0fffffffu);
    const std::string prefix = "fmq_" + v110::formatShmId(id) + "_";
    ShmScope scope(prefix);
    DeviceProcess hold(Args{"--role", "hold", "--shmid", std::to_string(id), "--shm-segment-size", "4194304"});
    hold.awaitReady();
    EXPECT_EQ(shmEntries(prefix).size(), 2u);   // mng and m_0
    Facts facts = probe("default", Args{"--shmid", std::to_string(id)});
    EXPECT_EQ(facts["shmid"], v110::formatShmId(id));
    EXPECT_EQ(facts["session_name"], "default");
    hold.process().signal(SIGTERM);
    EXPECT_EQ(hold.finish(20s).exitCode, 0);
    expectSessionGone(prefix);
}

} // namespace
} // namespace interop::test
