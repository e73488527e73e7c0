package org.fairmq.shm.transport.shmem;

import org.fairmq.shm.ipc.ManagedSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload state of one {@link ShmMessage}, kept apart from the message so that the Cleaner can
 * free a chunk whose message was forgotten (the action must not reach the message itself).
 * Confined to the message's thread until the Cleaner runs, when the message is unreachable.
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
    int state = EMPTY;
    long handle;
    long size;
    long regionId;

    Chunk(ManagedSegment segment) {
        this.segment = segment;
    }

    /** Frees the chunk if this message still owns it, and becomes empty. */
    void release() {
        if (state == OWNED && segment.isOpen()) {
            segment.deallocate(handle);
        }
        state = EMPTY;
        handle = 0;
        size = 0;
        regionId = 0;
    }

    /** The Cleaner's action: a message was dropped without close(). */
    @Override
    public void run() {
        if (state == OWNED && segment.isOpen()) {
            LOG.warn("shmem: a message of {} bytes (handle {}) in \"{}\" was not closed; freed by the cleaner", size,
                    handle, segment.name());
            try {
                segment.deallocate(handle);
            } catch (RuntimeException e) {
                LOG.warn("shmem: cleaner could not free handle {}: {}", handle, e.getMessage());
            }
        }
        state = EMPTY;
    }
}
