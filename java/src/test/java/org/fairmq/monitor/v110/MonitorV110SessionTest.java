package org.fairmq.monitor.v110;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.transport.shmem.v110.SessionCleanup;
import org.fairmq.transport.shmem.v110.V110Options;
import org.fairmq.transport.shmem.v110.V110TransportFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shot modes against real shared memory (PROTOCOL-V110.md 6.3, 6.6, 6.7, 6.10), with a
 * Java v1.10 transport ({@link V110TransportFactory}) in this JVM as the device.
 */
class MonitorV110SessionTest {
    static final long SEGMENT_SIZE = 10_000_000;
    /** 6.3: the first line of a table. */
    static final String HEADER = "\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\] shm id: %s, session: %s, creator id: \\d+, devices: %d,"
            + " managed segments:";

    final V110TestSession s = V110TestSession.random();

    @AfterEach
    void noLeftovers() {
        List<String> left = s.leftovers();
        s.removeLeftovers();
        assertEquals(List.of(), left, "objects of " + s.session() + " left");
    }

    private V110TransportFactory device() {
        return V110TransportFactory.create(V110Options.defaults("dev-" + s.session(), s.session())
                .withSegmentSize(SEGMENT_SIZE));
    }

    @Test
    void theInteractiveTableShowsTheTrendOfEachSegmentsUsedBytes() {
        try (V110TransportFactory device = device()) {
            UsedTrend trend = new UsedTrend();
            String first = SegmentTable.of(s.shmId(), line -> {}, trend).orElseThrow().lines().toList().get(1);
            assertTrue(first.matches("   \\[0\\]: total: 10000000, msgs: NODEBUG, free: \\d+, used: \\d+, trend: 0"), first);
            long usedBefore = Long.parseLong(first.replaceAll(".*used: (\\d+),.*", "$1"));
            long usedNow;
            try (org.fairmq.transport.Message held = device.createMessage(4000)) {
                String grown = SegmentTable.of(s.shmId(), line -> {}, trend).orElseThrow().lines().toList().get(1);
                usedNow = Long.parseLong(grown.replaceAll(".*used: (\\d+),.*", "$1"));
                assertTrue(usedNow >= usedBefore + 4000, grown);
                assertTrue(grown.endsWith(", trend: +" + (usedNow - usedBefore)), grown);
            }
            String back = SegmentTable.of(s.shmId(), line -> {}, trend).orElseThrow().lines().toList().get(1);
            assertTrue(back.endsWith(", used: " + usedBefore + ", trend: -" + (usedNow - usedBefore)), back);
            assertFalse(SegmentTable.of(s.shmId()).orElseThrow().contains("trend"), "the view (6.3) is unchanged");
        }
    }

    @Test
    void viewPrintsTheSegmentTableOfALiveSession() {
        try (V110TransportFactory device = device()) {
            MonitorRun run = MonitorRun.of("-s", s.session());
            assertEquals(0, run.code());
            List<String> lines = run.out().lines().toList();
            assertEquals(3, lines.size(), run.out());
            assertTrue(lines.get(0).matches(String.format(HEADER, s.shmId(), s.session(), 1)), lines.get(0));
            assertTrue(lines.get(1).matches("   \\[0\\]: total: 10000000, msgs: NODEBUG, free: (\\d+), used: (\\d+)"),
                    lines.get(1));
            long free = Long.parseLong(lines.get(1).replaceAll(".*free: (\\d+),.*", "$1"));
            long used = Long.parseLong(lines.get(1).replaceAll(".*used: (\\d+)$", "$1"));
            assertEquals(10_000_000, free + used);
            assertTrue(lines.get(2).matches("   \\[m\\]: total: 6553600, free: \\d+, used: \\d+"), lines.get(2));
            // -v, --view=true and "" positional: the same mode (6.2 steps 9, 10); --shmid overrides -s (S17)
            assertEquals(3, MonitorRun.of("", "-v", "-s", s.session()).out().lines().count());
            String byId = MonitorRun.of("--shmid", s.shmId().toString(), "-v", "-m").out();
            assertTrue(byId.lines().findFirst().orElseThrow().matches(String.format(HEADER, s.shmId(), s.session(), 1)),
                    byId);
            try (V110TransportFactory second = device()) {
                assertTrue(MonitorRun.of("-s", s.session()).out().lines().findFirst().orElseThrow()
                        .matches(String.format(HEADER, s.shmId(), s.session(), 2)));
            }
            assertTrue(MonitorV110.printShm(s.shmId(), new PrintStream(new ByteArrayOutputStream())));
            assertTrue(MonitorV110.segmentIsPresent(s.shmId(), 0));
            assertFalse(MonitorV110.segmentIsPresent(s.shmId(), 1));
            assertFalse(MonitorV110.regionIsPresent(s.shmId(), 1024));
            assertEquals(free, MonitorV110.getFreeMemory(s.shmId(), 0));
            assertEquals("Could not find segment id '3'",
                    assertThrows(MonitorError.class, () -> MonitorV110.getFreeMemory(s.shmId(), 3)).getMessage());
        }
        assertEquals(List.of(), s.leftovers(), "the device left orderly");
        assertEquals(new MonitorRun(0, "No segments found.\n", ""), MonitorRun.of("-s", s.session()));
        assertEquals("Could not find management segment for shmid '" + s.shmId() + "'",
                assertThrows(MonitorError.class, () -> MonitorV110.getFreeMemory(s.shmId(), 0)).getMessage());
        assertFalse(MonitorV110.printShm(s.shmId(), new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void regionLinesOf63() {
        // the Java v1.10 transport has no regions yet: the line format with a missing rrc segment
        org.fairmq.ipc.ManagementSegment.RegionEntry region =
                new org.fairmq.ipc.ManagementSegment.RegionEntry(1024, false, 0, 0, 1000000, 100000000, "");
        assertEquals("      [1024]: alive, size: 1000000, rcCountSegment: not found",
                SegmentTable.regionLine(s.names(), region));
        assertEquals("      [1025]: destroyed, size: 5, rcCountSegment: not found", SegmentTable.regionLine(s.names(),
                new org.fairmq.ipc.ManagementSegment.RegionEntry(1025, true, 0, 0, 5, 0, "")));
    }

    @Test
    void cleanupRemovesALiveSessionAndTheMonitorMutex() {
        String id = s.shmId().toString();
        try (V110TransportFactory device = device(); NamedMutex stale = NamedMutex.createOnly(s.names().monitorMutex())) {
            MonitorRun run = MonitorRun.of("-c", "-s", s.session());
            assertEquals(new MonitorRun(0, String.join("\n",
                    "Cleaning up for shared memory id '" + id + "'...",
                    "Found 0 unmanaged regions...",
                    "Found 1 managed segments...",
                    "Successfully removed 'fmq_" + id + "_m_0'.",
                    "Successfully removed 'fmq_" + id + "_mng'.",
                    "Successfully removed 'fmq_" + id + "_ms'.", ""), ""), run);
            assertEquals(List.of(), s.leftovers(), "S14: the cleanup does not check liveness");
        }
    }

    @Test
    void cleanupOfAStaleMutexAndAgainWithSeverityDebug() {
        // 6.6, F4
        String id = s.shmId().toString();
        NamedMutex.createOnly(s.names().monitorMutex()).close();
        assertEquals(new MonitorRun(0, String.join("\n",
                "Cleaning up for shared memory id '" + id + "'...",
                "Did not find 'fmq_" + id + "_mng' management segment. No regions to cleanup.",
                "Successfully removed 'fmq_" + id + "_ms'.", ""), ""), MonitorRun.of("--cleanup", "--shmid", id));
        assertEquals(new MonitorRun(0, String.join("\n",
                "Cleaning up for shared memory id '" + id + "'...",
                "Did not find 'fmq_" + id + "_mng' management segment. No regions to cleanup.",
                "Did not remove 'fmq_" + id + "_ms'. Already removed?", ""), ""),
                MonitorRun.of("-c", "--shmid", id, "--severity", "debug"));
        // the cleanup lines are INFO (2.5): --severity error hides them
        assertEquals(new MonitorRun(0, "", ""), MonitorRun.of("-c", "--shmid", id, "--severity", "error"));
    }

    @Test
    void apiCleanupReturnsTheRemovalsAndTranslatesSessions() {
        List<String> lines = new ArrayList<>();
        SessionCleanup.Output out = new SessionCleanup.Output() {
            @Override
            public void info(String line) {
                lines.add(line);
            }

            @Override
            public void debug(String line) {
                lines.add("DEBUG " + line);
            }
        };
        try (V110TransportFactory device = device()) {
            List<SessionCleanup.Removal> removed = MonitorV110.cleanup(s.session(), out);
            String id = s.shmId().toString();
            assertEquals(List.of(new SessionCleanup.Removal("fmq_" + id + "_m_0", true),
                    new SessionCleanup.Removal("fmq_" + id + "_mng", true)), removed);
            assertEquals("Cleanup called with session id '" + s.session() + "', translating to shared memory id '" + id
                    + "'", lines.get(0));
            assertEquals(List.of(new SessionCleanup.Removal("fmq_" + id + "_mng", false),
                    new SessionCleanup.Removal("fmq_" + id + "_ms", false)).get(1),
                    MonitorV110.cleanupFull(s.shmId(), out).get(0));
        }
        assertFalse(MonitorV110.removeMutex(s.names().monitorMutex()));
        assertFalse(MonitorV110.removeQueue(s.names().regionQueue(1024)));
        assertFalse(MonitorV110.removeObject(s.names().region(1024)));
    }

    @Test
    void listAllPrintsTheTextsOf67(@TempDir Path dir) throws IOException {
        String empty = dir.resolve("empty").toString() + "/";
        Files.createDirectory(dir.resolve("empty"));
        assertEquals(new MonitorRun(0, "directory \"" + empty + "\" is empty.\n", ""),
                MonitorRun.of("--list-all", "--list-all-path", empty));
        assertEquals(new MonitorRun(0, "error: filesystem error: cannot check if file is empty: No such file or "
                + "directory [" + dir + "/nonexistent/]\n", ""),
                MonitorRun.of("--list-all", "--list-all-path", dir + "/nonexistent/"));
        Path listed = Files.createDirectory(dir.resolve("listed"));
        Files.createFile(listed.resolve("foreign.txt"));
        Files.createFile(listed.resolve("fmq_zzzzzzzz_mng"));
        Files.createFile(listed.resolve("fmq_zzzzzzzz_m_0"));
        Files.createFile(listed.resolve("fmq_" + s.shmId() + "_mng"));
        try (V110TransportFactory device = device()) {
            MonitorRun run = MonitorRun.of("--list-all", "--list-all-path", listed + "/");
            assertEquals(0, run.code());
            String out = run.out();
            assertTrue(out.contains("The file 'foreign.txt' does not belong to FairMQ, skipping...\n"), out);
            assertTrue(out.contains("\nFound shmid 'zzzzzzzz':\n\ncould not open file for shmid 'zzzzzzzz'\n"), out);
            assertFalse(out.contains("m_0"), "other fmq_ names are skipped silently: " + out);
            int at = out.indexOf("\nFound shmid '" + s.shmId() + "':\n\n[");
            assertTrue(at >= 0, out);
            String table = out.substring(at).lines().skip(3).findFirst().orElseThrow();
            assertTrue(table.matches(String.format(HEADER, s.shmId(), s.session(), 1)), table);
            assertEquals(1 + 6 + 4, out.lines().count(), out);
        }
    }
}
