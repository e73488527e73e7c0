package org.fairmq.transport.shmem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.fairmq.ipc.ManagedSegment;

/**
 * The payload views of main-segment chunks, kept per (handle, size) so that a stream of messages
 * whose chunks the allocator hands out again (as it does in steady state) makes no view, and no
 * garbage, per message. Direct-mapped: {@value #SLOTS} slots, a new chunk replaces the view in
 * its slot (the old view stays valid for whoever still holds it).
 *
 * <p>A cached view is handed to every message that owns that chunk later: it is the same object,
 * reset to position 0, limit = capacity = size, big-endian. Only one message owns a chunk at a
 * time, so only a buffer kept past its message's send, rebuild or close (which the
 * {@link org.fairmq.transport.Message#data()} contract forbids) can see another message's reset.
 * Views are of the segment's mapping ({@link ManagedSegment#buffer}): unusable once it is closed.
 *
 * <p>Thread-safe: slots hold immutable entries, published by a plain write (a racing reader sees
 * an older entry or the new one, each complete).
 */
final class ChunkViews {
    static final int SLOTS = 1024;
    private static final int SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(SLOTS);

    private final ManagedSegment segment;
    private final Entry[] slots = new Entry[SLOTS];

    ChunkViews(ManagedSegment segment) {
        this.segment = segment;
    }

    /** The view of the chunk, reset; made (and checked against the segment) on a miss only. */
    ByteBuffer view(long handle, long size) {
        int slot = (int) ((handle * 0x9E3779B97F4A7C15L) >>> SHIFT);
        Entry entry = slots[slot];
        if (entry == null || entry.handle != handle || entry.size != size) {
            entry = new Entry(handle, size, segment.buffer(handle, size));
            slots[slot] = entry;
        }
        return reset(entry.view);
    }

    /** A payload view as {@code Message.data()} hands it out: position 0, limit = capacity, big-endian. */
    static ByteBuffer reset(ByteBuffer view) {
        view.clear();
        return view.order(ByteOrder.BIG_ENDIAN);
    }

    private static final class Entry {
        final long handle;
        final long size;
        final ByteBuffer view;

        Entry(long handle, long size, ByteBuffer view) {
            this.handle = handle;
            this.size = size;
            this.view = view;
        }
    }
}
