package org.fairmq.transport.shmem;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How often, and how long in all, allocations of one transport waited because its segment was full
 * (PROTOCOL.md 3.9, PROTOCOL-V110.md 3.10): one wait per allocation that could not be served at
 * once and retried, its time from the first failed attempt to the last attempt (successful or not).
 * Recorded on the slow path only (never per message, no allocation); thread-safe; values read from
 * any thread.
 */
public final class FullSegmentWaits {
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong totalNanos = new AtomicLong();

    /** Records one wait of {@code nanos} nanoseconds. */
    public void record(long nanos) {
        count.incrementAndGet();
        totalNanos.addAndGet(Math.max(0, nanos));
    }

    /** Allocations that waited so far. */
    public long count() {
        return count.get();
    }

    /** Their waiting time so far, in nanoseconds. */
    public long totalNanos() {
        return totalNanos.get();
    }
}
