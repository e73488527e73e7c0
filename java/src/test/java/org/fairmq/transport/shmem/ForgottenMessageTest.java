package org.fairmq.transport.shmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message dropped without close(): its Cleaner reports and counts the chunk but never frees it,
 * because a buffer from data() may outlive the message (and a free from the Cleaner thread could
 * overlap the unmapping or the process's exit).
 */
class ForgottenMessageTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("forgot");

    @AfterEach
    void removeMutex() {
        NamedMutex.remove(ShmNames.withPrefix(shm.prefix()).mutex());
    }

    private ShmTransportFactory transport() {
        return ShmTransportFactory.create(ShmOptions.defaults("java").withNames(ShmNames.withPrefix(shm.prefix()))
                .withSegmentSize(1 << 20));
    }

    /** A message dropped right away, leaving only its payload buffer; returns a weak reference to it. */
    private static WeakReference<ShmMessage> dropKeepingTheBuffer(ShmTransportFactory t, ByteBuffer[] keep) {
        ShmMessage message = t.createMessage(1000);
        keep[0] = message.data();
        for (int i = 0; i < 1000; i++) {
            keep[0].put(i, (byte) 7);
        }
        return new WeakReference<>(message);
    }

    @Test
    void shouldReportAForgottenChunkAndNeverFreeWhatItsBufferStillReaches() throws Exception {
        try (ShmTransportFactory t = transport()) {
            long free = t.freeMemory();
            ByteBuffer[] keep = new ByteBuffer[1];
            WeakReference<ShmMessage> dropped = dropKeepingTheBuffer(t, keep);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (t.leakedChunks() == 0) {
                assertTrue(System.nanoTime() < deadline, "the cleaner never ran");
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(null, dropped.get());
            assertEquals(1, t.leakedChunks(), "reported and counted");
            assertTrue(t.freeMemory() < free, "the chunk stays allocated");
            // nothing can reuse the chunk behind the buffer: new chunks land elsewhere
            try (ShmMessage next = t.createMessage(1000)) {
                next.data().put(0, (byte) 9);
                for (int i = 0; i < 1000; i++) {
                    assertEquals(7, keep[0].get(i), "byte " + i);
                }
            }
        }
    }

    @Test
    void shouldNotCountClosedMessages() {
        try (ShmTransportFactory t = transport()) {
            long free = t.freeMemory();
            t.createMessage(1000).close();
            System.gc();
            assertEquals(free, t.freeMemory());
            assertEquals(0, t.leakedChunks());
        }
    }
}
