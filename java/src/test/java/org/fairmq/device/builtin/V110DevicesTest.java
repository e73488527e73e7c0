package org.fairmq.device.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.fairmq.interop.CppDevice;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.JavaProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fairmq-bsampler and fairmq-sink with {@code --shm-protocol 1.10} and the modern options
 * (PROTOCOL-V110.md 7.1, 7.2), with each other and with the C++ v1.10 peer.
 */
class V110DevicesTest {
    private final String session = "jdev-" + UUID.randomUUID();
    private final SessionNames names = new SessionNames(ShmId.ofSession(session));

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        assertEquals(List.of(), DevShm.leftWith(names.prefix()), "the last one out removed the session");
    }

    private List<String> common(String id, String channel) {
        return new ArrayList<>(List.of("--id", id, "--transport", "shmem", "--shm-protocol", "1.10", "--session",
                session, "--control", "static", "--shm-segment-size", "64000000", "--verbosity", "INFO",
                "--channel-config", channel));
    }

    private static int await(Process p) throws InterruptedException {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("device did not finish");
        }
        return p.exitValue();
    }

    @Test
    void samplerAndSinkSpeakTheModernProtocolWithModernOptions() throws Exception {
        String address = "ipc://" + dir.resolve("bss.ipc");
        List<String> sinkArgs = common("sink1", "name=data,type=pull,method=bind,address=" + address);
        sinkArgs.addAll(List.of("--max-iterations", "3000", "--multipart", "true"));
        List<String> samplerArgs = common("sampler1", "name=data,type=push,method=connect,address=" + address);
        samplerArgs.addAll(List.of("--max-iterations", "3000", "--msg-size", "4096", "--multipart", "--num-parts", "2",
                "--msg-alignment", "64", "--shm-throw-bad-alloc", "false", "--shm-metadata-msg-size", "256"));
        Process sink = JavaProcess.start(Sink.class, sinkArgs, dir.resolve("sink.log"));
        Process sampler = JavaProcess.start(BenchmarkSampler.class, samplerArgs, dir.resolve("sampler.log"));
        assertEquals(0, await(sampler), Files.readString(dir.resolve("sampler.log")));
        assertEquals(0, await(sink), Files.readString(dir.resolve("sink.log")));
        String samplerLog = Files.readString(dir.resolve("sampler.log"));
        String sinkLog = Files.readString(dir.resolve("sink.log"));
        assertTrue(samplerLog.matches("(?s).*Done 3000 iterations in \\d+ms\\..*"), samplerLog);
        assertTrue(sinkLog.matches("(?s).*Received 3000 messages in \\d+ms\\..*"), sinkLog);
    }

    @Test
    void sinkWritesWhatTheCppPeerSent() throws Exception {
        String address = "ipc://" + dir.resolve("fromcpp.ipc");
        Path out = dir.resolve("payloads.bin");
        List<String> sinkArgs = common("sink1", "name=data,type=pull,method=bind,address=" + address);
        sinkArgs.addAll(List.of("--max-iterations", "200", "--out-filename", out.toString()));
        Process sink = JavaProcess.start(Sink.class, sinkArgs, dir.resolve("sink.log"));
        try (CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(), List.of("--role", "push", "--session",
                session, "--endpoint", address, "--method", "connect", "--shm-segment-size", "64000000", "--num-msgs",
                "200", "--size", "1000", "--timeout-ms", "60000", "--hold-ms", "60000",
                // the peer measures free_after once the sink gave every chunk back, or after this long:
                // the sink is another JVM, slow on a loaded machine
                "--settle-ms", "60000"))) {
            cpp.awaitReady(30_000);
            assertEquals(0, await(sink), Files.readString(dir.resolve("sink.log")));
            cpp.terminate();
            assertEquals(0, cpp.awaitExit(60_000), cpp.output().toString());
            assertEquals(200 * 1000, Files.size(out));
            assertEquals(cpp.summary().get("free_before"), cpp.summary().get("free_after"), "the sink freed every chunk");
        }
    }

    @Test
    void samplerFeedsTheCppPeer() throws Exception {
        String address = "ipc://" + dir.resolve("tocpp.ipc");
        // bsampler payloads are not the peer's pattern: every message counts as an error, by design
        try (CppDevice cpp = CppDevice.start(InteropBinaries.deviceV110(), List.of("--role", "pull", "--session",
                session, "--endpoint", address, "--method", "bind", "--shm-segment-size", "64000000", "--num-msgs",
                "1000", "--size", "2000", "--expect-errors", "1000", "--timeout-ms", "60000"))) {
            cpp.awaitReady(10_000);
            List<String> samplerArgs = common("sampler1", "name=data,type=push,method=connect,address=" + address);
            samplerArgs.addAll(List.of("--max-iterations", "1000", "--msg-size", "2000", "--same-msg", "false",
                    "--shm-throw-bad-alloc", "false"));
            Process sampler = JavaProcess.start(BenchmarkSampler.class, samplerArgs, dir.resolve("sampler.log"));
            assertEquals(0, await(sampler), Files.readString(dir.resolve("sampler.log")));
            assertEquals(0, cpp.awaitExit(60_000), cpp.output().toString());
            assertEquals("1000", cpp.summary().get("msgs"));
        }
    }
}
