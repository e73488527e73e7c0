package org.fairmq.monitor.v110;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fairmq.monitor.ChildProcess;
import org.fairmq.testing.CppLeak;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.JavaProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leak accounting of the v1.10 profile, across languages: the C++ v1.10 device (interop-tests,
 * written from PROTOCOL-V110.md only) allocates one chunk (ShmHeader, refcount 1) in its data
 * segment and never releases it; every report of the Java side names it by the handle and size the
 * C++ device printed: {@code --status-json}, {@code --leak-report} (with a device still counted,
 * and for an idle session left with {@code --shm-no-cleanup}, for both allocation algorithms), and
 * the warning of the Java device that leaves last, before the Cleanup removes the segment.
 */
class V110LeakAccountingTest {
    private static final long SEGMENT_SIZE = 10_000_000;
    private static final long DEADLINE_MS = 60_000;

    private final V110TestSession s = V110TestSession.random();

    @AfterEach
    void noLeftovers() {
        List<String> left = s.leftovers();
        s.removeLeftovers();
        assertEquals(List.of(), left);
    }

    /** Runs the C++ v1.10 device as a member that leaks one chunk of 1000 bytes and leaves; the chunk. */
    private CppLeak cppLeaksAndLeaves(String... extra) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(InteropBinaries.deviceV110().toString(), "--role",
                "hold", "--session", s.session(), "--shm-segment-size", Long.toString(SEGMENT_SIZE), "--hold-ms", "1",
                "--leak-one-chunk", "1000"));
        command.addAll(List.of(extra));
        Process cpp = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(cpp.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS));
        List<String> out = new String(cpp.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, cpp.exitValue(), out.toString());
        return CppLeak.in(out);
    }

    @Test
    void shouldNameTheChunkACppDeviceNeverReleasedInEveryReport() throws Exception {
        try (ChildProcess java = ChildProcess.start("java-device",
                JavaProcess.builder(V110DeviceMain.class, List.of(s.session(), Long.toString(SEGMENT_SIZE))))) {
            java.awaitLine("READY " + s.shmId(), DEADLINE_MS);
            CppLeak leak = cppLeaksAndLeaves();
            String segment = s.names().segment(0);

            MonitorRun json = MonitorRun.of("-s", s.session(), "--status-json");
            assertEquals(0, json.code(), json.out());
            assertTrue(json.out().contains("\"name\":\"" + segment + "\",\"algorithm\":\"rbtree_best_fit\""), json.out());
            assertTrue(json.out().contains("\"allocated\":{\"chunks\":1,\"bytes\":" + leak.size() + ","), json.out());
            assertTrue(json.out().contains("\"listed\":[{\"offset\":" + leak.handle() + ",\"size\":" + leak.size() + "}]"),
                    json.out());
            assertTrue(json.out().contains("\"used_trend\":{\"bytes\":0,\"over_ms\":"), json.out());
            assertTrue(json.out().contains("\"device_count\":1"), json.out());

            MonitorRun report = MonitorRun.of("-s", s.session(), "--leak-report");
            assertEquals(new MonitorRun(1, "warning: 1 device(s) still counted in session " + s.shmId()
                    + ": the chunks of their messages in flight are listed too\n\"" + segment + "\": " + leak.size()
                    + " bytes in 1 chunk still allocated beyond its empty state\n  offset size\n  " + leak.handle() + " "
                    + leak.size() + "\n", ""), report);

            java.stdin().close();
            java.awaitLine("LEFT", DEADLINE_MS);
            String warning = java.awaitErrorLineContaining("still allocated", DEADLINE_MS).text();
            assertTrue(warning.contains("WARN") && warning.endsWith("shmem: " + leak.size() + " bytes in 1 chunk still"
                    + " allocated in \"" + segment + "\" beyond its empty state when the last device left; chunks"
                    + " (offset,size): (" + leak.handle() + "," + leak.size() + ")"), warning);
            assertEquals(0, java.exitCode(DEADLINE_MS));
        }
    }

    @Test
    void shouldLeaveACleanSessionSilently() throws Exception {
        try (ChildProcess java = ChildProcess.start("java-device",
                JavaProcess.builder(V110DeviceMain.class, List.of(s.session(), Long.toString(SEGMENT_SIZE))))) {
            java.awaitLine("READY " + s.shmId(), DEADLINE_MS);
            assertEquals(new MonitorRun(0, "warning: 1 device(s) still counted in session " + s.shmId() + ": the chunks"
                    + " of their messages in flight are listed too\n\"" + s.names().segment(0) + "\": no chunks allocated"
                    + " beyond its empty state\n", ""), MonitorRun.of("-s", s.session(), "--leak-report"));
            java.stdin().close();
            java.awaitLine("LEFT", DEADLINE_MS);
            assertEquals(0, java.exitCode(DEADLINE_MS));
            assertTrue(java.errorLines().stream().noneMatch(l -> l.contains("still allocated")),
                    java.errorLines().toString());
        }
    }

    @Test
    void shouldReportTheLeakOfAnIdleSessionForBothAlgorithms() throws Exception {
        for (String algorithm : List.of("rbtree_best_fit", "simple_seq_fit")) {
            CppLeak leak = cppLeaksAndLeaves("--shm-no-cleanup", "--shm-allocation", algorithm);
            String segment = s.names().segment(0);
            MonitorRun report = MonitorRun.of("-s", s.session(), "--leak-report");
            assertEquals(new MonitorRun(1, "\"" + segment + "\": " + leak.size() + " bytes in 1 chunk still allocated"
                    + " beyond its empty state\n  offset size\n  " + leak.handle() + " " + leak.size() + "\n", ""), report,
                    algorithm);
            MonitorRun json = MonitorRun.of("-s", s.session(), "--status-json");
            assertTrue(json.out().contains("\"algorithm\":\"" + algorithm + "\""), json.out());
            assertTrue(json.out().contains("\"listed\":[{\"offset\":" + leak.handle() + ",\"size\":" + leak.size() + "}]"),
                    json.out());
            assertTrue(json.out().contains("\"device_count\":0"), json.out());
            assertEquals(0, MonitorRun.of("-s", s.session(), "-c").code());
        }
        assertEquals(2, MonitorRun.of("-s", s.session(), "--leak-report").code(), "no session: no report");
    }
}
