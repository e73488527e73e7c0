package org.fairmq.transport.shmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fairmq.interop.CppDevice;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.transport.Poller;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.Transfer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the shmem transport holds back for speed, and that it always comes back: the sender's stock
 * of same-size chunks (jni/ChunkCache.h) and the receiver's batch of frees (jni/FreeBatch.h).
 * Free memory is read through a separate mapping of the segment ({@link #boostFree()}), as another
 * process (a monitor, a C++ device) sees it.
 */
class HeldBackChunksTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("heldback");

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ShmNames names;

    private ShmTransportFactory transport(long segmentSize) {
        names = ShmNames.withPrefix(shm.prefix());
        ShmTransportFactory factory = ShmTransportFactory.create(
                ShmOptions.defaults("java").withNames(names).withSegmentSize(segmentSize));
        toClose.add(0, factory);
        return factory;
    }

    /** Boost's free memory of the main segment, through a mapping of its own (what other processes see). */
    private long boostFree() {
        try (ManagedSegment observer = ManagedSegment.openOnly(names.mainSegment())) {
            return observer.freeMemory();
        }
    }

    private String ipc() {
        return "ipc:///tmp/" + shm.prefix() + "data.ipc";
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (names != null) {
            NamedMutex.remove(names.mutex());
        }
        assertEquals(List.of(), DevShm.leftWith(shm.prefix()));
    }

    @Test
    void shouldFreeTheSendersStockOnClose() {
        ShmTransportFactory receiver = transport(16 << 20); // keeps the segment after the sender leaves
        long free = boostFree();
        ShmTransportFactory sender = transport(16 << 20);
        sender.createMessage(1000).close(); // a size seen once: allocated alone
        assertEquals(0, sender.session().main().cachedBytes());
        sender.createMessage(1000).close(); // seen again: stocked; both chunks are in the batch of frees
        long stock = sender.session().main().cachedBytes();
        assertTrue(stock >= 31 * 1000, "a refill of 32 chunks: " + stock);
        assertEquals(stock, sender.heldBackBytes() - sender.session().main().pendingFreeBytes());
        assertEquals(free, sender.freeMemory(), "this process counts its stock and its pending frees as free");
        assertTrue(boostFree() <= free - stock, "others see them allocated");
        toClose.remove(sender);
        sender.close();
        assertEquals(free, boostFree(), "close gives the stock and the batch back");
        assertEquals(free, receiver.freeMemory());
    }

    /** Closes {@code count} new messages of {@code size} bytes: their chunks go into the batch of frees. */
    private static void closeNew(ShmTransportFactory t, int count, long size) {
        for (int i = 0; i < count; i++) {
            t.createMessage(size).close();
        }
    }

    @Test
    void shouldFreeInBatchesOf32() {
        ShmTransportFactory t = transport(16 << 20);
        ManagedSegment main = t.session().main();
        long free = boostFree();
        closeNew(t, 31, 100);
        long pending = main.pendingFreeBytes();
        assertTrue(pending >= 31 * 100, "31 chunks' blocks: " + pending);
        assertEquals(free - pending - main.cachedBytes(), boostFree(),
                "others see exactly the held-back blocks as allocated until the flush");
        closeNew(t, 1, 100);
        assertEquals(0, main.pendingFreeBytes(), "due at 32: freed together");
    }

    @Test
    void shouldGiveClosedChunksBackBeforeAReceiveWaits() throws Exception {
        ShmTransportFactory t = transport(16 << 20);
        var pull = t.createSocket(SocketType.PULL, "in");
        assertTrue(pull.bind(ipc()));
        var push = t.createSocket(SocketType.PUSH, "out");
        assertTrue(push.connect(ipc()));
        ManagedSegment main = t.session().main();
        try (ShmMessage in = t.createMessage()) {
            closeNew(t, 5, 2000);
            long pending = main.pendingFreeBytes();
            assertTrue(pending >= 5 * 2000, "five chunks pending: " + pending);
            assertEquals(Transfer.TIMEOUT, pull.tryReceive(in));
            assertEquals(pending, main.pendingFreeBytes(), "a receive that cannot wait does not flush");
            assertEquals(Transfer.TIMEOUT, pull.receive(in, 20));
            assertEquals(0, main.pendingFreeBytes(), "the timed receive gave them back before it waited");

            closeNew(t, 5, 2000);
            assertTrue(main.pendingFreeBytes() > 0);
            // a blocking receive (the native receiver) gives them back before it waits too
            var receiving = org.fairmq.testing.ThreadPerTask.supply(() -> pull.receive(in));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (main.pendingFreeBytes() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1); // polling for the event (the flush), leaving the cores to the receiver
            }
            assertEquals(0, main.pendingFreeBytes(), "the blocking receive flushed before it waited");
            try (ShmMessage out = t.createMessage(10)) {
                assertEquals(10, push.send(out));
            }
            assertEquals(10L, receiving.get());
        }
    }

    @Test
    void shouldGiveClosedChunksBackBeforeAPollWaits() {
        ShmTransportFactory t = transport(16 << 20);
        var pull = t.createSocket(SocketType.PULL, "in");
        assertTrue(pull.bind(ipc()));
        ManagedSegment main = t.session().main();
        try (Poller poller = t.createPoller(List.of(pull))) {
            closeNew(t, 3, 100);
            assertTrue(main.pendingFreeBytes() >= 3 * 100);
            assertEquals(0, poller.poll(0));
            assertTrue(main.pendingFreeBytes() > 0, "a poll that cannot wait does not flush");
            assertEquals(0, poller.poll(10));
            assertEquals(0, main.pendingFreeBytes(), "the poll gave them back before it waited");
        }
    }

    @Test
    void shouldGiveTheStockBackWhenTheSegmentIsFull() {
        ShmTransportFactory sender = transport(1 << 20);
        ShmTransportFactory other = transport(1 << 20); // another device on the same segment
        sender.createMessage(1024).close();
        sender.createMessage(1024).close(); // a stock of 1 KiB chunks (up to 16 KiB: a 64th of the segment)
        long stock = sender.session().main().cachedBytes();
        assertTrue(stock > 0);
        ManagedSegment otherMain = other.session().main();
        List<Long> filler = new ArrayList<>();
        for (long h; (h = otherMain.tryAllocate(4096)) >= 0;) {
            filler.add(h); // the segment is full but for the sender's stock and its pending frees
        }
        assertTrue(otherMain.freeMemory() < stock, "what is left is smaller than the stock");
        long large = stock; // fits once the stock (and the chunk before it, in the batch) are back: they are adjacent
        try (ShmMessage big = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> sender.createMessage(large))) {
            assertEquals(large, big.size(), "allocated without waiting for anyone else");
            assertEquals(0, sender.session().main().cachedBytes(), "the stock went back first");
        }
        filler.forEach(otherMain::deallocate);
    }

    @Test
    void shouldFreeReceivedChunksAfterTheCppSenderIsKilled() throws Exception {
        ShmTransportFactory java = transport(64 << 20);
        long free = boostFree();
        var pull = java.createSocket(SocketType.PULL, "data[0]");
        assertTrue(pull.bind(ipc()));
        // the sender is killed once it has sent everything and holds its socket: killed inside Boost's
        // allocator it would leave the segment's (non-robust) mutex locked for good (PROTOCOL.md 1.3),
        // which only the monitor's cleanup mends
        try (CppDevice cpp = CppDevice.start(InteropBinaries.device(), List.of("--role", "push", "--endpoint", ipc(),
                "--method", "connect", "--transport", "shmem", "--prefix", shm.prefix(), "--segment-size",
                Long.toString(64 << 20), "--num-msgs", "200", "--size", "4096", "--hold-ms", "60000"));
                ShmMessage in = java.createMessage()) {
            for (int i = 0; i < 20; i++) {
                assertEquals(4096, pull.receive(in, 10_000), "message " + i);
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (cpp.output().stream().noneMatch(l -> l.startsWith("SUMMARY")) && System.nanoTime() < deadline) {
                Thread.sleep(5); // waiting for the event "all sent" (polled output), not a fixed time
            }
            cpp.process().destroyForcibly();
            cpp.process().waitFor();
            // what was in flight keeps arriving; receive it all (each chunk was allocated by the dead sender)
            int received = 20;
            while (pull.receive(in, 500) == 4096) {
                assertEquals(4096, in.data().remaining());
                received++;
            }
            assertTrue(received > 20, "messages of the dead sender still arrived: " + received);
            in.rebuild(); // the last one: into the batch
            assertTrue(java.session().main().pendingFreeBytes() > 0);
            assertEquals(Transfer.TIMEOUT, pull.receive(in, 20));
            assertEquals(0, java.session().main().pendingFreeBytes(), "the timed-out receive flushed");
            assertEquals(0, java.session().main().refusedFrees(), "every chunk was freed as it should");
            assertTrue(java.session().main().checkSanity());
            // chunks still queued inside the dead sender's process died with it (as in C++)
            assertTrue(boostFree() <= free);
        }
        toClose.remove(java);
        java.close();
        // the killed device never detached: remove the segments as the monitor would
        assertTrue(ManagedSegment.remove(names.mainSegment()));
        assertTrue(ManagedSegment.remove(names.managementSegment()));
    }
}
