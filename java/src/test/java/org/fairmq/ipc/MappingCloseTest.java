package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
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
                        } catch (IllegalStateException refused) {
                            // refused after the close, or (JDK 22+) the buffer was invalidated under us
                        } catch (InternalError lateAccess) {
                            if (!LateAccess.isLateAccessFailure(lateAccess)) {
                                throw lateAccess;
                            } // (JDK 17-21) the buffer was made unusable under us
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    // JDK 17-21: a late access may report itself again after the first InternalError
                    t.setUncaughtExceptionHandler((thread, e) -> {
                        if (!LateAccess.isLateAccessFailure(e)) {
                            unexpected.add(e);
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
                    segment.close(); // JDK 22+: retries while an access is in progress, throws if it never ends
                } finally {
                    stop.set(true);
                }
                for (Thread t : threads) {
                    t.join(10_000);
                    assertEquals(false, t.isAlive(), "a thread kept using the closed segment");
                }
                assertEquals(List.of(), List.copyOf(unexpected));
                for (ByteBuffer b : handedOut) {
                    LateAccess.assertFails(() -> b.get(0));
                }
                ManagedSegment.remove(name);
            }
        } finally {
            ManagedSegment.remove(name);
        }
    }
}
