package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MessageQueueTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("queue");

    private String name() {
        return shm.prefix() + "control_queue";
    }

    @Test
    void shouldCarryHeartbeatsBetweenHandles() {
        try (MessageQueue monitor = MessageQueue.openOrCreate(name(), 1000, 1);
                MessageQueue device = MessageQueue.openOnly(name())) {
            assertEquals(1000, device.maxMessages());
            assertEquals(1, device.maxMessageSize());
            assertTrue(device.sendByte(1, 100));
            assertEquals(1, monitor.messageCount());
            assertEquals(1, monitor.receiveByte(100));
            assertEquals(0, monitor.messageCount());
        } finally {
            MessageQueue.remove(name());
        }
    }

    @Test
    void shouldTimeOutOnEmptyAndFullQueues() {
        try (MessageQueue queue = MessageQueue.createOnly(name(), 1, 1)) {
            long start = System.nanoTime();
            assertEquals(-1, queue.receiveByte(50));
            assertTrue(System.nanoTime() - start >= 40_000_000L);
            assertTrue(queue.sendByte(1, 50));
            assertFalse(queue.sendByte(1, 50), "full");
        } finally {
            MessageQueue.remove(name());
        }
    }

    @Test
    void shouldSendAndReceiveBuffers() {
        try (MessageQueue queue = MessageQueue.createOnly(name(), 4, 8)) {
            ByteBuffer out = ByteBuffer.allocateDirect(8).put(new byte[] {1, 2, 3}).flip();
            assertTrue(queue.send(out, 0, 100));
            ByteBuffer in = ByteBuffer.allocateDirect(8);
            assertEquals(3, queue.receive(in, 100));
            assertEquals(3, in.position());
            assertEquals(3, in.get(2));
            ShmException tooBig = assertThrows(ShmException.class,
                    () -> queue.send(ByteBuffer.allocateDirect(9), 0, 10));
            assertTrue(tooBig.getMessage().startsWith("message_queue timed_send \"" + name() + "\""), tooBig.getMessage());
        } finally {
            MessageQueue.remove(name());
        }
    }

    @Test
    void shouldReportMissingAndExistingQueues() {
        assertThrows(ShmNotFoundException.class, () -> MessageQueue.openOnly(name()));
        try (MessageQueue queue = MessageQueue.createOnly(name(), 1, 1)) {
            assertThrows(ShmAlreadyExistsException.class, () -> MessageQueue.createOnly(name(), 1, 1));
        }
        assertTrue(MessageQueue.remove(name()));
        assertFalse(MessageQueue.remove(name()));
    }

    @Test
    void shouldRefuseUseAfterClose() {
        MessageQueue queue = MessageQueue.createOnly(name(), 1, 1);
        queue.close();
        MessageQueue.remove(name());
        assertThrows(IllegalStateException.class, () -> queue.sendByte(1, 10));
    }
}
