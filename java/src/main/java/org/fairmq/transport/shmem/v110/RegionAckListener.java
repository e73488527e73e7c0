package org.fairmq.transport.shmem.v110;

/**
 * Told about every region block whose last reference a process gave back (PROTOCOL-V110.md 4.5):
 * the region controller's per-block callback. Called on the region's acknowledgement thread, one
 * call per block, in the order the queue messages arrive (the blocks of one message in the order
 * the releasing process sent them, which is not FIFO, S21).
 */
@FunctionalInterface
public interface RegionAckListener {
    /** {@code offset}: the block's position in the region (regionBase + offset is C++'s {@code ptr}). */
    void acknowledged(long offset, long size, long hint);
}
