package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bin/fairmq-shmmonitor as a process: signals, exit codes, a second monitor, a killed monitor (D33). */
class MonitorProcessTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("monitor_process");

    private String starting() {
        return "Starting monitor for shared memory segment: \"" + shm.prefix() + "main\"...";
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"INT, 2", "TERM, 15"})
    void shouldPrintTheSignalAndEndCleanly(String signal, int number) throws Exception {
        String p = shm.prefix();
        try (ChildProcess monitor = ChildProcess.start("monitor", Launcher.monitor("--prefix", p))) {
            monitor.awaitLine(starting(), 10_000);
            assertTrue(DevShmWatch.awaitPresent(p + "control_queue", 10_000));
            monitor.signal(signal);
            assertEquals(0, monitor.exitCode(5000));
            assertEquals(List.of(starting(), "signal: " + number), monitor.lines());
            assertEquals(List.of(), monitor.errorLines());
        }
        assertEquals(List.of(), DevShm.leftWith(p), "control queue, MonitorStatus and own management segment removed");
    }

    @Test
    void shouldRefuseASecondMonitorProcess() throws Exception {
        String p = shm.prefix();
        try (ChildProcess first = ChildProcess.start("first", Launcher.monitor("--prefix", p, "--timeout", "1000"))) {
            first.awaitLine(starting(), 10_000);
            assertTrue(DevShmWatch.awaitPresent(p + "control_queue", 10_000));
            try (ChildProcess second = ChildProcess.start("second", Launcher.monitor("--prefix", p))) {
                assertEquals(1, second.exitCode(10_000));
                assertEquals(List.of(starting(),
                        "shmmonitor already started or not properly exited. Try `shmmonitor --cleanup`"), second.lines());
            }
            assertTrue(first.process().isAlive(), "the refused monitor leaves the running one alone");
            first.signal("TERM");
            assertEquals(0, first.exitCode(5000));
        }
    }

    @Test
    void shouldRecoverFromAKilledMonitorWithCleanup() throws Exception {
        String p = shm.prefix();
        try (ChildProcess killed = ChildProcess.start("killed", Launcher.monitor("--prefix", p))) {
            killed.awaitLine(starting(), 10_000);
            assertTrue(DevShmWatch.awaitPresent(p + "control_queue", 10_000));
            killed.kill();
        }
        assertEquals(List.of(p + "control_queue", p + "management"), DevShm.leftWith(p), "D33: SIGKILL leaves these");
        try (ChildProcess refused = ChildProcess.start("refused", Launcher.monitor("--prefix", p))) {
            assertEquals(1, refused.exitCode(10_000));
        }
        try (ChildProcess cleanup = ChildProcess.start("cleanup", Launcher.monitor("--prefix", p, "--cleanup"))) {
            assertEquals(0, cleanup.exitCode(10_000));
            assertEquals(List.of("Cleaning up \"" + p + "main\"...",
                    "shmem: no region counter found. no regions to cleanup.",
                    "Successfully removed \"" + p + "management\" shared memory segment.",
                    "Did not remove \"" + p + "main\" shared memory segment. Already removed?"), cleanup.lines());
        }
        assertEquals(List.of(), DevShm.leftWith(p), "--cleanup also removes the control queue");
    }

    @Test
    void shouldExitTwoOnABadCommandLine() throws Exception {
        try (ChildProcess monitor = ChildProcess.start("monitor", Launcher.monitor("--timeout", "-x", "--nope"))) {
            assertEquals(2, monitor.exitCode(10_000));
            assertEquals(List.of(), monitor.lines());
            assertEquals("Unhandled Exception reached the top of main: unrecognised option '--nope', application will "
                    + "now exit", monitor.errorLines().get(0));
            assertEquals("FairMQ Shared Memory Monitor", monitor.errorLines().get(2));
        }
    }

    @Test
    void shouldRunTheCleanupOfTheNamesGivenOnTheCommandLine() throws Exception {
        String p = shm.prefix();
        ShmMonitorMainTest.createTopology(ShmNames.withPrefix(p).withMainSegment(p + "other"), 1);
        try (ChildProcess cleanup = ChildProcess.start("cleanup",
                Launcher.monitor("--prefix=" + p, "--seg", p + "other", "--clean=yes"))) {
            assertEquals(0, cleanup.exitCode(10_000));
            assertEquals("Successfully removed \"" + p + "other\" shared memory segment.", cleanup.lines().get(4));
        }
        assertEquals(List.of(), DevShm.leftWith(p));
    }
}
