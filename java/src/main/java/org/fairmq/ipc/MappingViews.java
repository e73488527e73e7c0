package org.fairmq.ipc;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.fairmq.bindings.ShmNative;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-copy ByteBuffer views of one mapping, and what a view does after the mapping closed.
 * This is the implementation for JDK 17 to 21; the multi-release jar carries one for JDK 22 and
 * later under {@code META-INF/versions/22} (java.lang.foreign), with the same members.
 *
 * <p>Design (README "One jar for JDK 17, 21 and 25"): views are slices of a few direct buffers
 * over the whole mapping ("windows"). {@link #close} has the native side replace the mapped range,
 * in place, by a mapping of an empty file ({@code VacatedRange.h}): a late access through a view
 * no longer reaches the shared memory, it raises SIGBUS, which HotSpot turns into an
 * {@link InternalError} in the accessing thread, at the access or soon after it, as for a
 * truncated {@link java.nio.MappedByteBuffer}. The range stays reserved, so a late access can never
 * land in another mapping, until no view is reachable any more: every slice keeps its window
 * reachable, a {@link Cleaner} sees the last window go, and only then is the native object
 * released (its destructor unmaps the placeholder). Nothing per view is tracked.
 *
 * <p>Thread-safe: views may be made in any thread, also while another one closes (a view made
 * from a window after the close is as safe as any other late view).
 */
final class MappingViews {
    /** What a late access throws with this implementation. */
    static final Class<? extends Throwable> LATE_ACCESS_ERROR = InternalError.class;
    /** The design's name, for logs and tests. */
    static final String DESIGN = "vacated range (JDK 17+)";

    private static final Logger log = LoggerFactory.getLogger(MappingViews.class);
    private static final Cleaner RELEASER = Cleaner.create(r -> {
        Thread t = new Thread(r, "fairmq-mapping-release");
        t.setDaemon(true);
        return t;
    });
    /** Windows start every 1 GiB and span up to 2 GiB - 1 bytes, so any view up to 1 GiB fits one. */
    private static final int WINDOW_SHIFT = 30;

    private final String owner;
    private final long address;
    private final long size;
    private final Vacate vacate;
    private final Runnable release;
    /** Windows, created on first use; the array is dropped at close so that they can go. */
    private volatile AtomicReferenceArray<ByteBuffer> windows;
    /** Reachable windows and own buffers, plus one for the open mapping itself. */
    private final AtomicInteger holds = new AtomicInteger(1);

    /** Replaces the mapped range by the placeholder; 0 or errno. */
    interface Vacate {
        int vacate();
    }

    /**
     * Views of {@code size} bytes mapped at {@code address}; {@code vacate} and {@code release}
     * are the owner's native calls (each called once: vacate at close, release when nothing of
     * the mapping is reachable any more, possibly in a cleaner thread).
     */
    MappingViews(String owner, long address, long size, Vacate vacate, Runnable release) {
        this.owner = owner;
        this.address = address;
        this.size = size;
        this.vacate = vacate;
        this.release = release;
        this.windows = new AtomicReferenceArray<>((int) ((size >>> WINDOW_SHIFT) + 1));
    }

    /** A view of {@code bytes} bytes at {@code offset} (checked by the caller against the mapping). */
    ByteBuffer view(long offset, int bytes) {
        AtomicReferenceArray<ByteBuffer> ws = windows;
        if (ws == null) {
            throw new IllegalStateException(owner + " is closed");
        }
        int w = (int) (offset >>> WINDOW_SHIFT);
        long start = (long) w << WINDOW_SHIFT;
        long inWindow = offset - start;
        if (inWindow + bytes <= Math.min(Integer.MAX_VALUE, size - start)) {
            ByteBuffer window = ws.get(w);
            if (window == null) {
                window = createWindow(ws, w, start);
            }
            return window.slice((int) inWindow, bytes);
        }
        return ownBuffer(offset, bytes); // a view over 1 GiB that crosses windows
    }

    // Creation is under the lock that close takes to drop the windows: no buffer is made after
    // close, when the release may already have unmapped the range.

    private synchronized ByteBuffer createWindow(AtomicReferenceArray<ByteBuffer> ws, int w, long start) {
        if (windows == null) {
            throw new IllegalStateException(owner + " is closed");
        }
        ByteBuffer window = ws.get(w);
        if (window == null) {
            int length = (int) Math.min(Integer.MAX_VALUE, size - start);
            window = held(ShmNative.directBuffer(address + start, length));
            ws.set(w, window);
        }
        return window;
    }

    private synchronized ByteBuffer ownBuffer(long offset, int bytes) {
        if (windows == null) {
            throw new IllegalStateException(owner + " is closed");
        }
        return held(ShmNative.directBuffer(address + offset, bytes));
    }

    private ByteBuffer held(ByteBuffer buffer) {
        holds.incrementAndGet();
        RELEASER.register(buffer, this::drop);
        return buffer;
    }

    private void drop() {
        if (holds.decrementAndGet() == 0) {
            try {
                release.run();
            } catch (RuntimeException e) {
                log.error("{}: releasing the vacated mapping failed", owner, e);
            }
        }
    }

    /**
     * Makes every view fail from now on and schedules the release. Returns at once: no access in
     * progress can reach the shared memory after the range is vacated, so there is nothing to wait
     * for. If the kernel refuses the placeholder, the mapping stays as it is until no view is
     * reachable (late accesses then still reach the shared memory; logged as an error).
     */
    void close(long patienceMs) {
        synchronized (this) {
            windows = null;
        }
        int errno = vacate.vacate();
        if (errno != 0) {
            log.error("{}: could not replace the mapping by a placeholder (errno {}); it stays mapped until no buffer"
                    + " of it is reachable", owner, errno);
        }
        drop(); // the open mapping's own hold
    }
}
