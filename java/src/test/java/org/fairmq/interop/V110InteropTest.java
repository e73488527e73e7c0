package org.fairmq.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.FreeTcpPort;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.ThreadPerTask;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.shmem.v110.V110Message;
import org.fairmq.transport.shmem.v110.V110Options;
import org.fairmq.transport.shmem.v110.RegionInfo;
import org.fairmq.transport.shmem.v110.V110Region;
import org.fairmq.transport.shmem.v110.V110TransportFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java against the independent C++ peer of the v1.10 profile (interop-tests/device-v110: written
 * from PROTOCOL-V110.md with Boost.Interprocess and libzmq only), both directions and Java -> Java,
 * tcp:// and ipc://: payload patterns and checksums, multipart frames padded on one side only, empty
 * and zero-size parts, soft copies, 10,000 random sizes, free memory back to its start, the device
 * counter across languages with last-out removal, two sessions side by side. One session per test.
 */
class V110InteropTest {
    private final String session = "jv110-" + UUID.randomUUID();
    private final SessionNames names = V110Options.defaults("x", session).names();
    private final String ipcPath = "/tmp/" + session + ".ipc";

    enum Scenario {
        SINGLE(MessagePlan.fixed(1, 1024), 300, 64L << 20, 0),
        MULTIPART_PADDED(MessagePlan.fixed(2, 100_000).withParts(3, 3), 40, 64L << 20, 2048),
        ZERO_SIZE_PARTS(MessagePlan.fixed(3, 0).withParts(4, 2), 50, 16L << 20, 0),
        EMPTY(MessagePlan.fixed(4, 0).withParts(1, 1), 50, 16L << 20, 0),
        RANDOM_10000(MessagePlan.random(6, 1 << 20), 10_000, 256L << 20, 0);

        final MessagePlan plan;
        final int count;
        final long segmentSize;
        /** Java's --shm-metadata-msg-size; the C++ side never pads (3.4: both may differ). */
        final int javaMetadataSize;

        Scenario(MessagePlan plan, int count, long segmentSize, int javaMetadataSize) {
            this.plan = plan;
            this.count = count;
            this.segmentSize = segmentSize;
            this.javaMetadataSize = javaMetadataSize;
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

    @AfterEach
    void nothingLeft() {
        assertEquals(List.of(), DevShm.leftWith(names.prefix()), "the last one out removed the session");
    }

    private String endpoint(String kind) {
        return kind.equals("ipc") ? "ipc://" + ipcPath : "tcp://127.0.0.1:" + FreeTcpPort.pick();
    }

    private V110TransportFactory java(String id, Scenario s) {
        // a sender that outruns its receiver waits for space (--shm-throw-bad-alloc false), as a fast
        // C++ sampler must too: the default throws at the first full segment (3.10)
        return V110TransportFactory.create(V110Options.defaults(id, session).withSegmentSize(s.segmentSize)
                .withMetadataMsgSize(s.javaMetadataSize).withBadAlloc(-1, 5));
    }

    private List<String> cpp(String role, String endpoint, String method, Scenario s, String... more) {
        List<String> options = new ArrayList<>(List.of("--role", role, "--session", session, "--endpoint", endpoint,
                "--method", method, "--shm-segment-size", Long.toString(s.segmentSize), "--num-msgs",
                Integer.toString(s.count), "--timeout-ms", "60000", "--linger-ms", "30000"));
        options.addAll(List.of(s.plan.deviceOptions()));
        options.addAll(List.of(more));
        return options;
    }

    private long deviceCount() {
        try (ManagementSegment mng = ManagementSegment.openOnly(names.management())) {
            return mng.deviceCount();
        }
    }

    @ParameterizedTest(name = "Java -> C++ {0} over {1}")
    @MethodSource("matrix")
    void javaSendsCppReceives(Scenario s, String kind) throws Exception {
        String endpoint = endpoint(kind);
        try (V110TransportFactory java = java("java", s);
                CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(), cpp("pull", endpoint, "bind", s))) {
            cpp.awaitReady(10_000);
            assertEquals(2, deviceCount(), "Java and C++ joined one session");
            long free = java.freeMemory();
            Socket push = java.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(endpoint));
            PlanSender sender = new PlanSender(java, push, s.plan, null);
            for (long k = 0; k < s.count; k++) {
                assertTrue(sender.send(k) >= 0, "send " + k);
            }
            assertEquals(0, cpp.awaitExit(120_000), "C++ receiver: " + cpp.output());
            Map<String, String> summary = cpp.summary();
            assertEquals(Integer.toString(s.count), summary.get("msgs"));
            assertEquals("0", summary.get("errors"));
            assertEquals(Long.toUnsignedString(sender.checksum()), summary.get("checksum"));
            assertEquals(Long.toString(sender.bytes()), summary.get("bytes"));
            assertEquals(free, java.freeMemory(), "C++ released every reference");
            assertEquals(1, deviceCount(), "C++ left");
        }
    }

    @ParameterizedTest(name = "C++ -> Java {0} over {1}")
    @MethodSource("matrix")
    void cppSendsJavaReceives(Scenario s, String kind) throws Exception {
        try (V110TransportFactory java = java("java", s)) {
            Socket pull = java.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint(kind)));
            long free = java.freeMemory();
            try (CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(),
                    cpp("push", pull.lastEndpoint(), "connect", s, "--hold-ms", "60000"))) {
                cpp.awaitReady(10_000);
                assertEquals(2, deviceCount());
                PlanReceiver receiver = new PlanReceiver(java, pull, s.plan);
                for (long k = 0; k < s.count; k++) {
                    assertTrue(receiver.receive(k, 30_000) >= 0, "receive " + k);
                }
                receiver.close();
                assertEquals(List.of(), receiver.problems());
                assertEquals(0, pull.framesRejected(), pull.framesRejectedByCause());
                cpp.terminate();
                assertEquals(0, cpp.awaitExit(60_000), "C++ sender: " + cpp.output());
                Map<String, String> summary = cpp.summary();
                assertEquals(Long.toUnsignedString(receiver.checksum()), summary.get("checksum"));
                assertEquals(Long.toString(receiver.bytes()), summary.get("bytes"));
                assertEquals(summary.get("free_before"), summary.get("free_after"), "Java released every reference");
            }
            assertEquals(free, java.freeMemory());
            assertEquals(1, deviceCount());
        }
    }

    @ParameterizedTest(name = "Java -> Java {0} over {1}")
    @MethodSource("matrix")
    void javaSendsJavaReceives(Scenario s, String kind) throws Exception {
        try (V110TransportFactory receiverSide = java("receiver", s); V110TransportFactory senderSide = java("sender", s)) {
            assertEquals(2, deviceCount());
            Socket pull = receiverSide.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint(kind)));
            long free = receiverSide.freeMemory();
            Socket push = senderSide.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(pull.lastEndpoint()));
            PlanSender sender = new PlanSender(senderSide, push, s.plan, null);
            PlanReceiver receiver = new PlanReceiver(receiverSide, pull, s.plan);
            var sending = ThreadPerTask.run(() -> {
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
            assertEquals(free, receiverSide.freeMemory(), "every reference released");
        }
    }

    /** 3.11: Java's soft copies reach C++ with count 2 while Java holds the originals, and go back to 1 and 0. */
    @ParameterizedTest(name = "copies Java -> C++ over {0}")
    @ValueSource(strings = {"tcp", "ipc"})
    void javaCopiesAreSharedWithCpp(String kind) throws Exception {
        Scenario s = Scenario.SINGLE;
        String endpoint = endpoint(kind);
        try (V110TransportFactory java = java("java", s);
                CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(), cpp("pull", endpoint, "bind", s))) {
            cpp.awaitReady(10_000);
            long free = java.freeMemory();
            Socket push = java.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(endpoint));
            List<V110Message> originals = new ArrayList<>();
            long checksum = Payloads.fnv1aInit();
            for (long k = 0; k < s.count; k++) {
                V110Message original = java.createMessage(s.plan.size(k, 0));
                checksum = Payloads.fillAndHash(original.data(), s.plan.patternSeed(k, 0), checksum);
                V110Message copy = java.createMessage();
                copy.copy(original);
                assertEquals(2, original.refCount());
                assertTrue(push.send(copy) > 0);
                copy.close();
                originals.add(original);
            }
            assertEquals(0, cpp.awaitExit(60_000), cpp.output().toString());
            Map<String, String> summary = cpp.summary();
            assertEquals(Long.toUnsignedString(checksum), summary.get("checksum"));
            assertEquals("2", summary.get("refcount_seen"), "C++ saw the shared count");
            for (V110Message original : originals) {
                assertEquals(1, original.refCount(), "C++ released its reference");
                original.close();
            }
            assertEquals(free, java.freeMemory());
        }
    }

    @Test
    void cppCopiesReachJavaAndComeBack() throws Exception {
        Scenario s = Scenario.SINGLE;
        try (V110TransportFactory java = java("java", s)) {
            Socket pull = java.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint("ipc")));
            long free = java.freeMemory();
            try (CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(),
                    cpp("push", pull.lastEndpoint(), "connect", s, "--copy", "--hold-ms", "60000"))) {
                cpp.awaitReady(10_000);
                PlanReceiver receiver = new PlanReceiver(java, pull, s.plan);
                for (long k = 0; k < s.count; k++) {
                    assertTrue(receiver.receive(k, 30_000) >= 0, "receive " + k);
                }
                receiver.close();
                assertEquals(List.of(), receiver.problems());
                cpp.terminate();
                assertEquals(0, cpp.awaitExit(60_000), cpp.output().toString());
                assertEquals(Long.toUnsignedString(receiver.checksum()), cpp.summary().get("checksum"));
            }
            assertEquals(free, java.freeMemory());
        }
    }

    @Test
    void requestReplyJavaToCpp() throws Exception {
        Scenario s = Scenario.SINGLE;
        String endpoint = endpoint("ipc");
        try (V110TransportFactory java = java("java", s);
                CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(), cpp("rep", endpoint, "bind", s))) {
            cpp.awaitReady(10_000);
            long free = java.freeMemory();
            Socket req = java.createSocket(SocketType.REQ, "data[0]");
            assertTrue(req.connect(endpoint));
            PlanSender sender = new PlanSender(java, req, s.plan, null);
            PlanReceiver receiver = new PlanReceiver(java, req, s.plan);
            for (long k = 0; k < s.count; k++) {
                assertTrue(sender.send(k) >= 0, "request " + k);
                assertTrue(receiver.receive(k, 30_000) >= 0, "reply " + k);
            }
            receiver.close();
            assertEquals(List.of(), receiver.problems());
            assertEquals(sender.checksum(), receiver.checksum(), "the replies carry the requests' payloads");
            assertEquals(0, cpp.awaitExit(60_000), cpp.output().toString());
            assertEquals(free, java.freeMemory());
        }
    }

    /** 2.3: whoever leaves last removes the session, in either language. */
    @ParameterizedTest(name = "last out: {0}")
    @ValueSource(strings = {"cpp", "java"})
    void theLastOneOutRemovesTheSession(String last) throws Exception {
        Scenario s = Scenario.EMPTY;
        V110TransportFactory java = java("java", s);
        try (CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(),
                List.of("--role", "hold", "--session", session, "--shm-segment-size", "16777216"))) {
            cpp.awaitReady(10_000);
            assertEquals(2, deviceCount());
            if (last.equals("cpp")) {
                java.close();
                assertEquals(1, deviceCount());
                cpp.terminate();
                assertEquals(0, cpp.awaitExit(30_000), cpp.output().toString());
            } else {
                cpp.terminate();
                assertEquals(0, cpp.awaitExit(30_000), cpp.output().toString());
                assertEquals(1, deviceCount());
                java.close();
            }
        } finally {
            java.close();
        }
    }

    @Test
    void twoSessionsSideBySideDoNotSeeEachOther() throws Exception {
        Scenario s = Scenario.EMPTY;
        String other = session + "-other";
        SessionNames otherNames = V110Options.defaults("x", other).names();
        assertNotEquals(names.prefix(), otherNames.prefix());
        try (V110TransportFactory java = java("java", s);
                CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(),
                        List.of("--role", "hold", "--session", other, "--shm-segment-size", "16777216"))) {
            cpp.awaitReady(10_000);
            assertEquals(1, deviceCount());
            try (ManagementSegment mng = ManagementSegment.openOnly(otherNames.management())) {
                assertEquals(1, mng.deviceCount());
                assertEquals(other, mng.sessionName());
            }
            cpp.terminate();
            assertEquals(0, cpp.awaitExit(30_000), cpp.output().toString());
        }
        assertEquals(List.of(), DevShm.leftWith(otherNames.prefix()));
    }

    private static final MessagePlan REGION_PLAN = MessagePlan.fixed(5, 4000).inRegion(200 * 4096 + 4000);
    private static final int REGION_MESSAGES = 200;

    private static void awaitAcks(V110Region region, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (region.acknowledged() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, region.acknowledged(), "every region block acknowledged (4.5)");
    }

    /** 4.1-4.5: Java controls the region, C++ views it, releases every block and acknowledges it. */
    @ParameterizedTest(name = "region Java -> C++ over {0}")
    @ValueSource(strings = {"tcp", "ipc"})
    void javaRegionMessagesAreAcknowledgedByCpp(String kind) throws Exception {
        String endpoint = endpoint(kind);
        try (V110TransportFactory java = java("java", Scenario.EMPTY);
                CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(), List.of("--role", "pull", "--session",
                        session, "--endpoint", endpoint, "--method", "bind", "--num-msgs",
                        Integer.toString(REGION_MESSAGES), "--size", "4000", "--seed", "5", "--timeout-ms", "60000"))) {
            cpp.awaitReady(10_000);
            try (V110Region region = java.createRegion(REGION_PLAN.regionSize())) {
                assertEquals(1024, region.id(), "the first automatic region id (1.3.6)");
                Socket push = java.createSocket(SocketType.PUSH, "data[0]");
                assertTrue(push.connect(endpoint));
                PlanSender sender = new PlanSender(java, push, REGION_PLAN, region);
                for (long k = 0; k < REGION_MESSAGES; k++) {
                    assertTrue(sender.send(k) >= 0, "send " + k);
                }
                assertEquals(0, cpp.awaitExit(60_000), cpp.output().toString());
                assertEquals(Long.toUnsignedString(sender.checksum()), cpp.summary().get("checksum"));
                assertEquals(Integer.toString(REGION_MESSAGES), cpp.summary().get("acks"));
                awaitAcks(region, REGION_MESSAGES);
            }
        }
    }

    /** 4.2, 4.5: C++ controls the region, Java views it and acknowledges every block it released. */
    @ParameterizedTest(name = "region C++ -> Java, rc segment {0}")
    @ValueSource(longs = {100_000_000L, 0L})
    void cppRegionMessagesAreAcknowledgedByJava(long rcSegmentSize) throws Exception {
        try (V110TransportFactory java = java("java", Scenario.EMPTY)) {
            BlockingQueue<RegionInfo> events = new LinkedBlockingQueue<>();
            java.subscribeToRegionEvents(info -> {
                if (!info.managed()) {
                    events.add(info);
                }
            });
            Socket pull = java.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint("ipc")));
            try (CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(), List.of("--role", "push", "--session",
                    session, "--endpoint", pull.lastEndpoint(), "--method", "connect", "--num-msgs",
                    Integer.toString(REGION_MESSAGES), "--size", "4000", "--seed", "5", "--region-size",
                    Long.toString(REGION_PLAN.regionSize()), "--rc-segment-size", Long.toString(rcSegmentSize),
                    "--copy", "--timeout-ms", "60000"))) {
                cpp.awaitReady(10_000);
                PlanReceiver receiver = new PlanReceiver(java, pull, REGION_PLAN);
                for (long k = 0; k < REGION_MESSAGES; k++) {
                    assertTrue(receiver.receive(k, 30_000) >= 0, "receive " + k);
                }
                receiver.close();
                assertEquals(List.of(), receiver.problems());
                assertEquals(0, pull.framesRejected(), pull.framesRejectedByCause());
                assertEquals(0, cpp.awaitExit(60_000), "C++ got every acknowledgement: " + cpp.output());
                assertEquals(Long.toUnsignedString(receiver.checksum()), cpp.summary().get("checksum"));
            }
            // 4.7: the C++ controller's region, created and then destroyed (it lives while the acks come)
            RegionInfo created = events.poll(30, TimeUnit.SECONDS);
            assertEquals(new RegionInfo(false, 1024, REGION_PLAN.regionSize(), 0, RegionInfo.Event.CREATED), created);
            assertEquals(RegionInfo.Event.DESTROYED, events.poll(30, TimeUnit.SECONDS).event());
        }
    }

    /** 3.11, 4.4: Java's copies of region messages share one RefCount with C++; the last release acknowledges. */
    @ParameterizedTest(name = "region copies Java -> C++, rc segment {0}")
    @ValueSource(longs = {100_000_000L, 0L})
    void javaRegionCopiesCountAcrossLanguages(long rcSegmentSize) throws Exception {
        String endpoint = endpoint("ipc");
        try (V110TransportFactory java = java("java", Scenario.EMPTY);
                CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(), List.of("--role", "pull", "--session",
                        session, "--endpoint", endpoint, "--method", "bind", "--num-msgs", "50", "--size", "4000",
                        "--seed", "5", "--timeout-ms", "60000"))) {
            cpp.awaitReady(10_000);
            long free = java.freeMemory();
            try (V110Region region = java.createRegion(REGION_PLAN.regionSize(), null, rcSegmentSize, 0, null)) {
                Socket push = java.createSocket(SocketType.PUSH, "data[0]");
                assertTrue(push.connect(endpoint));
                List<V110Message> originals = new ArrayList<>();
                long checksum = Payloads.fnv1aInit();
                for (long k = 0; k < 50; k++) {
                    long offset = REGION_PLAN.regionOffset(k, 0);
                    checksum = Payloads.fillAndHash(region.data().position((int) offset).limit((int) offset + 4000),
                            REGION_PLAN.patternSeed(k, 0), checksum);
                    V110Message original = java.createMessage(region, offset, 4000, 0x1234 + k);
                    V110Message copy = java.createMessage();
                    copy.copy(original);
                    assertEquals(2, original.refCount());
                    assertTrue(original.shared() >= 0);
                    assertTrue(push.send(copy) > 0);
                    originals.add(original);
                }
                assertEquals(0, cpp.awaitExit(60_000), cpp.output().toString());
                assertEquals(Long.toUnsignedString(checksum), cpp.summary().get("checksum"));
                assertEquals("2", cpp.summary().get("refcount_seen"));
                assertEquals(0, region.acknowledged(), "no block is free while Java holds its originals");
                for (V110Message original : originals) {
                    assertEquals(1, original.refCount());
                    original.close();
                }
                awaitAcks(region, 50);
            }
            assertEquals(free, java.freeMemory(), "the 2-byte RefCount chunks went back too");
        }
    }

    /** What a C++ monitor-side probe reads of a session a Java device made (1.3, 2.1, 2.2). */
    @Test
    void cppProbeReadsWhatJavaWrote() throws Exception {
        try (V110TransportFactory java = java("java", Scenario.EMPTY)) {
            try (CppDevice probe = CppDevice.start(InteropBinaries.deviceV110(),
                    List.of("--role", "probe", "--session", session, "--wait-heartbeat-change", "5000"))) {
                assertEquals(0, probe.awaitExit(30_000), probe.output().toString());
                List<String> out = probe.output();
                assertTrue(out.contains("session_name=" + session), out.toString());
                assertTrue(out.contains("device_count=1"), out.toString());
                assertTrue(out.contains("event_counter=1"), out.toString());
                assertTrue(out.contains("segments=0:rbtree_best_fit") || out.contains("segments=0:0"), out.toString());
                assertTrue(out.contains("size_0=16777216"), out.toString());
                assertTrue(out.contains("free_0=" + java.freeMemory()), out.toString());
                assertTrue(out.contains("heartbeat_changed=1"), out.toString());
            }
        }
    }
}
