package org.fairmq.transport.zeromq;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentHashMap;
import org.fairmq.bindings.ShmNative;

/**
 * The ByteBuffer one message hands out for its payload in libzmq's memory, made only when the
 * payload moved and cheap to make.
 *
 * <p>The buffer is the same object while the payload's address and size are (a message reused
 * for payloads that libzmq places at one of the last two addresses allocates nothing), and
 * {@link #stop()} sets its limit to 0 when the payload is released: a late access through it
 * throws instead of reaching freed memory. A buffer handed out again for a new payload at the same
 * address works again, over memory that this message owns once more.
 *
 * <p>Cheap: a JNI {@code NewDirectByteBuffer} costs some hundred nanoseconds, a
 * {@link ByteBuffer#slice(int, int)} of an existing direct buffer a few. So views are slices of
 * windows: direct buffers that start at a 1 GiB boundary of the address space and span 2 GiB - 1
 * bytes, made once per boundary at which frames are found (the native heap covers few), kept for
 * the life of the process, never handed out or accessed themselves. A slice is bounds-checked to
 * exactly its payload like a buffer of its own. Views of more than 1 GiB are JNI buffers of their
 * own. Not thread-safe (one per message); the windows are shared, thread-safe.
 */
final class PayloadView {
    private static final int WINDOW_SHIFT = 30;
    private static final long IN_WINDOW = (1L << WINDOW_SHIFT) - 1;
    private static final ConcurrentHashMap<Long, ByteBuffer> WINDOWS = new ConcurrentHashMap<>();

    // Two slots: a message reused in a ping-pong (inproc, same thread) alternates between two
    // addresses, since the allocator hands out the block the other message just released.
    private ByteBuffer view; // handed out last, or null
    private long address;
    private ByteBuffer previous; // handed out before, stopped
    private long previousAddress;
    private long windowIndex = -1;
    private ByteBuffer window;

    /**
     * The view of {@code size} (> 0) bytes at {@code address}: position 0, limit = capacity = size,
     * big-endian.
     */
    ByteBuffer of(long address, int size) {
        if (view == null || this.address != address || view.capacity() != size) {
            ByteBuffer other = previous;
            long otherAddress = previousAddress;
            previous = view;
            previousAddress = this.address;
            view = other != null && otherAddress == address && other.capacity() == size ? other : make(address, size);
            this.address = address;
        }
        return view.clear().order(ByteOrder.BIG_ENDIAN);
    }

    private ByteBuffer make(long address, int size) {
        long index = address >>> WINDOW_SHIFT;
        if (size > 1 << WINDOW_SHIFT || index == 0) {
            return ShmNative.directBuffer(address, size);
        }
        if (index != windowIndex) {
            window = WINDOWS.computeIfAbsent(index, i -> ShmNative.directBuffer(i << WINDOW_SHIFT, Integer.MAX_VALUE));
            windowIndex = index;
        }
        return window.slice((int) (address & IN_WINDOW), size);
    }

    /** The payload was released: the buffer handed out last stops working (limit 0; the one before already has). */
    void stop() {
        if (view != null) {
            view.limit(0);
        }
    }
}
