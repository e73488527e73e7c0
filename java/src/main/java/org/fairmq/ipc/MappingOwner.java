package org.fairmq.ipc;

import java.nio.ByteBuffer;

/**
 * Open/closed state and buffer views shared by the owners of a mapping (segments, regions).
 * {@link #close()} first makes every buffer handed out unusable, then releases the native object
 * (see {@link MappingViews} for how, per JDK: a late access throws, never reaches the shared
 * memory and never another mapping).
 *
 * <p>Thread-safety: buffers may be requested from any thread, also while another thread closes:
 * the views are created under this object's lock and closed once, so a buffer is either made
 * before the close (and made unusable by it) or refused with {@link IllegalStateException}. Native
 * operations of the subclasses must still not race with close (they check {@link #isOpen()}
 * first, which cannot hold the mapping).
 */
abstract class MappingOwner implements AutoCloseable {
    /** How long close waits for an access in progress in another thread before it refuses to unmap. */
    private static final long CLOSE_PATIENCE_MS = 1000;

    private final String kind;
    private final String name;
    private volatile MappingViews views;
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

    /** A view of {@code bytes} bytes at {@code offset} from the mapping's start (range checked by the caller). */
    final ByteBuffer view(long offset, long bytes) {
        ensureOpen();
        if (bytes == 0) {
            return ByteBuffer.allocateDirect(0); // nothing to protect
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a ByteBuffer holds at most " + Integer.MAX_VALUE + " bytes, not " + bytes);
        }
        MappingViews v = views;
        if (v == null) {
            v = createViews();
        }
        return v.view(offset, (int) bytes); // views closed meanwhile refuse: IllegalStateException
    }

    private synchronized MappingViews createViews() {
        ensureOpen();
        if (views == null) {
            views = new MappingViews(toString(), mappingAddress(), mappingSize(), this::vacate, this::release);
        }
        return views;
    }

    /** Where this process maps the object, and how many bytes. */
    abstract long mappingAddress();

    abstract long mappingSize();

    /** Replaces this process's mapping by the empty-file placeholder (VacatedRange.h): 0 or errno. */
    abstract int vacate();

    /** Releases the native object (and unmaps); called once, when no buffer can reach the mapping. */
    abstract void release();

    /** Called once by {@link #close()} while the mapping is still open and usable; nothing by default. */
    void beforeClose() {}

    @Override
    public final void close() {
        MappingViews v;
        synchronized (this) {
            if (closed) {
                return;
            }
            beforeClose();
            closed = true;
            v = views;
        }
        if (v == null) {
            release();
        } else {
            v.close(CLOSE_PATIENCE_MS); // releases now or once no buffer is reachable, per implementation
        }
    }

    @Override
    public String toString() {
        return kind + " \"" + name + "\"" + (closed ? " (closed)" : "");
    }
}
