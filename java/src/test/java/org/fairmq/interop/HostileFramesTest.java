package org.fairmq.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fairmq.device.builtin.Proxy;
import org.fairmq.device.builtin.Sink;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.JavaProcess;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.shmem.FrameRejection;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmSocket;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C++ hostile sampler (interop-tests/device/HostileRole.cpp) sends every kind of bad frame,
 * interleaved with valid messages, to a Java receiver: the transport itself, {@code fairmq-sink},
 * and {@code fairmq-proxy} in front of a checking C++ receiver. Every valid message arrives, every
 * bad frame is dropped and counted by cause, the devices stay RUNNING, the sampler's baits (the live
 * chunks and regions the frames point into) are untouched, the segment passes {@code check_sanity},
 * and free memory returns to its start.
 */
class HostileFramesTest {
    private static final int VALID = 60;
    private static final int ROUNDS = 2;
    private static final long SEGMENT = 64_000_000;
    /** How the Java receiver must classify each kind the C++ sampler sends. */
    private static final Map<String, FrameRejection> EXPECTED = Map.ofEntries(
            Map.entry("short-frame", FrameRejection.MALFORMED_LENGTH),
            Map.entry("frame-31", FrameRejection.MALFORMED_LENGTH),
            Map.entry("frame-1", FrameRejection.MALFORMED_LENGTH),
            Map.entry("frame-40", FrameRejection.MALFORMED_LENGTH),
            Map.entry("frame-1000", FrameRejection.MALFORMED_LENGTH),
            Map.entry("handle-zero", FrameRejection.OUTSIDE_CHUNKS),
            Map.entry("handle-segment-manager", FrameRejection.OUTSIDE_CHUNKS),
            Map.entry("handle-first-block-header", FrameRejection.OUTSIDE_CHUNKS),
            Map.entry("handle-negative", FrameRejection.OUTSIDE_CHUNKS),
            Map.entry("handle-far", FrameRejection.OUTSIDE_CHUNKS),
            Map.entry("misaligned", FrameRejection.OUTSIDE_CHUNKS),
            Map.entry("handle-at-end", FrameRejection.OUTSIDE_CHUNKS),
            Map.entry("handle-segment-size", FrameRejection.OUTSIDE_CHUNKS),
            Map.entry("inside-live-chunk", FrameRejection.NOT_A_CHUNK),
            Map.entry("inside-ff-chunk", FrameRejection.NOT_A_CHUNK),
            Map.entry("freed-chunk", FrameRejection.NOT_A_CHUNK),
            Map.entry("size-past-chunk", FrameRejection.SIZE_PAST_CHUNK),
            Map.entry("size-huge", FrameRejection.SIZE_PAST_CHUNK),
            Map.entry("all-ff-frame", FrameRejection.UNKNOWN_REGION),
            Map.entry("unknown-region", FrameRejection.UNKNOWN_REGION),
            Map.entry("vanished-region", FrameRejection.UNKNOWN_REGION),
            Map.entry("outside-region", FrameRejection.OUTSIDE_REGION));
    private static final Pattern TOTALS =
            Pattern.compile("data-in\\[0\\]: in: (\\d+) msgs \\(\\d+ bytes\\), out: \\d+ msgs \\(\\d+ bytes\\), rejected frames: (\\d+)(?: \\((.*)\\))?");

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("hostile");

    @TempDir
    Path logs;

    private ShmNames names() {
        return ShmNames.withPrefix(shm.prefix());
    }

    @AfterEach
    void removeMutex() {
        NamedMutex.remove(names().mutex());
    }

    private CppDevice hostileSampler(String endpoint) {
        return CppDevice.start(InteropBinaries.device(), List.of("--role", "sampler-hostile", "--endpoint", endpoint,
                "--method", "connect", "--prefix", shm.prefix(), "--segment-size", Long.toString(SEGMENT), "--num-msgs",
                Integer.toString(VALID), "--size", "1024", "--seed", "11", "--hostile-rounds", Integer.toString(ROUNDS),
                "--oversize-frame", "1", "--timeout-ms", "60000", "--hold-ms", "120000"));
    }

    /** The expected counts by cause from the kinds the sampler reports it sent. */
    private static Map<FrameRejection, Long> expectedCounts(CppDevice sampler) {
        Map<FrameRejection, Long> expected = new EnumMap<>(FrameRejection.class);
        int kinds = 0;
        for (String line : sampler.output()) {
            if (line.startsWith("HOSTILE ") && !line.equals("HOSTILE oversize-frame")) {
                FrameRejection cause = EXPECTED.get(line.substring("HOSTILE ".length()));
                assertTrue(cause != null, "a kind this test does not know: " + line);
                expected.merge(cause, 1L, Long::sum);
                kinds++;
            }
        }
        assertEquals(EXPECTED.size() * ROUNDS, kinds, "hostile frames sent: " + sampler.output());
        assertTrue(sampler.output().contains("HOSTILE oversize-frame"), sampler.output().toString());
        return expected;
    }

    /** Ends the sampler (SIGTERM): it checks its baits and the segment, frees them, and reports. */
    private static void endSampler(CppDevice sampler) throws InterruptedException {
        sampler.terminate();
        assertEquals(0, sampler.awaitExit(60_000), "C++ hostile sampler: " + sampler.output());
        assertTrue(sampler.output().contains("BAIT intact"), sampler.output().toString());
        assertTrue(sampler.output().contains("SANITY ok"), sampler.output().toString());
        Map<String, String> summary = sampler.summary();
        assertEquals(Integer.toString(VALID), summary.get("msgs"));
        assertEquals(summary.get("free_before"), summary.get("free_after"), "every chunk freed: " + summary);
    }

    @Test
    void theTransportDropsEveryHostileFrameAndReceivesEveryValidMessage() throws Exception {
        try (ShmTransportFactory java = ShmTransportFactory.create(
                ShmOptions.defaults("java").withNames(names()).withSegmentSize(SEGMENT))) {
            List<FrameRejection> told = new ArrayList<>();
            java.setRejectionListener((socket, cause, detail, total) -> told.add(cause));
            ShmSocket pull = java.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind("ipc:///tmp/" + shm.prefix() + "transport.ipc"));
            long freeBefore = java.freeMemory();
            Map<FrameRejection, Long> expected;
            try (CppDevice sampler = hostileSampler(pull.lastEndpoint())) {
                PlanReceiver receiver = new PlanReceiver(java, pull, MessagePlan.fixed(11, 1024));
                for (long k = 0; k < VALID; k++) {
                    assertTrue(receiver.receive(k, 30_000) >= 0, "valid message " + k + " after "
                            + pull.rejectedFrames().summary());
                }
                receiver.close();
                java.releaseHeldBackMemory(); // the sampler measures free memory: the batch of frees goes back now
                assertEquals(List.of(), receiver.problems());
                endSampler(sampler);
                expected = expectedCounts(sampler);
            }
            assertEquals(expected, pull.rejectedFrames().byCause());
            assertEquals(EXPECTED.size() * ROUNDS, pull.framesRejected());
            assertEquals(EXPECTED.size() * ROUNDS, told.size(), "the listener heard of each");
            assertEquals(VALID, pull.messagesReceived());
            assertEquals(freeBefore, java.freeMemory(), "nothing freed that was not ours, nothing leaked");
            try (ManagedSegment main = ManagedSegment.openOnly(names().mainSegment())) {
                assertTrue(main.checkSanity());
            }
        }
        assertEquals(List.of(), shm.leftBesidesMutex());
    }

    @Test
    void fairmqSinkStaysRunningAndCountsWhatItDropped() throws Exception {
        String address = "ipc:///tmp/" + shm.prefix() + "sink.ipc";
        Path log = logs.resolve("sink.log");
        Process sink = JavaProcess.start(Sink.class, device("sink1", "--in-channel", "data-in", "--channel-config",
                "name=data-in,type=pull,method=bind,address=" + address, "--num-msgs", Integer.toString(VALID)), log);
        try (CppDevice sampler = hostileSampler(address)) {
            assertEquals(0, await(sink), Files.readString(log)); // RUNNING until all valid messages, then a normal end
            endSampler(sampler);
            String text = Files.readString(log);
            assertTrue(text.contains("Received " + VALID + " messages"), text);
            assertTotals(text, expectedCounts(sampler));
        }
        assertEquals(List.of(), shm.leftBesidesMutex());
    }

    @Test
    void fairmqProxyForwardsEveryValidMessageToACheckingCppReceiver() throws Exception {
        String in = "ipc:///tmp/" + shm.prefix() + "proxy-in.ipc";
        String out = "ipc:///tmp/" + shm.prefix() + "proxy-out.ipc";
        Path log = logs.resolve("proxy.log");
        try (CppDevice receiver = CppDevice.start(InteropBinaries.device(), List.of("--role", "pull", "--endpoint", out,
                "--method", "bind", "--prefix", shm.prefix(), "--segment-size", Long.toString(SEGMENT), "--num-msgs",
                Integer.toString(VALID), "--size", "1024", "--seed", "11", "--timeout-ms", "60000"))) {
            receiver.awaitReady(10_000);
            Process proxy = JavaProcess.start(Proxy.class, device("proxy1", "--in-channel", "data-in", "--out-channel",
                    "data-out", "--channel-config", "name=data-in,type=pull,method=bind,address=" + in, "--channel-config",
                    "name=data-out,type=push,method=connect,address=" + out), log);
            try (CppDevice sampler = hostileSampler(in)) {
                assertEquals(0, receiver.awaitExit(60_000), "C++ receiver: " + receiver.output());
                Map<String, String> checked = receiver.summary();
                assertEquals(Integer.toString(VALID), checked.get("msgs"), "every valid message, checked: " + checked);
                assertEquals("0", checked.get("errors"));
                proxy.toHandle().destroy(); // SIGTERM: a normal stop of a RUNNING device
                assertEquals(0, await(proxy), Files.readString(log));
                endSampler(sampler);
                assertTotals(Files.readString(log), expectedCounts(sampler));
            }
        }
        assertEquals(List.of(), shm.leftBesidesMutex());
    }

    private List<String> device(String id, String... extra) {
        List<String> args = new ArrayList<>(List.of("--id", id, "--transport", "shmem", "--control", "static",
                "--shm-prefix", shm.prefix(), "--shm-segment-size", Long.toString(SEGMENT), "--verbosity", "INFO"));
        args.addAll(List.of(extra));
        return args;
    }

    private static int await(Process p) throws InterruptedException {
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("device did not finish");
        }
        return p.exitValue();
    }

    /** The device's end-of-run line for its input channel names the same counts. */
    private static void assertTotals(String log, Map<FrameRejection, Long> expected) {
        Matcher m = TOTALS.matcher(log);
        assertTrue(m.find(), "no totals line for data-in[0] in: " + log);
        assertEquals(Integer.toString(VALID), m.group(1), m.group());
        assertEquals(Long.toString(EXPECTED.size() * ROUNDS), m.group(2), m.group());
        Map<FrameRejection, Long> logged = new EnumMap<>(FrameRejection.class);
        for (String entry : m.group(3).split(", ")) {
            int colon = entry.lastIndexOf(": ");
            String text = entry.substring(0, colon);
            FrameRejection cause = null;
            for (FrameRejection c : FrameRejection.values()) {
                if (c.text().equals(text)) {
                    cause = c;
                }
            }
            assertTrue(cause != null, "unknown cause in " + m.group());
            logged.put(cause, Long.parseLong(entry.substring(colon + 2)));
        }
        assertEquals(expected, logged, m.group());
    }
}
