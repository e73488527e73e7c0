package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.CppLeak;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.JavaProcess;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leak accounting of the 2017 profile, across languages: a C++ device (interop-tests, written from
 * PROTOCOL.md only) allocates one chunk in the main segment and never frees it; every report of the
 * Java side names that chunk by the handle and size the C++ device printed: the monitor's
 * {@code --status-json}, its interactive table's used bytes, {@code --leak-report}, and the warning
 * of the Java device that leaves last, before the segment goes.
 */
class LeakAccountingTest {
    private static final long SEGMENT_SIZE = 16 << 20;
    private static final long DEADLINE_MS = 60_000;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("leak2017");

    static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    /** Size minus free memory of a fresh main segment of this size with its DeviceCounter: the empty state. */
    private long idleUsed() {
        String name = DevShm.uniquePrefix("leak2017_idle") + "main";
        try (ManagedSegment fresh = ManagedSegment.createOnly(name, SEGMENT_SIZE)) {
            fresh.constructDeviceCounter(1);
            return fresh.size() - fresh.freeMemory();
        } finally {
            ManagedSegment.remove(name);
        }
    }

    /** A Java shmem transport of prefix {@code p} in a child JVM, once it has joined. */
    private static ChildProcess javaDevice(String p) throws InterruptedException {
        ChildProcess java = ChildProcess.start("java-device",
                JavaProcess.builder(ShmTransportDeviceMain.class, List.of(p, Long.toString(SEGMENT_SIZE))));
        java.awaitLine("READY", DEADLINE_MS);
        return java;
    }

    private Captured run(int expectedCode, Captured err, String... args) {
        Captured out = new Captured();
        assertEquals(expectedCode, ShmMonitorMain.run(args, out.stream, err.stream, false), out.text() + err.text());
        return out;
    }

    @Test
    void shouldNameTheChunkACppDeviceNeverFreedInEveryReport() throws Exception {
        String p = shm.prefix();
        ShmNames names = ShmNames.withPrefix(p);
        try (ChildProcess java = javaDevice(p)) {
            // the C++ device joins, leaks one chunk, sends nothing and leaves: the Java device stays, the segment too
            Process cpp = new ProcessBuilder(InteropBinaries.device().toString(), "--role", "push", "--endpoint",
                    "ipc:///tmp/" + p + "leak.ipc", "--method", "bind", "--transport", "shmem", "--prefix", p,
                    "--segment-size", Long.toString(SEGMENT_SIZE), "--num-msgs", "0", "--heartbeat", "0",
                    "--leak-one-chunk", "1000").redirectErrorStream(true).start();
            assertTrue(cpp.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS));
            List<String> cppOut = new String(cpp.getInputStream().readAllBytes()).lines().toList();
            assertEquals(0, cpp.exitValue(), cppOut.toString());
            CppLeak leak = CppLeak.in(cppOut);
            String chunk = "(" + leak.handle() + "," + leak.size() + ")";
            assertTrue(leak.size() >= 1000, chunk);

            // --status-json: used bytes, their trend, and the chunk by offset and size
            String json = run(0, new Captured(), "--prefix", p, "--status-json").text();
            assertTrue(json.contains("\"allocated\":{\"chunks\":1,\"bytes\":" + leak.size() + ","), json);
            assertTrue(json.contains("\"listed\":[{\"offset\":" + leak.handle() + ",\"size\":" + leak.size() + "}]"), json);
            assertTrue(json.contains("\"used_trend\":{\"bytes\":0,\"over_ms\":"), json);
            long used = number(json, "used");
            assertEquals(idleUsed(), used - number(json, "block_bytes"),
                    "the walk accounts for exactly what Boost's free memory says is used beyond the empty state");

            // the interactive table's used column shows the same bytes
            InteractiveModeTest.TestKeys keys = new InteractiveModeTest.TestKeys();
            Captured table = new Captured();
            try (Monitor monitor = Monitor.builder(names).interactive(true).keys(() -> keys).output(table.stream)
                    .start()) {
                Pattern row = Pattern.compile("\\| +" + Pattern.quote(names.mainSegment()) + " \\|(?: +\\S+ \\|){5} +"
                        + used + " \\| +0 \\|");
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
                while (!row.matcher(table.text()).find()) {
                    assertTrue(System.nanoTime() < deadline, "no row with used " + used + ": " + table.text());
                    Thread.sleep(5); // polling for the event (a row), as InteractiveModeTest does
                }
                keys.keys.add((int) 'q');
            }
            MessageQueue.remove(names.controlQueue()); // the monitor's

            // --leak-report: the chunk, exit code 1, a warning that a device is still attached
            Captured err = new Captured();
            String report = run(1, err, "--prefix", p, "--leak-report").text();
            assertEquals("\"" + names.mainSegment() + "\": " + leak.size() + " bytes in 1 chunk still allocated beyond its"
                    + " empty state\n  offset size\n  " + leak.handle() + " " + leak.size() + "\n", report);
            assertTrue(err.text().contains("warning: 1 device(s) still attached"), err.text());

            // the Java device leaves last: it names the chunk before it removes the segment
            java.stdin().close();
            java.awaitLine("LEFT", DEADLINE_MS);
            String warning = java.awaitErrorLineContaining("still allocated", DEADLINE_MS).text();
            assertTrue(warning.contains("WARN"), warning);
            assertTrue(warning.endsWith("shmem: " + leak.size() + " bytes in 1 chunk still allocated in \""
                    + names.mainSegment() + "\" beyond its empty state when the last device left; chunks (offset,size): "
                    + chunk), warning);
            assertEquals(0, java.exitCode(DEADLINE_MS));
        }
        assertEquals(List.of(), shm.leftBesidesMutex());
    }

    @Test
    void shouldReportACleanSegmentAsSuchAndLeaveSilently() throws Exception {
        String p = shm.prefix();
        ShmNames names = ShmNames.withPrefix(p);
        try (ChildProcess java = javaDevice(p)) {
            String json = run(0, new Captured(), "--prefix", p, "--status-json").text();
            assertTrue(json.contains("\"allocated\":{\"chunks\":0,\"bytes\":0,\"block_bytes\":0,\"listed\":[]}"), json);
            assertEquals("\"" + names.mainSegment() + "\": no chunks allocated beyond its empty state\n",
                    run(0, new Captured(), "--prefix", p, "--leak-report").text());
            java.stdin().close();
            java.awaitLine("LEFT", DEADLINE_MS);
            assertEquals(0, java.exitCode(DEADLINE_MS));
            assertTrue(java.errorLines().stream().noneMatch(l -> l.contains("still allocated")), java.errorLines().toString());
        }
        assertEquals(2, ShmMonitorMain.run(new String[] {"--prefix", p, "--leak-report"}, new Captured().stream,
                new Captured().stream, false), "no segment: no report");
        assertEquals(List.of(), shm.leftBesidesMutex());
    }
}
