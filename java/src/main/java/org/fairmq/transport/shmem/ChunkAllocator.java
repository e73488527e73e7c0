package org.fairmq.transport.shmem;

import java.util.concurrent.locks.LockSupport;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.ShmOutOfMemoryException;
import org.fairmq.transport.InterruptFlag;
import org.fairmq.transport.TransportInterruptedException;

/**
 * Allocates payload chunks, waiting while the main segment is full until receivers free memory
 * (PROTOCOL.md 3.9). Chunks come from this process's stock of same-size chunks ({@link
 * ManagedSegment#tryAllocateCached}); when the segment is full, the stock and this process's
 * pending frees go back before any wait. The reference sleeps 50 ms between attempts; we spin briefly, then back off
 * from 10 us doubling up to that 50 ms, so a sender resumes within microseconds of a free. A
 * request larger than the whole segment is an immediate error (the reference blocks forever, D12).
 * A segment lock that is not released in time ends the wait too: {@link ManagedSegment#tryAllocate}
 * throws {@link org.fairmq.ipc.ShmTimeoutException} (a peer may have died holding it). Each
 * wait is counted with its duration ({@link FullSegmentWaits}), on the slow path only.
 * Thread-safe.
 */
final class ChunkAllocator {
    private static final int SPINS = 64;
    private static final long FIRST_WAIT_NS = 10_000;
    private static final long MAX_WAIT_NS = 50_000_000;

    private final ManagedSegment segment;
    private final InterruptFlag interrupt;
    private final FullSegmentWaits waits = new FullSegmentWaits();

    ChunkAllocator(ManagedSegment segment, InterruptFlag interrupt) {
        this.segment = segment;
        this.interrupt = interrupt;
    }

    FullSegmentWaits waits() {
        return waits;
    }

    /** A chunk's handle; blocks while the segment is full. */
    long allocate(long size) {
        long handle = segment.tryAllocateCached(size);
        if (handle >= 0) {
            return handle;
        }
        // full: first what this process holds back (its stock of chunks, its pending frees)
        segment.releaseCachedChunks();
        segment.flushFrees();
        handle = segment.tryAllocate(size);
        if (handle >= 0) {
            return handle;
        }
        if (size > segment.size()) {
            throw new ShmOutOfMemoryException("cannot allocate " + size + " bytes in shared memory segment \""
                    + segment.name() + "\" of " + segment.size() + " bytes: larger than the segment");
        }
        long start = System.nanoTime();
        try {
            return waitForMemory(size);
        } finally {
            waits.record(System.nanoTime() - start);
        }
    }

    private long waitForMemory(long size) {
        long waitNs = FIRST_WAIT_NS;
        for (int attempt = 0;; attempt++) {
            if (interrupt.isSet()) {
                throw new TransportInterruptedException("allocation of " + size + " bytes in \"" + segment.name()
                        + "\" abandoned: the transport was interrupted while the segment was full");
            }
            if (attempt < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(waitNs);
                waitNs = Math.min(waitNs * 2, MAX_WAIT_NS);
            }
            long handle = segment.tryAllocate(size);
            if (handle >= 0) {
                return handle;
            }
        }
    }
}
