package org.fairmq.ipc;

import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative110;

/**
 * The reference-count segment {@code fmq_<shmId>_rrc_<regionId>} of a v1.10 region
 * (PROTOCOL-V110.md 4.4): 16-bit RefCounts of copied region messages, allocated from Boost's node
 * pool of {@code node_allocator<RefCount, SM, 4096>} exactly as the C++ peers do. A handle from
 * another process must pass {@link #isPlausible} first (bounds and alignment: a pool node has no
 * header to check further).
 *
 * <p>Ownership: owns its mapping; closing unmaps, {@link ManagedSegment#remove} removes the name.
 * Thread-safety: {@link #allocate}, {@link #addReference}, {@link #release} from any thread.
 */
public final class RefCountSegment implements AutoCloseable {
    private final String name;
    private final ShmNative110.RefCountSegment segment;
    private boolean closed;

    private RefCountSegment(OpenMode mode, String name, long size) {
        this.name = name;
        try {
            this.segment = new ShmNative110.RefCountSegment(mode.code, name, size);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public static RefCountSegment openOrCreate(String name, long size) {
        return new RefCountSegment(OpenMode.OPEN_OR_CREATE, name, size);
    }

    public String name() {
        return name;
    }

    public long size() {
        return segment.size();
    }

    public long freeMemory() {
        return segment.freeMemory();
    }

    /** A new RefCount of {@code initial}: its handle, -1 when the segment is full, -2 on a lock timeout. */
    public long allocate(int initial) {
        return segment.allocateCount(initial);
    }

    public boolean isPlausible(long handle) {
        return segment.isPlausible(handle);
    }

    public int count(long handle) {
        return segment.count(handle);
    }

    /** The new count, or -1 at 65535. */
    public int addReference(long handle) {
        return segment.addReference(handle);
    }

    /** 1 if this was the last reference (the node is freed), 0 if others remain, -2 on a lock timeout. */
    public int release(long handle) {
        return segment.release(handle);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            segment.close();
        }
    }
}
