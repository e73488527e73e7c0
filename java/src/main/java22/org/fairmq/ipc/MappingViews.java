package org.fairmq.ipc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The zero-copy ByteBuffer views of one mapping, for JDK 22 and later (java.lang.foreign; the
 * multi-release jar's {@code META-INF/versions/22}). Same members as the JDK 17 implementation.
 *
 * <p>Views are slices of one memory segment over the whole mapping whose lifetime is a shared
 * {@link Arena}. {@link #close} closes the arena, after which every view throws
 * {@link IllegalStateException} at once, in every thread, and only then releases the native object
 * (which unmaps). Closing a shared arena waits for accesses in progress to end; should one
 * not end within the patience, close refuses and the mapping stays.
 *
 * <p>Thread-safe: views may be made in any thread, also while another one closes (a view of a
 * closed arena is refused with IllegalStateException).
 */
final class MappingViews {
    /** What a late access throws with this implementation. */
    static final Class<? extends Throwable> LATE_ACCESS_ERROR = IllegalStateException.class;
    /** The design's name, for logs and tests. */
    static final String DESIGN = "java.lang.foreign arena (JDK 22+)";

    private final String owner;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment mapping;
    private final Runnable release;

    /** Replaces the mapped range by the placeholder; 0 or errno (not needed here). */
    interface Vacate {
        int vacate();
    }

    MappingViews(String owner, long address, long size, Vacate vacate, Runnable release) {
        this.owner = owner;
        this.mapping = MemorySegment.ofAddress(address).reinterpret(size, arena, null);
        this.release = release;
    }

    /** A view of {@code bytes} bytes at {@code offset} (checked by the caller against the mapping). */
    ByteBuffer view(long offset, int bytes) {
        return mapping.asSlice(offset, bytes).asByteBuffer();
    }

    /**
     * Invalidates every view, then releases the native object. Throws IllegalStateException, and
     * leaves the mapping in place, if another thread is still inside an access after
     * {@code patienceMs}.
     */
    void close(long patienceMs) {
        long deadline = System.nanoTime() + patienceMs * 1_000_000;
        while (arena.scope().isAlive()) {
            try {
                arena.close();
            } catch (IllegalStateException accessInProgress) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(owner + ": a buffer of it is still being accessed by another thread"
                            + " after " + patienceMs + " ms; left mapped");
                }
                Thread.onSpinWait();
            }
        }
        release.run();
    }
}
