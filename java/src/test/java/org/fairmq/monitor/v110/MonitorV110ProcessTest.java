package org.fairmq.monitor.v110;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.ShmException;
import org.fairmq.monitor.ChildProcess;
import org.fairmq.monitor.Launcher;
import org.fairmq.testing.Await;
import org.fairmq.testing.JavaProcess;
import org.fairmq.transport.shmem.v110.V110Options;
import org.fairmq.transport.shmem.v110.V110TransportFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long-running modes through bin/fairmq-shmmonitor (PROTOCOL-V110.md 6.2 steps 11-16, 6.4,
 * 6.5, 6.9): the already-running guard, timeout cleanup after a device JVM is SIGKILLed, the three
 * self-destruct rules, {@code -e} on SIGINT, interactive keys through a pipe, and daemon mode.
 * Every wait is for an event with a generous deadline (the tests must pass on a loaded machine).
 */
class MonitorV110ProcessTest {
    static final long DEADLINE_MS = 30_000;
    static final long SEGMENT_SIZE = 10_000_000;

    final V110TestSession s = V110TestSession.random();

    @AfterEach
    void noLeftovers() {
        List<String> left = s.leftovers();
        s.removeLeftovers();
        assertEquals(List.of(), left, "objects of " + s.session() + " left");
    }

    private String starting() {
        return "Starting shared memory monitor for session: \"" + s.session() + "\" (shm id: " + s.shmId() + ")...";
    }

    private String mutexFile() {
        return "sem." + s.names().monitorMutex();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, DEADLINE_MS, condition);
    }

    private long heartbeats() {
        try (ManagementSegment mng = ManagementSegment.openOnly(s.names().management())) {
            return mng.heartbeatCount();
        } catch (ShmException e) {
            return -1;
        }
    }

    /** Waits until the session has existed for {@code beats} more heartbeats (so a 100 ms watch loop saw it). */
    private void awaitHeartbeats(int beats) throws InterruptedException {
        long start = heartbeats();
        await(beats + " heartbeats", () -> heartbeats() >= start + beats);
    }

    private ChildProcess deviceJvm() throws InterruptedException {
        ChildProcess device = ChildProcess.start("device",
                JavaProcess.builder(V110DeviceMain.class, List.of(s.session(), Long.toString(SEGMENT_SIZE))));
        device.awaitLine("READY " + s.shmId(), DEADLINE_MS);
        return device;
    }

    private List<String> cleanupLines() {
        String id = s.shmId().toString();
        return List.of("Cleaning up for shared memory id '" + id + "'...", "Found 0 unmanaged regions...",
                "Found 1 managed segments...", "Successfully removed 'fmq_" + id + "_m_0'.",
                "Successfully removed 'fmq_" + id + "_mng'.");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    @Test
    void secondMonitorFindsTheFirstRunningAndSigintEndsIt() throws Exception {
        String id = s.shmId().toString();
        try (ChildProcess first = ChildProcess.start("first", Launcher.monitor("-m", "-s", s.session()))) {
            first.awaitLine(starting(), DEADLINE_MS);
            await("the _ms mutex", () -> s.leftovers().contains(mutexFile()));
            String running = "fairmq-shmmonitor for shm id " + id + " is already running. Try `fairmq-shmmonitor "
                    + "--cleanup --shmid " + id + "`";
            try (ChildProcess second = ChildProcess.start("second", Launcher.monitor("-m", "--shmid", id))) {
                assertEquals(0, second.exitCode(DEADLINE_MS));
                assertEquals(List.of("Starting shared memory monitor for session: \"default\" (shm id: " + id + ")...",
                        running), second.lines());
            }
            try (ChildProcess third = ChildProcess.start("third", Launcher.monitor("-i", "-s", s.session()))) {
                third.stdin().close();
                assertEquals(0, third.exitCode(DEADLINE_MS));
                assertEquals(List.of(starting(), running + ", or run in view-only mode (-v)"), third.lines());
            }
            first.signal("INT");
            assertEquals(0, first.exitCode(DEADLINE_MS));
            assertEquals(List.of(starting(), "signal: 2"), first.lines());
            assertEquals(List.of(), first.errorLines());
        }
    }

    @Test
    void timeoutCleanupAfterTheDeviceWasKilledThenSelfDestruct() throws Exception {
        try (ChildProcess monitor = ChildProcess.start("monitor",
                Launcher.monitor("-x", "-m", "-s", s.session(), "-t", "1000"))) {
            monitor.awaitLine(starting(), DEADLINE_MS);
            try (ChildProcess device = deviceJvm()) {
                awaitHeartbeats(10);
                device.kill(); // SIGKILL: heartbeats stop, the session stays
            }
            assertEquals(0, monitor.exitCode(DEADLINE_MS));
            assertEquals(concat(concat(List.of(starting(), "no heartbeats since over 1000 milliseconds, cleaning..."),
                    cleanupLines()), List.of("self destructing (segment has been observed and cleaned up by the monitor)")),
                    monitor.lines());
        }
    }

    @Test
    void selfDestructAfterTheOrderlyEndOfTheSession() throws Exception {
        try (ChildProcess monitor = ChildProcess.start("monitor",
                Launcher.monitor("--self-destruct", "--monitor", "--session", s.session(), "--timeout", "60000"))) {
            monitor.awaitLine(starting(), DEADLINE_MS);
            try (ChildProcess device = deviceJvm()) {
                awaitHeartbeats(10);
                device.stdin().close();
                assertEquals(0, device.exitCode(DEADLINE_MS));
            }
            assertEquals(0, monitor.exitCode(DEADLINE_MS));
            assertEquals(List.of(starting(), "self destructing (segment has been observed and cleaned up orderly)"),
                    monitor.lines());
        }
    }

    @Test
    void selfDestructWithoutSessionAfterTwiceTheTimeout() throws Exception {
        long start = System.nanoTime();
        try (ChildProcess monitor = ChildProcess.start("monitor", Launcher.monitor("-x", "-m", "-s", s.session(), "-t",
                "500", ""))) {
            assertEquals(0, monitor.exitCode(DEADLINE_MS));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 1000, "not before 2 x timeout");
            assertEquals(List.of(starting(), "Cleaning up for shared memory id '" + s.shmId() + "'...",
                    "Did not find 'fmq_" + s.shmId() + "_mng' management segment. No regions to cleanup.",
                    "self destructing (no segments observed within (timeout * 2) since start)"), monitor.lines());
        }
    }

    @Test
    void cleanOnExitRemovesTheLiveSessionOnSigint() throws Exception {
        try (V110TransportFactory device = V110TransportFactory.create(
                V110Options.defaults("dev", s.session()).withSegmentSize(SEGMENT_SIZE));
                ChildProcess monitor = ChildProcess.start("monitor", Launcher.monitor("-m", "-e", "-s", s.session()))) {
            monitor.awaitLine(starting(), DEADLINE_MS);
            await("the _ms mutex", () -> s.leftovers().contains(mutexFile()));
            monitor.signal("INT");
            assertEquals(0, monitor.exitCode(DEADLINE_MS));
            assertEquals(concat(List.of(starting(), "signal: 2"), cleanupLines()), monitor.lines());
            assertEquals(List.of(), s.leftovers(), "S14: -e removes the live session, and _ms is removed");
        }
    }

    /** The output without the segment tables (their lines start with the time prefix or spaces). */
    private static List<String> withoutTables(List<String> lines) {
        return lines.stream().filter(l -> !l.matches("\\[\\d\\d:.*") && !l.startsWith("   ")).toList();
    }

    @Test
    void interactiveKeysThroughAPipe() throws Exception {
        String help = InteractiveLoop.HELP;
        try (V110TransportFactory device = V110TransportFactory.create(
                V110Options.defaults("dev", s.session()).withSegmentSize(SEGMENT_SIZE));
                ChildProcess monitor = ChildProcess.start("monitor",
                        Launcher.monitor("-i", "--interval", "200", "-s", s.session()))) {
            monitor.awaitLine(help, DEADLINE_MS);
            monitor.awaitLineStartingWith("[", DEADLINE_MS); // a table after a poll timeout
            OutputStream keys = monitor.stdin();
            keys.write("hz\nbq".getBytes(StandardCharsets.US_ASCII));
            keys.flush();
            assertEquals(0, monitor.exitCode(DEADLINE_MS));
            assertEquals(List.of(starting(), "", "", help, "", "[h] --> help:", "", help, "", "", "[z] --> invalid input.",
                    "", "[\\n] --> invalid input.", InteractiveLoop.NO_DEBUG_MODE, "", "[q] --> quitting."),
                    withoutTables(monitor.lines()));
            assertTrue(monitor.lines().stream().filter(l -> l.matches("\\[\\d\\d:.*shm id: " + s.shmId() + ".*")).count()
                    >= 5, "a table after every key but q: " + monitor.lines());
        }
        assertEquals(List.of(), s.leftovers());
    }

    @Test
    void interactiveViewOnlyCannotCloseAndTakesNoMutex() throws Exception {
        try (V110TransportFactory device = V110TransportFactory.create(
                V110Options.defaults("dev", s.session()).withSegmentSize(SEGMENT_SIZE));
                ChildProcess monitor = ChildProcess.start("monitor",
                        Launcher.monitor("-v", "-i", "--interval", "100", "-s", s.session()))) {
            monitor.awaitLine(InteractiveLoop.HELP, DEADLINE_MS);
            assertTrue(!s.leftovers().contains(mutexFile()), "view-only takes no _ms");
            monitor.stdin().write("xq".getBytes(StandardCharsets.US_ASCII));
            monitor.stdin().flush();
            assertEquals(0, monitor.exitCode(DEADLINE_MS));
            List<String> lines = withoutTables(monitor.lines());
            assertEquals(List.of("", "[x] --> closing shared memory:", "cannot close because in view only mode", "",
                    "[q] --> quitting."), lines.subList(lines.size() - 5, lines.size()));
            assertTrue(s.leftovers().contains("fmq_" + s.shmId() + "_mng"), "the session is untouched");
        }
    }

    @Test
    void interactiveNonViewXClosesTheLiveSession() throws Exception {
        try (V110TransportFactory device = V110TransportFactory.create(
                V110Options.defaults("dev", s.session()).withSegmentSize(SEGMENT_SIZE));
                ChildProcess monitor = ChildProcess.start("monitor",
                        Launcher.monitor("-i", "--interval", "100", "-s", s.session()))) {
            monitor.awaitLine(InteractiveLoop.HELP, DEADLINE_MS);
            monitor.stdin().write("x".getBytes(StandardCharsets.US_ASCII));
            monitor.stdin().flush();
            monitor.awaitLine("Successfully removed 'fmq_" + s.shmId() + "_mng'.", DEADLINE_MS);
            assertEquals(List.of("sem." + s.names().monitorMutex()), s.leftovers(), "G4: x removed the live session");
            monitor.stdin().write("q".getBytes(StandardCharsets.US_ASCII));
            monitor.stdin().flush();
            assertEquals(0, monitor.exitCode(DEADLINE_MS));
        }
    }

    @Test
    void daemonizeDetachesHoldsTheMutexAndEndsByItself(@TempDir Path cwd) throws Exception {
        ProcessBuilder launcher = Launcher.monitor("-x", "-m", "-s", s.session(), "-d", "-t", "1000", "--verbose")
                .directory(cwd.toFile());
        try (ChildProcess parent = ChildProcess.start("parent", launcher)) {
            assertEquals(0, parent.exitCode(DEADLINE_MS), "the parent exits 0 at once");
            assertEquals(List.of(), parent.lines());
        }
        // the daemon: claims _ms, sees no session, cleans after 2 x timeout and removes _ms
        await("the daemon's _ms", () -> s.leftovers().contains(mutexFile()));
        await("the daemon's end", () -> s.leftovers().isEmpty());
        Path log;
        try (Stream<Path> files = Files.list(cwd)) {
            List<Path> logs = files.toList();
            assertEquals(1, logs.size(), logs.toString());
            log = logs.get(0);
        }
        assertTrue(log.getFileName().toString().matches("fairmq-shmmonitor_\\d{4}-\\d\\d-\\d\\d_\\d\\d_\\d\\d_\\d\\d\\.log"),
                log.toString());
        await("the log's last line", () -> read(log).contains("self destructing"));
        String text = read(log);
        assertTrue(text.startsWith(starting() + "\n"), text);
        assertTrue(text.endsWith("self destructing (no segments observed within (timeout * 2) since start)\n"), text);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
