package org.fairmq.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.UnmanagedRegion;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java against the independent C++ device peer (interop-tests/device: Boost.Interprocess and libzmq
 * only) over the shmem transport, both directions, tcp:// and ipc://: payload patterns and
 * checksums, counts, free memory back to its start, the device counter across languages and
 * last-out removal, backpressure (hostile frames: HostileFramesTest).
 */
class ShmTransportInteropTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("shmx");

    private ShmNames names;

    enum Scenario {
        SINGLE(MessagePlan.fixed(1, 1024), 300, 64L << 20),
        MULTIPART_64MIB(MessagePlan.fixed(2, 64L << 20).withParts(3, 3), 4, 512L << 20),
        ZERO_SIZE_PARTS(MessagePlan.fixed(3, 0).withParts(4, 2), 50, 16L << 20),
        EMPTY(MessagePlan.fixed(4, 0).withParts(1, 1), 50, 16L << 20),
        REGION(MessagePlan.fixed(5, 4000).inRegion(200 * 4096 + 4000), 200, 16L << 20),
        RANDOM_10000(MessagePlan.random(6, 1 << 20), 10_000, 256L << 20);

        final MessagePlan plan;
        final int count;
        final long segmentSize;

        Scenario(MessagePlan plan, int count, long segmentSize) {
            this.plan = plan;
            this.count = count;
            this.segmentSize = segmentSize;
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            for (String endpoint : List.of("tcp", "ipc")) {
                all.add(Arguments.of(s, endpoint));
            }
        }
        return all.stream();
    }

    private String endpoint(String kind) {
        return kind.equals("ipc") ? "ipc:///tmp/" + shm.prefix() + "data.ipc" : "tcp://127.0.0.1:" + org.fairmq.testing.FreeTcpPort.pick();
    }

    private ShmTransportFactory javaTransport(long segmentSize) {
        names = ShmNames.withPrefix(shm.prefix());
        return ShmTransportFactory.create(
                ShmOptions.defaults("java").withNames(names).withSegmentSize(segmentSize));
    }

    private List<String> cppOptions(String role, String endpoint, String method, Scenario s, long count) {
        List<String> options = new ArrayList<>(List.of("--role", role, "--endpoint", endpoint, "--method", method,
                "--transport", "shmem", "--prefix", shm.prefix(), "--segment-size", Long.toString(s.segmentSize),
                "--num-msgs", Long.toString(count), "--hold-ms", isSender(role) ? "60000" : "0",
                "--linger-ms", "30000")); // zmq drops what a slow receiver has not taken when linger expires
        options.addAll(List.of(s.plan.deviceOptions()));
        return options;
    }

    /** Senders stay connected until the receiver has everything, then get SIGTERM (see CppDevice#terminate). */
    private static boolean isSender(String role) {
        return role.equals("push") || role.equals("pair-send");
    }

    @AfterEach
    void removeMutex() {
        if (names != null) {
            assertEquals(List.of("sem." + names.mutex()), DevShm.leftWith(shm.prefix()),
                    "only the named mutex stays (2.2 step 4)");
            NamedMutex.remove(names.mutex());
        }
    }

    /**
     * The C++ peer's free memory at its end is its start minus exactly what the live Java transport
     * holds back (its stock of chunks and its pending frees, jni/ChunkCache.h, jni/FreeBatch.h):
     * every other chunk was freed. The Java side did nothing since the C++ side measured.
     */
    private static void assertFreedAllButHeldBack(Map<String, String> summary, ShmTransportFactory java) {
        long before = Long.parseLong(summary.get("free_before"));
        long after = Long.parseLong(summary.get("free_after"));
        assertEquals(before - java.heldBackBytes(), after, "every chunk freed but what Java holds back: " + summary);
    }

    private long deviceCounter() {
        try (ManagedSegment main = ManagedSegment.openOnly(names.mainSegment())) {
            return main.findDeviceCounter().orElse(-1);
        }
    }

    @ParameterizedTest(name = "Java -> C++ {0} over {1}")
    @MethodSource("matrix")
    void javaSendsCppReceives(Scenario s, String kind) throws Exception {
        String endpoint = endpoint(kind);
        try (ShmTransportFactory java = javaTransport(s.segmentSize);
                CppDevice cpp = CppDevice.start(InteropBinaries.device(),
                        cppOptions("pull", endpoint, "bind", s, s.count))) {
            cpp.awaitReady(10_000);
            assertEquals(2, deviceCounter(), "Java and C++ attached");
            Socket push = java.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(endpoint));
            UnmanagedRegion region = s.plan.regionSize() > 0 ? java.createRegion(s.plan.regionSize()) : null;
            PlanSender sender = new PlanSender(java, push, s.plan, region);
            for (long k = 0; k < s.count; k++) {
                assertTrue(sender.send(k) >= 0, "send " + k);
            }
            assertEquals(0, cpp.awaitExit(120_000), "C++ receiver: " + cpp.output());
            Map<String, String> summary = cpp.summary();
            assertEquals(Long.toString(s.count), summary.get("msgs"));
            assertEquals("0", summary.get("errors"));
            assertEquals(Long.toUnsignedString(sender.checksum()), summary.get("checksum"));
            assertEquals(Long.toString(sender.bytes()), summary.get("bytes"));
            assertFreedAllButHeldBack(summary, java);
            assertEquals(1, deviceCounter(), "C++ detached");
            if (region != null) {
                region.close();
            }
        }
    }

    @ParameterizedTest(name = "C++ -> Java {0} over {1}")
    @MethodSource("matrix")
    void cppSendsJavaReceives(Scenario s, String kind) throws Exception {
        String endpoint = endpoint(kind);
        try (ShmTransportFactory java = javaTransport(s.segmentSize)) {
            Socket pull = java.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint));
            long freeBefore = java.freeMemory();
            List<String> options = cppOptions("push", pull.lastEndpoint(), "connect", s, s.count);
            try (CppDevice cpp = CppDevice.start(InteropBinaries.device(), options)) {
                cpp.awaitReady(10_000);
                assertEquals(2, deviceCounter());
                PlanReceiver receiver = new PlanReceiver(java, pull, s.plan);
                for (long k = 0; k < s.count; k++) {
                    assertTrue(receiver.receive(k, 30_000) >= 0, "receive " + k);
                }
                receiver.close();
                assertEquals(List.of(), receiver.problems());
                cpp.terminate();
                assertEquals(0, cpp.awaitExit(60_000), "C++ sender: " + cpp.output());
                Map<String, String> summary = cpp.summary();
                assertEquals(Long.toUnsignedString(receiver.checksum()), summary.get("checksum"));
                assertEquals(Long.toString(receiver.bytes()), summary.get("bytes"));
            }
            assertEquals(freeBefore, java.freeMemory(), "Java freed every chunk");
            assertEquals(1, deviceCounter());
        }
    }

    @ParameterizedTest(name = "Java -> Java {0} over {1}")
    @MethodSource("matrix")
    void javaSendsJavaReceives(Scenario s, String kind) throws Exception {
        try (ShmTransportFactory receiverSide = javaTransport(s.segmentSize);
                ShmTransportFactory senderSide = javaTransport(s.segmentSize)) {
            assertEquals(2, deviceCounter(), "two Java transports attached");
            Socket pull = receiverSide.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint(kind)));
            long freeBefore = receiverSide.freeMemory();
            Socket push = senderSide.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(pull.lastEndpoint()));
            UnmanagedRegion region = s.plan.regionSize() > 0 ? senderSide.createRegion(s.plan.regionSize()) : null;
            PlanSender sender = new PlanSender(senderSide, push, s.plan, region);
            PlanReceiver receiver = new PlanReceiver(receiverSide, pull, s.plan);
            var sending = org.fairmq.testing.ThreadPerTask.run(() -> {
                for (long k = 0; k < s.count; k++) {
                    assertTrue(sender.send(k) >= 0, "send " + k);
                }
            });
            for (long k = 0; k < s.count; k++) {
                assertTrue(receiver.receive(k, 30_000) >= 0, "receive " + k);
            }
            sending.get();
            receiver.close();
            assertEquals(List.of(), receiver.problems());
            assertEquals(sender.checksum(), receiver.checksum());
            assertEquals(freeBefore, receiverSide.freeMemory() + senderSide.heldBackBytes(),
                    "every chunk freed (the sender's stock aside)");
            if (region != null) {
                region.close();
            }
        }
    }

    @ParameterizedTest(name = "pair Java <-> C++ over {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"tcp", "ipc"})
    void pairSocketsBothWays(String kind) throws Exception {
        Scenario s = Scenario.SINGLE;
        try (ShmTransportFactory java = javaTransport(s.segmentSize)) {
            Socket pair = java.createSocket(SocketType.PAIR, "data[0]");
            assertTrue(pair.bind(endpoint(kind)));
            try (CppDevice cpp = CppDevice.start(InteropBinaries.device(),
                    cppOptions("pair-send", pair.lastEndpoint(), "connect", s, 100))) {
                PlanReceiver receiver = new PlanReceiver(java, pair, s.plan);
                for (long k = 0; k < 100; k++) {
                    assertTrue(receiver.receive(k, 10_000) >= 0);
                }
                receiver.close();
                assertEquals(List.of(), receiver.problems());
                cpp.terminate();
                assertEquals(0, cpp.awaitExit(30_000));
            }
            java.releaseHeldBackMemory(); // as a device leaving RUNNING: the next peer starts from nothing held back
            String endpoint = endpoint(kind);
            try (CppDevice cpp = CppDevice.start(InteropBinaries.device(),
                    cppOptions("pair-recv", endpoint, "bind", s, 100))) {
                cpp.awaitReady(10_000);
                Socket out = java.createSocket(SocketType.PAIR, "data[1]");
                assertTrue(out.connect(endpoint));
                PlanSender sender = new PlanSender(java, out, s.plan, null);
                for (long k = 0; k < 100; k++) {
                    assertTrue(sender.send(k) >= 0);
                }
                assertEquals(0, cpp.awaitExit(30_000), cpp.output().toString());
                assertEquals(Long.toUnsignedString(sender.checksum()), cpp.summary().get("checksum"));
                assertFreedAllButHeldBack(cpp.summary(), java);
            }
        }
    }

    @ParameterizedTest(name = "req/rep Java <-> C++ over {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"tcp", "ipc"})
    void requestReplyBothWays(String kind) throws Exception {
        Scenario s = Scenario.SINGLE;
        try (ShmTransportFactory java = javaTransport(s.segmentSize)) {
            // C++ requests, Java replies with a new message of the same plan entry
            Socket rep = java.createSocket(SocketType.REP, "data[0]");
            assertTrue(rep.bind(endpoint(kind)));
            try (CppDevice cpp = CppDevice.start(InteropBinaries.device(),
                    cppOptions("req", rep.lastEndpoint(), "connect", s, 50))) {
                PlanReceiver requests = new PlanReceiver(java, rep, s.plan);
                PlanSender replies = new PlanSender(java, rep, s.plan, null);
                for (long k = 0; k < 50; k++) {
                    assertTrue(requests.receive(k, 10_000) >= 0);
                    assertTrue(replies.send(k) >= 0);
                }
                requests.close();
                assertEquals(List.of(), requests.problems());
                assertEquals(0, cpp.awaitExit(30_000), cpp.output().toString());
                assertFreedAllButHeldBack(cpp.summary(), java);
            }
            // Java requests, C++ replies
            String endpoint = endpoint(kind);
            try (CppDevice cpp = CppDevice.start(InteropBinaries.device(), cppOptions("rep", endpoint, "bind", s, 50))) {
                cpp.awaitReady(10_000);
                Socket req = java.createSocket(SocketType.REQ, "data[1]");
                assertTrue(req.connect(endpoint));
                PlanSender requests = new PlanSender(java, req, s.plan, null);
                PlanReceiver replies = new PlanReceiver(java, req, s.plan);
                long free = java.freeMemory();
                for (long k = 0; k < 50; k++) {
                    assertTrue(requests.send(k) >= 0);
                    assertTrue(replies.receive(k, 10_000) >= 0);
                }
                replies.close();
                assertEquals(List.of(), replies.problems());
                assertEquals(0, cpp.awaitExit(30_000), cpp.output().toString());
                assertEquals(free, java.freeMemory());
            }
        }
    }

    @Test
    void shouldApplyBackpressureFromASlowCppReceiver() throws Exception {
        long segment = 8L << 20;
        MessagePlan plan = MessagePlan.fixed(8, 1 << 20);
        String endpoint = endpoint("ipc");
        try (ShmTransportFactory java = javaTransport(segment);
                CppDevice cpp = CppDevice.start(InteropBinaries.device(), List.of("--role", "pull", "--endpoint",
                        endpoint, "--method", "bind", "--prefix", shm.prefix(), "--segment-size", Long.toString(segment),
                        "--num-msgs", "100", "--seed", "8", "--size", Long.toString(1 << 20), "--recv-delay-us", "2000"))) {
            cpp.awaitReady(10_000);
            Socket push = java.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(endpoint));
            PlanSender sender = new PlanSender(java, push, plan, null);
            for (long k = 0; k < 100; k++) {
                assertTrue(sender.send(k) >= 0);
            }
            assertEquals(0, cpp.awaitExit(60_000), cpp.output().toString());
            Map<String, String> summary = cpp.summary();
            assertEquals("100", summary.get("msgs"));
            assertEquals(Long.toUnsignedString(sender.checksum()), summary.get("checksum"));
            assertFreedAllButHeldBack(summary, java);
        }
    }

    @Test
    void shouldLetCppRemoveTheSegmentsWhenItLeavesLast() throws Exception {
        String endpoint = endpoint("ipc");
        Scenario s = Scenario.SINGLE;
        ShmTransportFactory java = javaTransport(s.segmentSize);
        List<String> options = new ArrayList<>(cppOptions("pull", endpoint, "bind", s, 10));
        options.set(options.indexOf("--hold-ms") + 1, "3000"); // stays attached after Java left
        try (CppDevice cpp = CppDevice.start(InteropBinaries.device(), options)) {
            cpp.awaitReady(10_000);
            Socket push = java.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(endpoint));
            PlanSender sender = new PlanSender(java, push, s.plan, null);
            for (long k = 0; k < 10; k++) {
                sender.send(k);
            }
            while (!cpp.output().stream().anyMatch(l -> l.startsWith("SUMMARY"))) {
                Thread.sleep(10);
            }
            java.close(); // Java leaves first: counter 2 -> 1, nothing removed
            assertEquals(1, deviceCounter());
            assertEquals(0, cpp.awaitExit(30_000));
        }
        assertEquals(List.of("sem." + names.mutex()), DevShm.leftWith(shm.prefix()), "C++ removed both segments");
    }
}
