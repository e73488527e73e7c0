package org.fairmq.shm.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fairmq.shm.protocol.ShmNames;
import org.fairmq.shm.testing.DevShm;
import org.fairmq.shm.testing.ShmPrefixExtension;
import org.fairmq.shm.transport.shmem.HeartbeatSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device killed inside the control queue leaves the queue's process-shared mutex locked, and
 * the monitor's next receive never returns. Simulated here by marking the mutex as locked in the
 * queue's memory (glibc x86-64 layout: the pthread_mutex_t whose kind word is the process-shared
 * bit 0x80, its lock word 16 bytes before). The monitor must replace the queue, receive the
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
            lockMutexForever(Path.of("/dev/shm", names.controlQueue()));

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

    /** Sets the lock word of the queue's mutex to "locked, with waiters" (2): nobody will unlock it. */
    private static void lockMutexForever(Path queue) throws Exception {
        try (FileChannel channel = FileChannel.open(queue, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, 0);
            int kind = -1;
            for (int at = 32; at < 256; at += 4) {
                if (header.getInt(at) == 0x80) {
                    kind = at;
                    break;
                }
            }
            assertTrue(kind > 0, "no process-shared mutex in the queue header");
            ByteBuffer locked = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 2);
            channel.write(locked, kind - 16);
        }
    }
}
