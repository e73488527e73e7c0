package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.transport.shmem.HeartbeatSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The program's modes that end by themselves, run in-process with captured stdout and stderr. */
class ShmMonitorMainTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("monitor_main");

    private final Captured out = new Captured();
    private final Captured err = new Captured();

    private int run(String... args) {
        return ShmMonitorMain.run(args, out.stream, err.stream, false);
    }

    @Test
    void shouldPrintTheHelpAndExitZero() {
        assertEquals(0, run("--help"));
        assertEquals(MonitorOptionsTest.resource("help-golden.txt"), out.text());
        assertEquals("", err.text());
    }

    @Test
    void shouldPrintVersionWithTheBoostVersion() {
        assertEquals(0, run("--version"));
        assertTrue(Pattern.matches("fairmq-shmmonitor \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(fairmq-shmem-java, FairMQ shmem "
                + "protocol of 2017\\)\nBoost 1\\.\\d+\\.\\d+\n", out.text()), out.text());
    }

    @Test
    void shouldFailLikeTheReferenceOnABadCommandLineAndShowTheUsage() {
        assertEquals(2, run("--timeout=abc"));
        assertEquals("", out.text());
        assertEquals("Unhandled Exception reached the top of main: the argument ('abc') for option '--timeout' is invalid, "
                + "application will now exit\n\n" + MonitorOptions.helpText(), err.text());
    }

    @Test
    void shouldRejectAnUnknownOptionWithExitCodeTwo() {
        assertEquals(2, run("--foo"));
        assertTrue(err.text().startsWith("Unhandled Exception reached the top of main: unrecognised option '--foo', "
                + "application will now exit\n\nFairMQ Shared Memory Monitor\n"), err.text());
    }

    @Test
    void shouldCleanUpRegionsOneToNManagementMainMutexAndControlQueue() {
        String p = shm.prefix();
        ShmNames names = ShmNames.withPrefix(p);
        createTopology(names, 3);
        MessageQueue.openOrCreate(names.controlQueue(), 1000, 1).close();

        assertEquals(0, run("--prefix", p, "--cleanup"));
        assertEquals(String.join("\n",
                "Cleaning up \"" + p + "main\"...",
                "Region counter found: 3",
                "Successfully removed \"" + p + "region_1\" shared memory segment.",
                "Successfully removed \"" + p + "region_2\" shared memory segment.",
                "Successfully removed \"" + p + "region_3\" shared memory segment.",
                "Successfully removed \"" + p + "management\" shared memory segment.",
                "Successfully removed \"" + p + "main\" shared memory segment.", ""), out.text());
        assertEquals(List.of(), DevShm.leftWith(p), "regions 1..N, mutex and control queue are gone too");
    }

    @Test
    void shouldReportRegionsAlreadyGoneAndAManagementSegmentWithoutCounter() {
        String p = shm.prefix();
        ShmNames names = ShmNames.withPrefix(p);
        createTopology(names, 2);
        SharedRegion.remove(names.region(1));
        assertEquals(0, run("--prefix", p, "--cleanup"));
        assertTrue(out.text().contains("Region counter found: 2\n"
                + "Did not remove \"" + p + "region_1\" shared memory segment. Already removed?\n"
                + "Successfully removed \"" + p + "region_2\" shared memory segment.\n"), out.text());

        ManagedSegment.openOrCreate(names.managementSegment(), 65536).close();
        Captured again = new Captured();
        assertEquals(0, ShmMonitorMain.run(new String[] {"--prefix", p, "--cleanup"}, again.stream, err.stream, false));
        assertEquals(String.join("\n",
                "Cleaning up \"" + p + "main\"...",
                "shmem: no region counter found. no regions to cleanup.",
                "Successfully removed \"" + p + "management\" shared memory segment.",
                "Did not remove \"" + p + "main\" shared memory segment. Already removed?", ""), again.text());
    }

    @Test
    void shouldCleanUpAnEmptyHostLikeTheReference() {
        String p = shm.prefix();
        assertEquals(0, run("--prefix", p, "--segment-name", p + "custom", "--cleanup"));
        assertEquals(String.join("\n",
                "Cleaning up \"" + p + "custom\"...",
                "Did not find \"" + p + "management\" shared memory segment. No regions to cleanup.",
                "Did not remove \"" + p + "custom\" shared memory segment. Already removed?", ""), out.text());
    }

    @Test
    void shouldRefuseToRemoveARawRegionUnderTheMainSegmentName() throws Exception {
        String p = shm.prefix();
        SharedRegion.createOnly(p + "main", 4096).close();
        try {
            assertEquals(0, run("--prefix", p, "--cleanup"));
            assertEquals(String.join("\n",
                    "Cleaning up \"" + p + "main\"...",
                    "Did not find \"" + p + "management\" shared memory segment. No regions to cleanup.",
                    "Refusing to remove \"" + p + "main\" shared memory segment: its first word is 0x00000000, not "
                            + "Boost's initialized mark 0x00000002 (a raw region, an unfinished segment or another program's object).",
                    ""), out.text());
            assertTrue(Files.exists(Path.of("/dev/shm", p + "main")));
        } finally {
            SharedRegion.remove(p + "main");
        }
    }

    @Test
    void shouldRefuseToRemoveAMessageQueueOrAForeignFileUnderSegmentNames() throws Exception {
        String p = shm.prefix();
        MessageQueue.createOnly(p + "main", 1000, 1).close();
        Files.writeString(Path.of("/dev/shm", p + "management"), "not a segment");
        try {
            assertEquals(0, run("--prefix", p, "--cleanup"));
            String[] lines = out.text().split("\n");
            assertEquals(3, lines.length, out.text());
            assertEquals("Refusing to remove \"" + p + "management\" shared memory segment: its first word is "
                    + "0x20746f6e, not Boost's initialized mark 0x00000002 (a raw region, an unfinished segment or "
                    + "another program's object).", lines[1]);
            assertTrue(lines[2].startsWith("Refusing to remove \"" + p + "main\" shared memory segment: its header "
                    + "describes "), lines[2]);
            assertTrue(lines[2].endsWith(" bytes but the object has 32208 bytes (another kind of Boost object, e.g. a "
                    + "message queue)."), lines[2]);
            assertTrue(Files.exists(Path.of("/dev/shm", p + "main")));
            assertTrue(Files.exists(Path.of("/dev/shm", p + "management")));
        } finally {
            MessageQueue.remove(p + "main");
            Files.deleteIfExists(Path.of("/dev/shm", p + "management"));
        }
    }

    @Test
    void shouldNotStartOnAForeignManagementSegment() throws Exception {
        String p = shm.prefix();
        SharedRegion.createOnly(p + "management", 65536).close();
        try {
            assertEquals(2, run("--prefix", p));
            assertEquals("Starting monitor for shared memory segment: \"" + p + "main\"...\n", out.text());
            assertEquals("Unhandled Exception reached the top of main: \"" + p + "management\" is not a Boost managed "
                    + "segment: its first word is 0x00000000, not Boost's initialized mark 0x00000002 (a raw region, "
                    + "an unfinished segment or another program's object), application will now exit\n", err.text());
        } finally {
            SharedRegion.remove(p + "management");
        }
    }

    @Test
    void shouldRefuseASecondMonitorWithTheReferenceMessageAndExitOne() {
        String p = shm.prefix();
        try (Monitor first = Monitor.builder(ShmNames.withPrefix(p)).output(new Captured().stream).start()) {
            assertEquals(1, run("--prefix", p));
            assertEquals("Starting monitor for shared memory segment: \"" + p + "main\"...\n"
                    + "shmmonitor already started or not properly exited. Try `shmmonitor --cleanup`\n", out.text());
            assertTrue(first.isRunning());
        }
    }

    @Test
    void shouldDescribeEveryObjectAsOneJsonLine() throws Exception {
        String p = shm.prefix();
        ShmNames names = ShmNames.withPrefix(p);
        createTopology(names, 2);
        SharedRegion.remove(names.region(1));
        try (Monitor monitor = Monitor.builder(names).output(new Captured().stream).start();
             HeartbeatSender sender = HeartbeatSender.start(names.controlQueue())) {
            Thread.sleep(700); // the sender found the queue (500 ms back-off at most)
            assertEquals(0, run("--prefix", p, "--status-json"));
        }
        String json = out.text();
        assertTrue(json.endsWith("}\n") && json.indexOf('\n') == json.length() - 1, json);
        assertTrue(json.startsWith("{\"prefix\":\"" + p + "\",\"boost_version\":\"1."), json);
        assertTrue(json.contains("\"main_segment\":{\"name\":\"" + p + "main\",\"present\":true,\"managed\":true,"
                + "\"size\":1000000,\"free\":"), json);
        assertTrue(json.contains(",\"sane\":true,\"device_count\":2,\"used\":"), json);
        assertTrue(json.contains(",\"used_trend\":{\"bytes\":0,\"over_ms\":"), json); // nothing changes meanwhile
        assertTrue(json.contains(",\"allocated\":{\"chunks\":"), json);
        assertTrue(json.contains("\"management_segment\":{\"name\":\"" + p + "management\",\"present\":true,"
                + "\"managed\":true,\"size\":65536,\"free\":"), json);
        assertTrue(json.contains(",\"region_counter\":2,\"monitor_status\":true},"), json);
        assertTrue(json.contains("\"mutex\":{\"name\":\"" + p + "mutex\",\"present\":true},"), json);
        assertTrue(json.contains("\"control_queue\":{\"name\":\"" + p + "control_queue\",\"present\":true,\"messages\":"),
                json);
        assertTrue(json.contains("\"regions\":[{\"id\":2,\"name\":\"" + p + "region_2\",\"size\":4096}],"), json);
        assertTrue(Pattern.compile("\"ms_since_last_heartbeat\":\\d+}\n$").matcher(json).find(), json);
        Monitor.cleanup(names, new Captured().stream);
    }

    @Test
    void shouldDescribeAnEmptyHostWithNulls() {
        String p = shm.prefix();
        assertEquals(0, run("--prefix", p, "--status-json"));
        assertTrue(out.text().endsWith("\"main_segment\":{\"name\":\"" + p + "main\",\"present\":false},"
                + "\"management_segment\":{\"name\":\"" + p + "management\",\"present\":false},"
                + "\"mutex\":{\"name\":\"" + p + "mutex\",\"present\":false},"
                + "\"control_queue\":{\"name\":\"" + p + "control_queue\",\"present\":false},"
                + "\"regions\":[],\"ms_since_last_heartbeat\":null}\n"), out.text());
    }

    /** Main segment (1 MB, DeviceCounter 2), mutex, management with RegionCounter n, regions 1..n of 4096 bytes. */
    static void createTopology(ShmNames names, int regions) {
        NamedMutex.openOrCreate(names.mutex()).close();
        try (ManagedSegment main = ManagedSegment.createOnly(names.mainSegment(), 1_000_000);
             ManagedSegment management = ManagedSegment.createOnly(names.managementSegment(), 65536)) {
            main.constructDeviceCounter(2);
            for (int i = 1; i <= regions; i++) {
                SharedRegion.createOnly(names.region(management.nextRegionId()), 4096).close();
            }
        }
    }
}
