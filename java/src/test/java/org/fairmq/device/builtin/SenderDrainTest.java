package org.fairmq.device.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fairmq.interop.CppDevice;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.FreeTcpPort;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.JavaProcess;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A normal end loses nothing: {@code fairmq-bsampler --num-msgs} stops by itself while its receiver
 * is stalled with frames queued (libzmq 4.3.4 drops the unread tail of an ipc connection when the
 * sender hangs up then); the sender's drain keeps the connection until the receiver has read
 * everything. The test attaches to the segment itself, so that it outlives the devices and its free
 * memory can be compared with the start.
 */
class SenderDrainTest {
    private static final long SEGMENT_SIZE = 64_000_000;
    private static final int MESSAGES = 2000;
    private static final int SIZE = 1000;
    /** Long enough for the sampler to send everything and start closing while the receiver sleeps. */
    private static final String PAUSE_MS = "3000";

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("drn");

    @TempDir
    Path logs;

    @AfterEach
    void removeMutex() {
        NamedMutex.remove(ShmNames.withPrefix(shm.prefix()).mutex());
    }

    private String endpoint(String kind) {
        return kind.equals("ipc") ? "ipc:///tmp/" + shm.prefix() + "drain.ipc" : "tcp://127.0.0.1:" + FreeTcpPort.pick();
    }

    private ShmTransportFactory observer() {
        return ShmTransportFactory.create(ShmOptions.defaults("drain-observer")
                .withNames(ShmNames.withPrefix(shm.prefix())).withSegmentSize(SEGMENT_SIZE));
    }

    private Process sampler(String address, String drainTimeoutMs) {
        List<String> args = new ArrayList<>(List.of("--id", "sampler1", "--transport", "shmem", "--control", "static",
                "--shm-prefix", shm.prefix(), "--shm-segment-size", Long.toString(SEGMENT_SIZE), "--verbosity", "DEBUG",
                "--channel-config", "name=data,type=push,method=connect,address=" + address, "--num-msgs",
                Integer.toString(MESSAGES), "--msg-size", Integer.toString(SIZE), "--drain-timeout-ms", drainTimeoutMs));
        return JavaProcess.start(BenchmarkSampler.class, args, logs.resolve("sampler.log"));
    }

    private int await(Process p, String what) throws Exception {
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(what + " did not finish; its log:\n" + Files.readString(logs.resolve(what + ".log")));
        }
        return p.exitValue();
    }

    private CppDevice stallingCppReceiver(String address, String timeoutMs) {
        return CppDevice.start(InteropBinaries.device(), List.of("--role", "pull", "--endpoint", address, "--method",
                "bind", "--prefix", shm.prefix(), "--segment-size", Long.toString(SEGMENT_SIZE), "--num-msgs",
                Integer.toString(MESSAGES), "--size", Integer.toString(SIZE), "--expect-errors",
                Integer.toString(MESSAGES), "--pause-after", "100", "--pause-ms", PAUSE_MS, "--timeout-ms", timeoutMs));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "tcp"})
    void shouldDeliverEveryMessageToACppReceiverThatStalls(String kind) throws Exception {
        String address = endpoint(kind);
        try (ShmTransportFactory observer = observer()) {
            long freeAtStart = observer.freeMemory();
            // bsampler payloads are uninitialised (6.7): the receiver's pattern check fails for each
            // message by design; it still counts them, checks their size and frees every chunk.
            try (CppDevice cpp = stallingCppReceiver(address, "60000")) {
                cpp.awaitReady(30_000);
                Process sampler = sampler(address, "60000");
                assertEquals(0, cpp.awaitExit(90_000), cpp.output().toString());
                assertEquals(0, await(sampler, "sampler"), Files.readString(logs.resolve("sampler.log")));
                assertEquals(Integer.toString(MESSAGES), cpp.summary().get("msgs"));
                assertTrue(cpp.output().contains("PAUSE after 100 messages for " + PAUSE_MS + " ms"), cpp.output().toString());
            }
            // "drained, 1 connection(s)", or 0 when the receiver had everything and left before the
            // sampler closed (a slow machine); never an expired drain
            assertTrue(Files.readString(logs.resolve("sampler.log")).matches("(?s).*drained, [01] connection\\(s\\) read to the end.*"),
                    Files.readString(logs.resolve("sampler.log")));
            assertEquals(freeAtStart, observer.freeMemory(), "every chunk freed");
        }
        assertEquals(List.of(), shm.leftBesidesMutex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "tcp"})
    void shouldDeliverEveryMessageToAJavaSinkThatStalls(String kind) throws Exception {
        String address = endpoint(kind);
        try (ShmTransportFactory observer = observer()) {
            long freeAtStart = observer.freeMemory();
            Process sink = JavaProcess.start(StallingSink.class, List.of("--id", "sink1", "--transport", "shmem",
                    "--control", "static", "--shm-prefix", shm.prefix(), "--shm-segment-size", Long.toString(SEGMENT_SIZE),
                    "--verbosity", "INFO", "--channel-config", "name=data,type=pull,method=bind,address=" + address,
                    "--num-msgs", Integer.toString(MESSAGES), "--pause-after", "100", "--pause-ms", PAUSE_MS),
                    logs.resolve("sink.log"));
            Process sampler = sampler(address, "60000");
            assertEquals(0, await(sampler, "sampler"), Files.readString(logs.resolve("sampler.log")));
            assertEquals(0, await(sink, "sink"), Files.readString(logs.resolve("sink.log")));
            String sinkLog = Files.readString(logs.resolve("sink.log"));
            assertTrue(sinkLog.contains("Pausing after 100 messages"), sinkLog);
            assertTrue(sinkLog.contains("Received " + MESSAGES + " messages."), sinkLog);
            assertEquals(freeAtStart, observer.freeMemory(), "every chunk freed");
        }
        assertEquals(List.of(), shm.leftBesidesMutex());
    }

    @Test
    void shouldReportWhatAReceiverThatDoesNotReadInTimeLoses() throws Exception {
        String address = endpoint("ipc");
        try (ShmTransportFactory observer = observer();
                CppDevice cpp = stallingCppReceiver(address, "60000")) {
            cpp.awaitReady(30_000);
            Process sampler = sampler(address, "200");
            assertEquals(0, await(sampler, "sampler"), Files.readString(logs.resolve("sampler.log")));
            String log = Files.readString(logs.resolve("sampler.log"));
            Matcher expired = Pattern.compile("drain timeout of 200 ms expired: (\\d+) bytes = (\\d+) messages").matcher(log);
            assertTrue(expired.find(), log);
            // the sampler is gone: what it reported can never arrive, whenever the receiver stops
            cpp.terminate();
            cpp.awaitExit(90_000);
            long received = Long.parseLong(cpp.summary().get("msgs"));
            assertTrue(received < MESSAGES, "the receiver cannot get what was dropped: " + cpp.summary());
            assertTrue(Long.parseLong(expired.group(2)) <= MESSAGES - received, log + "\n" + cpp.summary());
        }
        assertEquals(List.of(), shm.leftBesidesMutex());
    }
}
