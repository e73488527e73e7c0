package org.fairmq.transport.shmem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.LockedQueueMutex;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HeartbeatSenderTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("hbsend");

    @Test
    void shouldStopWithinItsBoundWhenTheControlQueueIsLeftLocked() throws Exception {
        String queueName = ShmNames.withPrefix(shm.prefix()).controlQueue();
        try (MessageQueue queue = MessageQueue.createOnly(queueName, 1000, 1)) {
            // the heartbeats fill the queue; the first receive proves the sender is sending
            HeartbeatSender sender = HeartbeatSender.start(queueName);
            assertTrue(queue.receiveByte(10_000) >= 0, "a heartbeat arrived");
            LockedQueueMutex.lockForever(Path.of("/dev/shm", queueName));
            awaitStuckInSend();
            long start = System.nanoTime();
            boolean ended = sender.stop();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(ended, "the thread is stuck inside Boost's lock: reported, not joined");
            assertTrue(tookMs < HeartbeatSender.CLOSE_BOUND_MS + 1000, "stop took " + tookMs + " ms");
        } finally {
            MessageQueue.remove(queueName);
        }
    }

    /**
     * Waits until the heartbeat thread is seen inside a send three times in a row, 20 ms apart: a
     * normal send takes microseconds and is followed by a 100 ms pause, so it is blocked for good.
     */
    private static void awaitStuckInSend() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int inSend = 0;
        while (inSend < 3) {
            assertTrue(System.nanoTime() < deadline, "the heartbeat thread never blocked in a send");
            boolean sending = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getName().equals("shmem-heartbeat"))
                    .anyMatch(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("sendByte")));
            inSend = sending ? inSend + 1 : 0;
            Thread.sleep(20);
        }
    }

    @Test
    void shouldStopPromptlyWithoutAMonitor() {
        HeartbeatSender sender = HeartbeatSender.start(ShmNames.withPrefix(shm.prefix()).controlQueue());
        long start = System.nanoTime();
        assertTrue(sender.stop());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < HeartbeatSender.CLOSE_BOUND_MS);
    }
}
