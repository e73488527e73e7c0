package org.fairmq.transport.shmem.v110;

import org.fairmq.ipc.DataSegment;
import org.fairmq.ipc.ShmTimeoutException;
import org.fairmq.transport.InterruptFlag;
import org.fairmq.transport.shmem.FullSegmentWaits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allocation with the v1.10 full-segment policy (PROTOCOL-V110.md 3.10): a message larger than the
 * segment fails at once; a full segment is retried every {@code --bad-alloc-attempt-interval} ms up
 * to the attempt limit (default 1, -1 forever), with the reference's warning at the first failure
 * when more attempts follow; an interrupt ends the waiting with the same error. An allocation that
 * retried is counted with its time from the first failure ({@link FullSegmentWaits}). Thread-safe.
 */
final class ChunkAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkAllocator.class);

    private final DataSegment segment;
    private final InterruptFlag interrupt;
    private final int attempts;
    private final long intervalMs;
    private final FullSegmentWaits waits = new FullSegmentWaits();

    ChunkAllocator(DataSegment segment, InterruptFlag interrupt, int attempts, long intervalMs) {
        this.segment = segment;
        this.interrupt = interrupt;
        this.attempts = attempts;
        this.intervalMs = intervalMs;
    }

    FullSegmentWaits waits() {
        return waits;
    }

    /** The handle of a new chunk for {@code size} user bytes, or {@link MessageBadAllocException}. */
    long allocate(long size, long alignment) {
        long full = DataSegment.fullSize(size, alignment);
        if (size < 0 || full > segment.size()) {
            throw new MessageBadAllocException("Requested message size (" + full + ") exceeds segment size ("
                    + segment.size() + ")");
        }
        long waitStart = 0;
        try {
            for (int attempt = 1;; attempt++) {
                long handle = segment.allocate(size, alignment);
                if (handle >= 0) {
                    return handle;
                }
                if (handle == DataSegment.LOCK_TIMED_OUT) {
                    throw new ShmTimeoutException("cannot allocate " + size + " bytes in " + segment.name()
                            + ": its allocator lock is held by another process for too long, which may be dead");
                }
                String failure = "shmem: could not create a message of size " + size + ", alignment: "
                        + Math.max(alignment, 16) + ", free memory: " + segment.freeMemory();
                if (attempts >= 0 && attempt >= attempts) {
                    throw new MessageBadAllocException(failure);
                }
                if (attempt == 1) {
                    waitStart = System.nanoTime();
                    if (attempts > 1) {
                        LOG.warn("{}. Will try {} more times, in {}ms intervals", failure, attempts - 1, intervalMs);
                    }
                }
                try {
                    Thread.sleep(intervalMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MessageBadAllocException(failure);
                }
                if (interrupt.isSet()) {
                    throw new MessageBadAllocException(failure);
                }
            }
        } finally {
            if (waitStart != 0) {
                waits.record(System.nanoTime() - waitStart);
            }
        }
    }
}
