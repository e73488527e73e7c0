package org.fairmq.transport.shmem.v110;

import java.util.concurrent.atomic.LongAdder;
import org.fairmq.ipc.DataSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload state of one {@link V110Message}: which chunk reference (or none) it holds. Kept
 * apart from the message so that a Cleaner can report a reference whose message was forgotten;
 * the Cleaner only reports, never releases (as the 2017 transport's {@code Chunk}, for the same
 * reasons: a buffer may still reach the chunk, and a release from the Cleaner thread could race the
 * unmapping). Confined to the message's thread until the Cleaner runs.
 */
final class ChunkReference implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkReference.class);

    /** No buffer: sent with handle -1. */
    static final int EMPTY = 0;
    /** One reference to a managed chunk: released on close, rebuild and receive-into. */
    static final int OWNED = 1;
    /** Sent: the reference went with the frame; nothing to release. */
    static final int SENT = 2;
    /** One reference to a block of a region: released by an acknowledgement or a RefCount (3.9). */
    static final int REGION = 3;

    private final LongAdder leaks;
    int state = EMPTY;
    DataSegment segment;
    int segmentId;
    long handle = -1;
    long size;
    long dataOffset;
    /** Region messages: the region, hint, RefCount handle (-1: not shared) and its segment when no rrc. */
    RegionAccess region;
    long hint;
    long shared = -1;

    ChunkReference(LongAdder leaks) {
        this.leaks = leaks;
    }

    /** Gives the reference back (3.9) if this message holds one, then becomes empty. */
    void release(Session session) {
        if (state == REGION) {
            releaseRegionBlock(session);
        } else if (state == OWNED && segment.isOpen()) {
            int answer = segment.release(handle);
            if (answer < 0) {
                LOG.warn("shmem: could not free chunk {} of {} ({}); it stays allocated until the segment is removed",
                        handle, segment.name(), answer == -2 ? "its allocator lock was held too long" : "Boost refused it");
            }
        }
        clear();
    }

    /**
     * 3.9: an unshared block is acknowledged at once; a shared one when its RefCount (in rrc, or a
     * 2-byte chunk in managed segment {@link #segmentId}) drops from 1.
     */
    private void releaseRegionBlock(Session session) {
        boolean last;
        if (shared < 0) {
            last = true;
        } else if (region.refCounts() != null) {
            last = region.refCounts().release(shared) == 1;
        } else {
            DataSegment counts = session.segment(segmentId);
            last = counts != null && counts.release(shared) == 1;
        }
        if (last) {
            region.acks().add(handle, size, hint);
        }
    }

    void clear() {
        state = EMPTY;
        region = null;
        hint = 0;
        shared = -1;
        segment = null;
        handle = -1;
        size = 0;
        dataOffset = 0;
    }

    @Override
    public void run() {
        if (state == OWNED || state == REGION) {
            leaks.increment();
            LOG.warn("shmem: a message of {} bytes (chunk {} of segment {}) was dropped without close(); its reference"
                    + " is never given back, the chunk stays allocated until the segment is removed", size, handle,
                    segmentId);
        }
    }
}
