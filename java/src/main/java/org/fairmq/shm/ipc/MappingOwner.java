package org.fairmq.shm.ipc;

import java.nio.ByteBuffer;

/**
 * Open/closed state and buffer views shared by the owners of a mapping (segments, regions).
 * {@link #close()} first invalidates every buffer handed out, then releases the native object.
 * Not thread-safe: close must not race with other calls on the same owner.
 */
abstract class MappingOwner implements AutoCloseable {
    private final String kind;
    private final String name;
    private ScopedMemory views;
    private boolean closed;

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
        if (views == null) {
            views = new ScopedMemory();
        }
        return views.view(address, size);
    }

    /** Releases the native object; called once, after every view was invalidated. */
    abstract void release();

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (views != null) {
            views.close();
        }
        release();
    }

    @Override
    public String toString() {
        return kind + " \"" + name + "\"" + (closed ? " (closed)" : "");
    }
}
