package org.fairmq.transport.shmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.fairmq.interop.CppPeer;
import org.fairmq.ipc.LockTimeout;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.ShmTimeoutException;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.testing.ThreadPerTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shmem transport when a C++ peer died holding the main segment's allocator mutex: message
 * creation fails within the transport's lock timeout (the allocator's wait for memory does not
 * swallow it), and closing the transport does not hang on the same lock.
 */
class ShmLockTimeoutTest {
    private static final long TIMEOUT_MS = 400;
    private static final long SLACK_MS = 10_000;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("shmlock");

    private final long previousTimeout = LockTimeout.get();

    @AfterEach
    void restore() {
        LockTimeout.set(previousTimeout);
        NamedMutex.remove(ShmNames.withPrefix(shm.prefix()).mutex());
    }

    private static void lockAndDie(String segment) throws InterruptedException {
        CppPeer peer = CppPeer.start(InteropBinaries.peer());
        try {
            peer.ok("segment-open " + segment);
            peer.ok("segment-lock-mutex " + segment);
        } finally {
            peer.process().destroyForcibly();
            assertTrue(peer.process().waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldEndTheWaitForMemoryOfAFullSegmentWhenItsLockIsHeldByADeadPeer() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        ShmTransportFactory transport = ShmTransportFactory.create(ShmOptions.defaults("java").withNames(names)
                .withSegmentSize(1 << 20).withLockTimeoutMs(TIMEOUT_MS));
        try {
            while (transport.session().main().tryAllocate(4096) >= 0) {
                // fill the segment: the next message waits for memory
            }
            CompletableFuture<ShmMessage> waiting = ThreadPerTask.supply(() -> transport.createMessage(4096));
            lockAndDie(names.mainSegment());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> waiting.get(TIMEOUT_MS + SLACK_MS, TimeUnit.MILLISECONDS));
            assertTrue(e.getCause() instanceof ShmTimeoutException, e.getCause().toString());
        } finally {
            transport.close();
        }
        assertEquals(List.of(), shm.leftBesidesMutex());
    }

    @Test
    void shouldFailMessageCreationWithinTheLockTimeoutAndCloseWithoutHanging() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        ShmOptions options = ShmOptions.defaults("java").withNames(names).withSegmentSize(1 << 20)
                .withLockTimeoutMs(TIMEOUT_MS);
        ShmTransportFactory transport = ShmTransportFactory.create(options);
        try {
            assertEquals(TIMEOUT_MS, LockTimeout.get(), "the transport sets the process-wide bound");
            ShmMessage before = transport.createMessage(1024);
            lockAndDie(names.mainSegment());
            long start = System.nanoTime();
            // a size not in the transport's stock of chunks (1024 is: that one needs no lock)
            ShmTimeoutException e = assertThrows(ShmTimeoutException.class, () -> transport.createMessage(2048));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms >= TIMEOUT_MS - 5 && ms < TIMEOUT_MS + SLACK_MS, "bounded: " + ms + " ms");
            assertTrue(e.getMessage().startsWith("allocate 2048 bytes in \"" + names.mainSegment() + "\": its lock inside "
                    + "shared memory was not released within 400 ms: it is held by a process that may be dead"), e.getMessage());
            assertTrue(e.getMessage().endsWith("fairmq-shmmonitor --cleanup and restart the devices"), e.getMessage());

            // freeing the chunk needs the same lock: close defers it into the batch, whose flush is
            // bounded too, and reported
            before.close();
            assertThrows(ShmTimeoutException.class, transport::freeMemory);
        } finally {
            long closing = System.nanoTime();
            transport.close(); // the device counter is found under the index mutex, which is free
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing) < TIMEOUT_MS + SLACK_MS);
        }
        assertEquals(List.of(), shm.leftBesidesMutex(), "last out removed the segments");
    }
}
