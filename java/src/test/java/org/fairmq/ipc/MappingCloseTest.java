package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Buffers requested by several threads while another thread closes the segment: each is either
 * made before the close and invalidated by it, or refused; none reaches unmapped memory (which
 * would crash the JVM). The first buffers of a fresh segment are requested concurrently, the case
 * in which an unsynchronised lazy scope could be created twice and one of them never closed.
 */
class MappingCloseTest {
    private static final int THREADS = 4;
    private static final int ROUNDS = 50;
    private static final int BUFFERS_PER_THREAD = 100;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("mapclose");

    @Test
    void shouldInvalidateEveryBufferOfEveryThreadOnClose() throws Exception {
        String name = ShmNames.withPrefix(shm.prefix()).mainSegment();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                ConcurrentLinkedQueue<ByteBuffer> handedOut = new ConcurrentLinkedQueue<>();
                ManagedSegment segment = ManagedSegment.createOnly(name, 1 << 20);
                long handle = segment.allocate(64);
                CountDownLatch start = new CountDownLatch(1);
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) {
                    Thread t = new Thread(() -> {
                        try {
                            start.await();
                            for (int n = 0; !stop.get(); n++) {
                                ByteBuffer b = segment.buffer(handle, 64); // concurrent first requests
                                if (n < BUFFERS_PER_THREAD) {
                                    handedOut.add(b);
                                }
                                b.put(0, (byte) 1);
                            }
                        } catch (IllegalStateException closed) {
                            // refused, or the buffer was invalidated under us: both are the contract
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    t.start();
                    threads.add(t);
                }
                start.countDown();
                while (handedOut.size() < THREADS) {
                    Thread.onSpinWait();
                }
                try {
                    segment.close(); // retries while an access is in progress; throws if it never ends
                } finally {
                    stop.set(true);
                }
                for (Thread t : threads) {
                    t.join(10_000);
                    assertEquals(false, t.isAlive(), "a thread kept using the closed segment");
                }
                for (ByteBuffer b : handedOut) {
                    assertThrows(IllegalStateException.class, () -> b.get(0));
                }
                ManagedSegment.remove(name);
            }
        } finally {
            ManagedSegment.remove(name);
        }
    }
}
