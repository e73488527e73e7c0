package org.fairmq.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fairmq.device.builtin.Sink;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.JavaProcess;
import org.fairmq.testing.OutputLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A device asked for a 2 GB segment where /dev/shm is a 64 MB tmpfs (a container's default), in a
 * private mount namespace: by default it warns once, naming the segment, both sizes and the
 * remedies, and runs; with --shm-reserve it fails at start-up with a clear error (exit 1), or, when
 * the segment fits, allocates every page before running. Never a SIGBUS. Needs {@code unshare}
 * with the right to mount (root in CI); skipped otherwise. Everything lives in the namespace's
 * tmpfs and goes with it.
 */
class SegmentSpaceDeviceTest {
    private static final long WITHIN_MS = 60_000;
    private static final String SMALL_SHM = "mount -t tmpfs -o size=64m tmpfs /dev/shm";

    private final String prefix = DevShm.uniquePrefix("space");
    private final Path ipc = Path.of("/tmp", prefix + "data.ipc");

    @BeforeAll
    static void needsAPrivateDevShm() throws Exception {
        String reason;
        try {
            Process probe = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", SMALL_SHM)
                    .redirectErrorStream(true).start();
            boolean ended = probe.waitFor(30, TimeUnit.SECONDS);
            String output = new String(probe.getInputStream().readAllBytes()).trim();
            reason = !ended ? "unshare did not end" : probe.exitValue() == 0 ? null
                    : "unshare --mount with a tmpfs on /dev/shm is not permitted here (needs root or CAP_SYS_ADMIN): "
                            + output;
        } catch (IOException e) {
            reason = "unshare is not available: " + e.getMessage();
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    @AfterEach
    void removeSocketFile() throws IOException {
        Files.deleteIfExists(ipc);
        assertEquals(List.of(), DevShm.leftWith(prefix), "nothing reaches the real /dev/shm");
    }

    /** The sink in a mount namespace of its own whose /dev/shm is a 64 MB tmpfs. */
    private OutputLines sinkWith64MbDevShm(String segmentSize, String... extra) {
        List<String> args = new ArrayList<>(List.of("--id", "sink1", "--transport", "shmem", "--control", "static",
                "--shm-prefix", prefix, "--shm-segment-size", segmentSize, "--verbosity", "INFO", "--channel-config",
                "name=data,type=pull,method=bind,address=ipc://" + ipc));
        args.addAll(List.of(extra));
        List<String> java = JavaProcess.builder(Sink.class, args).command();
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                SMALL_SHM + " && exec \"$0\" \"$@\""));
        command.addAll(java);
        return OutputLines.start(new ProcessBuilder(command));
    }

    /** Bytes the device's tmpfs has allocated for its main segment, seen through /proc/<pid>/root. */
    private long allocatedBytes(OutputLines sink) throws Exception {
        Path segment = Path.of("/proc", Long.toString(sink.process().pid()), "root", "dev", "shm", prefix + "main");
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", segment.toString()).redirectErrorStream(true).start();
        String[] blocks = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
        assertEquals(0, stat.waitFor(), String.join(" ", blocks));
        return Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
    }

    private String shortage(String operation) {
        return operation + " \"" + prefix + "main\": shared memory segment of 2000000000 bytes needs 2000000000 more"
                + " bytes than /dev/shm has free (";
    }

    @Test
    void shouldWarnOnceAndRunByDefault() throws Exception {
        try (OutputLines sink = sinkWith64MbDevShm("2000000000")) {
            String warning = sink.awaitContaining("[WARN] shmem: \"" + prefix + "main\"", WITHIN_MS);
            assertTrue(warning.contains("shmem: \"" + prefix + "main\": shared memory segment of 2000000000 bytes needs"
                    + " 2000000000 more bytes than /dev/shm has free ("), warning);
            assertTrue(warning.endsWith(" bytes): a process touching a page beyond that dies of SIGBUS. Use a smaller"
                    + " --shm-segment-size or a larger /dev/shm (docker run --shm-size, mount -o remount,size=...), or"
                    + " --shm-reserve to fail at start-up instead"), warning);
            sink.awaitContaining("Entering RUNNING state", WITHIN_MS);
            assertTrue(allocatedBytes(sink) < 1 << 20, "Boost touched a few pages only");
            sink.process().destroy(); // SIGTERM: an orderly end
            assertEquals(0, sink.exitCode(WITHIN_MS), sink.text());
            assertEquals(1, sink.text().split("SIGBUS", -1).length - 1, "warned once: " + sink.text());
        }
    }

    @Test
    void shouldFailAtStartUpWithReserve() throws Exception {
        try (OutputLines sink = sinkWith64MbDevShm("2000000000", "--shm-reserve")) {
            assertEquals(1, sink.exitCode(WITHIN_MS), sink.text());
            String output = sink.text();
            String error = sink.awaitContaining("device sink1: ", 0);
            assertTrue(error.startsWith("device sink1: " + shortage("reserve")), output);
            assertTrue(error.endsWith(" bytes); nothing was reserved. Use a smaller --shm-segment-size or a larger"
                    + " /dev/shm (docker run --shm-size, mount -o remount,size=...)"), output);
            assertTrue(!output.contains("Entering RUNNING state") && !output.contains("SIGBUS"), output);
        }
    }

    @Test
    void shouldReserveEveryPageWhenTheSegmentFits() throws Exception {
        try (OutputLines sink = sinkWith64MbDevShm("32000000", "--shm-reserve=1")) {
            sink.awaitContaining("Entering RUNNING state", WITHIN_MS);
            assertTrue(allocatedBytes(sink) >= 32000000, "every page allocated before running");
            sink.process().destroy();
            assertEquals(0, sink.exitCode(WITHIN_MS), sink.text());
            assertTrue(!sink.text().contains("[WARN] shmem:"), sink.text());
        }
    }
}
