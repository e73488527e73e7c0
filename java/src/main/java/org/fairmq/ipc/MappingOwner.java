package org.fairmq.ipc;

import java.nio.ByteBuffer;

/**
 * Open/closed state and buffer views shared by the owners of a mapping (segments, regions).
 * {@link #close()} first invalidates every buffer handed out, then releases the native object.
 *
 * <p>Thread-safety: buffers may be requested from any thread, also while another thread closes:
 * the one scope of the views is created and closed under this object's lock, so a view is either
 * made before the close (and invalidated by it) or refused with {@link IllegalStateException};
 * close happens once. Native operations of the subclasses must still not race with close (they
 * check {@link #isOpen()} first, which cannot hold the mapping).
 */
abstract class MappingOwner implements AutoCloseable {
    /** How long close waits for an access in progress in another thread before it refuses to unmap. */
    private static final long CLOSE_PATIENCE_MS = 1000;

    private final String kind;
    private final String name;
    private volatile ScopedMemory views;
    private volatile boolean closed;

    MappingOwner(String kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    /** The object's name, e.g. {@code fairmq_shmem_main}. */
    public final String name() {
        return name;
    }

    public final boolean isOpen() {
        return !closed;
    }

    final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(kind + " \"" + name + "\" is closed");
        }
    }

    final ByteBuffer view(long address, long size) {
        ensureOpen();
        if (size == 0) {
            return ByteBuffer.allocateDirect(0); // nothing to protect; foreign segments cannot be empty
        }
        ScopedMemory scope = views;
        if (scope == null) {
            scope = createViews();
        }
        return scope.view(address, size); // a scope closed meanwhile refuses: IllegalStateException
    }

    private synchronized ScopedMemory createViews() {
        ensureOpen();
        if (views == null) {
            views = new ScopedMemory();
        }
        return views;
    }

    /** Releases the native object; called once, after every view was invalidated. */
    abstract void release();

    @Override
    public final void close() {
        ScopedMemory scope;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            scope = views;
        }
        if (scope != null && !scope.close(CLOSE_PATIENCE_MS)) {
            // unmapping now could crash the JVM in that thread: keep the mapping, say so
            throw new IllegalStateException(this + ": a buffer of it is still being accessed by another thread after "
                    + CLOSE_PATIENCE_MS + " ms; left mapped");
        }
        release();
    }

    @Override
    public String toString() {
        return kind + " \"" + name + "\"" + (closed ? " (closed)" : "");
    }
}
