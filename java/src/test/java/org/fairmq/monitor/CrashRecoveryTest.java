package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Crash recovery across languages: a C++ device (interop-tests/) and a Java device, both holding
 * messages and a region and heartbeating, are killed with SIGKILL; the monitor must remove every
 * object of the topology (regions 1..N, management, main, mutex) within the timeout plus one
 * second and, with --self-destruct, exit 0 having removed its control queue too.
 */
class CrashRecoveryTest {
    static final long TIMEOUT_MS = 1000;
    static final long SEGMENT_SIZE = 20_000_000;
    static final long REGION_SIZE = 1 << 16;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("monitor_crash");

    @Test
    void shouldCleanUpAfterKilledCppAndJavaDevicesAndSelfDestruct() throws Exception {
        String p = shm.prefix();
        try (ChildProcess monitor = ChildProcess.start("monitor", Launcher.monitor("--prefix", p, "--self-destruct",
                "--timeout", Long.toString(TIMEOUT_MS)))) {
            monitor.awaitLine("Starting monitor for shared memory segment: \"" + p + "main\"...", 10_000);
            assertTrue(DevShmWatch.awaitPresent(p + "control_queue", 10_000), "the monitor creates the control queue");
            long killed = startAndKillTopology(p);

            long gone = DevShmWatch.awaitGone(p, "control_queue", TIMEOUT_MS + 3000);
            assertTrue(gone > 0, "left after the kill: " + DevShm.leftWith(p) + "; monitor said " + monitor.lines());
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(gone - killed);
            assertTrue(latencyMs <= TIMEOUT_MS + 1000, "last object removed " + latencyMs + " ms after the kill");

            assertEquals(0, monitor.exitCode(5000), "self-destruct ends the monitor normally");
            assertEquals(List.of(), DevShm.leftWith(p));
            assertEquals(List.of(
                    "Starting monitor for shared memory segment: \"" + p + "main\"...",
                    "no heartbeats since over 1000 milliseconds, cleaning...",
                    "Region counter found: 2",
                    "Successfully removed \"" + p + "region_1\" shared memory segment.",
                    "Successfully removed \"" + p + "region_2\" shared memory segment.",
                    "Successfully removed \"" + p + "management\" shared memory segment.",
                    "Successfully removed \"" + p + "main\" shared memory segment.",
                    "self destructing"), monitor.lines());
        }
    }

    @Test
    void shouldCleanUpInProcessAndKeepWatchingWithoutSelfDestruct() throws Exception {
        String p = shm.prefix();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try (Monitor monitor = Monitor.builder(ShmNames.withPrefix(p)).timeoutMs(TIMEOUT_MS).output(out).start()) {
            long killed = startAndKillTopology(p);
            long gone = DevShmWatch.awaitGone(p, "control_queue", TIMEOUT_MS + 3000);
            assertTrue(gone > 0, "left: " + DevShm.leftWith(p));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(gone - killed) <= TIMEOUT_MS + 1000);
            Thread.sleep(300);
            assertTrue(monitor.isRunning(), "without --self-destruct the monitor keeps watching");
            assertEquals(List.of(p + "control_queue"), DevShm.leftWith(p));
        }
        assertEquals(List.of(), DevShm.leftWith(p), "the monitor removes its control queue and management segment");
        assertEquals(String.join("\n",
                "no heartbeats since over 1000 milliseconds, cleaning...",
                "Region counter found: 2",
                "Successfully removed \"" + p + "region_1\" shared memory segment.",
                "Successfully removed \"" + p + "region_2\" shared memory segment.",
                "Successfully removed \"" + p + "management\" shared memory segment.",
                "Successfully removed \"" + p + "main\" shared memory segment.", ""),
                captured.toString(StandardCharsets.UTF_8));
    }

    /**
     * Starts the C++ device (creates the main segment, region 1), then the Java device (region 2),
     * lets them heartbeat, kills both with SIGKILL and returns the System.nanoTime() of the kill.
     */
    static long startAndKillTopology(String p) throws Exception {
        return startAndKillTopology(p, new java.util.ArrayList<>());
    }

    /** As {@link #startAndKillTopology(String)}, adding what /dev/shm held before the kill to {@code before}. */
    static long startAndKillTopology(String p, List<String> before) throws Exception {
        try (ChildProcess cpp = ChildProcess.start("cpp-device", Launcher.cppDevice(p, SEGMENT_SIZE, REGION_SIZE))) {
            cpp.awaitLineStartingWith("SUMMARY role=push msgs=10", 20_000);
            try (ChildProcess jvm = ChildProcess.start("java-device", Launcher.javaDevice(p, SEGMENT_SIZE, REGION_SIZE))) {
                jvm.awaitLine("READY 2", 20_000);
                Thread.sleep(300); // both heartbeat at ~100 ms
                for (String name : List.of("main", "management", "region_1", "region_2", "control_queue")) {
                    assertTrue(Files.exists(Path.of("/dev/shm", p + name)), p + name);
                }
                assertTrue(Files.exists(Path.of("/dev/shm", "sem." + p + "mutex")));
                before.addAll(DevShm.leftWith(p));
                long killed = System.nanoTime();
                cpp.process().destroyForcibly();
                jvm.process().destroyForcibly();
                cpp.process().waitFor();
                jvm.process().waitFor();
                return killed;
            }
        }
    }
}
