package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.transport.shmem.HeartbeatSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Monitor API: lifecycle, heartbeats and timeout, self-destruct, what it leaves behind. */
class MonitorTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("monitor_api");

    private final Captured out = new Captured();

    @Test
    void shouldOwnTheControlQueueAndMonitorStatusAndLeaveNothingBehind() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        try (Monitor monitor = Monitor.builder(names).output(out.stream).start()) {
            assertTrue(DevShmWatch.awaitPresent(names.controlQueue(), 2000));
            try (ManagedSegment management = ManagedSegment.openOnly(names.managementSegment())) {
                assertTrue(management.hasMonitorStatus());
            }
            assertTrue(monitor.isRunning());
            assertEquals(java.util.Optional.empty(), monitor.msSinceLastHeartbeat());
        }
        assertEquals(List.of(), DevShm.leftWith(shm.prefix()));
        assertEquals("", out.text(), "a plain monitor without events prints nothing");
    }

    @Test
    void shouldStopFromManyThreadsAtOnce() throws Exception {
        Monitor monitor = Monitor.builder(ShmNames.withPrefix(shm.prefix())).output(out.stream).start();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    if (n % 2 == 0) {
                        monitor.stop();
                        monitor.awaitTermination();
                    } else {
                        monitor.close();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(5000);
            assertFalse(t.isAlive());
        }
        assertEquals(List.of(), errors);
        assertFalse(monitor.isRunning());
        monitor.close(); // idempotent
        assertEquals(java.util.Optional.empty(), monitor.failure());
        assertEquals(List.of(), DevShm.leftWith(shm.prefix()));
    }

    @Test
    void shouldRefuseWhileAnotherMonitorRunsAndAllowOneAfterwards() {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        try (Monitor first = Monitor.builder(names).output(out.stream).start()) {
            MonitorAlreadyRunningException e = assertThrows(MonitorAlreadyRunningException.class,
                    () -> Monitor.builder(names).output(out.stream).start());
            assertEquals("shmmonitor already started or not properly exited. Try `shmmonitor --cleanup`", e.getMessage());
            assertTrue(first.isRunning());
        }
        Monitor.builder(names).output(out.stream).start().close();
    }

    @Test
    void shouldCleanUpAfterTheLastHeartbeatPlusTimeoutAndSelfDestruct() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        ShmMonitorMainTest.createTopology(names, 2);
        try (Monitor monitor = Monitor.builder(names).timeoutMs(800).selfDestruct(true).output(out.stream).start()) {
            try (HeartbeatSender sender = HeartbeatSender.start(names.controlQueue())) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (!monitor.heartbeatSeen() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(monitor.heartbeatSeen(), "heartbeats reach the monitor");
                Thread.sleep(1000); // longer than the timeout, but heartbeats keep it alive
                assertTrue(monitor.msSinceLastHeartbeat().get() < 800);
                assertTrue(ManagedSegmentProbe.probe(names.mainSegment()).isManaged(), "no cleanup while heartbeating");
            }
            long stopped = System.nanoTime();
            assertTrue(monitor.awaitTermination(3, TimeUnit.SECONDS), "self-destruct after the cleanup");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
            assertTrue(ms >= 600 && ms < 2500, "cleanup about the timeout after the last heartbeat: " + ms + " ms");
        }
        String p = shm.prefix();
        assertEquals(String.join("\n",
                "no heartbeats since over 800 milliseconds, cleaning...",
                "Region counter found: 2",
                "Successfully removed \"" + p + "region_1\" shared memory segment.",
                "Successfully removed \"" + p + "region_2\" shared memory segment.",
                "Successfully removed \"" + p + "management\" shared memory segment.",
                "Successfully removed \"" + p + "main\" shared memory segment.",
                "self destructing", ""), out.text());
        assertEquals(List.of(), DevShm.leftWith(p));
    }

    @Test
    void shouldNotArmTheTimeoutWithoutHeartbeats() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        ShmMonitorMainTest.createTopology(names, 0);
        try (Monitor monitor = Monitor.builder(names).timeoutMs(0).output(out.stream).start()) {
            Thread.sleep(500);
            assertTrue(ManagedSegmentProbe.probe(names.mainSegment()).isManaged(), "no heartbeat ever: no cleanup");
        }
        assertEquals("", out.text());
        Monitor.cleanup(names, new Captured().stream);
    }

    @Test
    void shouldSelfDestructWhenTheSegmentDisappearsAfterHavingBeenSeen() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        try (Monitor monitor = Monitor.builder(names).selfDestruct(true).output(out.stream).start()) {
            Thread.sleep(300);
            assertTrue(monitor.isRunning(), "a segment never seen does not end the monitor");
            ManagedSegment.createOnly(names.mainSegment(), 100_000).close();
            Thread.sleep(600); // several checks see it
            assertTrue(monitor.isRunning());
            ManagedSegment.remove(names.mainSegment());
            assertTrue(monitor.awaitTermination(2, TimeUnit.SECONDS));
        }
        assertEquals("self destructing\n", out.text());
        assertEquals(List.of(), DevShm.leftWith(shm.prefix()));
    }

    @Test
    void shouldKeepAManagementSegmentThatDevicesUse() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        try (Monitor monitor = Monitor.builder(names).output(out.stream).start()) {
            ManagedSegment.createOnly(names.mainSegment(), 100_000).close(); // a device came after the monitor
            Thread.sleep(200);
        }
        assertEquals(List.of(names.mainSegment(), names.managementSegment()), DevShm.leftWith(shm.prefix()));
        try (ManagedSegment management = ManagedSegment.openOnly(names.managementSegment())) {
            assertFalse(management.hasMonitorStatus(), "the monitor's status is gone");
        }
        Monitor.cleanup(names, new Captured().stream);
    }

    @Test
    void shouldRejectATimeoutOutsideUnsignedInt() {
        Monitor.Builder builder = Monitor.builder(ShmNames.withPrefix(shm.prefix()));
        assertThrows(IllegalArgumentException.class, () -> builder.timeoutMs(-1));
        assertThrows(IllegalArgumentException.class, () -> builder.timeoutMs(1L << 32));
    }

    @Test
    void shouldReportCleanupOutcomesToEmbeddingPrograms() {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        ShmMonitorMainTest.createTopology(names, 2);
        CleanupReport report = Monitor.cleanup(names, out.stream);
        assertEquals(2, report.regionCounter());
        assertEquals(CleanupReport.Outcome.REMOVED, report.outcomeOf(names.region(2)));
        assertEquals(CleanupReport.Outcome.REMOVED, report.outcomeOf(names.mainSegment()));
        assertEquals(CleanupReport.Outcome.REMOVED, report.outcomeOf(names.mutex()));
        assertEquals(CleanupReport.Outcome.NOT_FOUND, Monitor.cleanup(names, out.stream).outcomeOf(names.mainSegment()));
    }
}
