package org.fairmq.transport.shmem;

import java.util.concurrent.atomic.LongAdder;
import org.fairmq.ipc.ManagedSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload state of one {@link ShmMessage}, kept apart from the message so that the Cleaner can
 * report a chunk whose message was forgotten (the action must not reach the message itself).
 * Confined to the message's thread until the Cleaner runs, when the message is unreachable.
 *
 * <p>The Cleaner reports and counts, it never frees: a buffer from {@code data()} may outlive its
 * message and still reach the chunk; a free from the Cleaner thread could overlap the segment's
 * unmapping; and a process that exits while that thread is inside Boost's allocator would leave the
 * segment's (non-robust) internal mutex locked for every other process. A forgotten chunk stays
 * allocated until the segment is removed, like a chunk a C++ device forgets.
 */
final class Chunk implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Chunk.class);

    /** No payload: sent as a zero-length frame. */
    static final int EMPTY = 0;
    /** A main-segment chunk this message owns: freed on close, rebuild and receive-into. */
    static final int OWNED = 1;
    /** Sent: ownership went with the frame; sending again sends an empty frame (3.4). */
    static final int SENT = 2;
    /** A region payload: never freed by the transport (3.4). */
    static final int REGION = 3;

    final ManagedSegment segment;
    private final LongAdder leaks;
    int state = EMPTY;
    long handle;
    long size;
    long regionId;

    /** {@code leaks} counts the chunks reported by the Cleaner (the transport's counter). */
    Chunk(ManagedSegment segment, LongAdder leaks) {
        this.segment = segment;
        this.leaks = leaks;
    }

    /**
     * Frees the chunk if this message still owns it (into the segment's free batch: it goes back with
     * the next flush, validated there; a chunk someone else freed meanwhile, named by a duplicated or
     * forged frame too, is refused and logged then), and becomes empty.
     */
    void release() {
        if (state == OWNED && segment.isOpen()) {
            segment.deallocateBatched(handle, size);
        }
        state = EMPTY;
        handle = 0;
        size = 0;
        regionId = 0;
    }

    /** The Cleaner's action: a message was dropped without close(). Reports, never frees (see above). */
    @Override
    public void run() {
        if (state == OWNED) {
            leaks.increment();
            LOG.warn("shmem: a message of {} bytes (handle {}) in \"{}\" was dropped without close(); its chunk stays"
                    + " allocated until the segment is removed", size, handle, segment.name());
        }
    }
}
