package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.LockedQueueMutex;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.transport.shmem.HeartbeatSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device killed inside the control queue leaves the queue's process-shared mutex locked, and
 * the monitor's next receive never returns. Simulated here by marking the mutex as locked in the
 * queue's memory ({@link LockedQueueMutex}). The monitor must replace the queue, receive the
 * heartbeats sent to the new one, and still end promptly.
 */
class WedgedControlQueueTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("monitor_wedged");

    @Test
    void shouldReplaceAControlQueueLeftLockedAndEndPromptly() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        Captured diagnostics = new Captured();
        Monitor monitor = Monitor.builder(names).output(new Captured().stream).diagnostics(diagnostics.stream).start();
        try {
            assertTrue(DevShmWatch.awaitPresent(names.controlQueue(), 2000));
            Object original = Files.readAttributes(Path.of("/dev/shm", names.controlQueue()),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            LockedQueueMutex.lockForever(Path.of("/dev/shm", names.controlQueue()));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (!diagnostics.text().contains("replaced it with a new queue")) {
                assertTrue(System.nanoTime() < deadline, "no replacement: " + diagnostics.text());
                Thread.sleep(10);
            }
            assertEquals("shmmonitor: a receive on \"" + names.controlQueue() + "\" has not returned for 1000 ms (a "
                    + "process killed inside the queue left it locked); replaced it with a new queue\n", diagnostics.text());
            assertTrue(DevShmWatch.awaitPresent(names.controlQueue(), 2000));
            Object replacement = Files.readAttributes(Path.of("/dev/shm", names.controlQueue()),
                    java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            assertTrue(!replacement.equals(original), "a new queue under the same name");

            try (HeartbeatSender sender = HeartbeatSender.start(names.controlQueue())) {
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (!monitor.heartbeatSeen() && monitor.msSinceLastHeartbeat().isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, "heartbeats reach the new queue");
                    Thread.sleep(10);
                }
            }
        } finally {
            long closing = System.nanoTime();
            monitor.close();
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing) < 3000, "the monitor ends promptly");
        }
        assertEquals(List.of(), DevShm.leftWith(shm.prefix()));
    }
}
