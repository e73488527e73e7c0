package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A measurement, not part of the normal test run (scripts/monitor-latency.sh runs it): ten times,
 * a C++ and a Java device are killed with SIGKILL under {@code fairmq-shmmonitor --self-destruct
 * --timeout 1000}; measured is the time from the kill (the devices' last heartbeat was at most one
 * heartbeat period, ~100 ms, earlier) to the moment the last object of the topology is gone from
 * /dev/shm. Prints every trial, the median and the transcript of the first trial, also to
 * target/monitor-latency.txt.
 */
@EnabledIfSystemProperty(named = "fairmq.monitor.measure", matches = "true")
class CleanupLatencyMeasurementTest {
    static final int TRIALS = 10;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("monitor_latency");

    @Test
    void measureKillToLastObjectRemoved() throws Exception {
        List<Long> latencies = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (int trial = 0; trial < TRIALS; trial++) {
            String p = shm.prefix() + trial + "_";
            try (ChildProcess monitor = ChildProcess.start("monitor", Launcher.monitor("--prefix", p, "--self-destruct",
                    "--timeout", Long.toString(CrashRecoveryTest.TIMEOUT_MS)))) {
                monitor.awaitLine("Starting monitor for shared memory segment: \"" + p + "main\"...", 10_000);
                assertTrue(DevShmWatch.awaitPresent(p + "control_queue", 10_000));
                List<String> before = new ArrayList<>();
                long killed = CrashRecoveryTest.startAndKillTopology(p, before);
                long gone = DevShmWatch.awaitGone(p, "control_queue", CrashRecoveryTest.TIMEOUT_MS + 3000);
                assertTrue(gone > 0, "left: " + DevShm.leftWith(p));
                long ms = TimeUnit.NANOSECONDS.toMillis(gone - killed);
                latencies.add(ms);
                assertEquals(0, monitor.exitCode(5000));
                assertEquals(List.of(), DevShm.leftWith(p));
                report.append(String.format("trial %2d: %4d ms from SIGKILL to the last object removed%n", trial + 1, ms));
                for (String line : monitor.errorLines()) {
                    report.append("          monitor stderr: ").append(line).append('\n');
                }
                if (trial == 0) {
                    report.append(transcript(p, before, killed, gone, monitor));
                }
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        double median = (sorted.get(TRIALS / 2 - 1) + sorted.get(TRIALS / 2)) / 2.0;
        report.append(String.format("median of %d trials (timeout %d ms): %.1f ms; min %d ms, max %d ms%n", TRIALS,
                CrashRecoveryTest.TIMEOUT_MS, median, sorted.get(0), sorted.get(TRIALS - 1)));
        System.out.print(report);
        Files.writeString(Path.of("target", "monitor-latency.txt"), report, StandardCharsets.UTF_8);
        assertTrue(sorted.get(TRIALS - 1) <= CrashRecoveryTest.TIMEOUT_MS + 1000);
    }

    private static String transcript(String p, List<String> before, long killed, long gone, ChildProcess monitor) {
        StringBuilder t = new StringBuilder("---- transcript of trial 1 ----\n");
        t.append("/dev/shm before the kill: ").append(before).append('\n');
        t.append("$ fairmq-shmmonitor --prefix ").append(p).append(" --self-destruct --timeout ")
                .append(CrashRecoveryTest.TIMEOUT_MS).append("    (times relative to the SIGKILL of both devices)\n");
        for (ChildProcess.Line line : monitor.timedLines()) {
            long ms = TimeUnit.NANOSECONDS.toMillis(line.nanos() - killed);
            t.append(String.format("[%+6d ms] %s%n", ms, line.text()));
        }
        t.append(String.format("[%+6d ms] (last object of the topology gone from /dev/shm)%n",
                TimeUnit.NANOSECONDS.toMillis(gone - killed)));
        t.append("/dev/shm after the monitor exited (exit code 0): ").append(DevShm.leftWith(p)).append('\n');
        t.append("---- end of transcript ----\n");
        return t.toString();
    }
}
