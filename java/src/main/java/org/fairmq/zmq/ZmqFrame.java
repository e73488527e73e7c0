package org.fairmq.zmq;

import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/**
 * One libzmq message ({@code zmq_msg_t}) in native memory, always valid: empty, or holding content
 * that libzmq allocated ({@link #rebuild(long)}, a receive), shares ({@link #copyFrom}) or
 * borrows from its owner ({@link #rebuildOver}). Every call that changes the content releases the
 * previous one first; {@link ZmqSocket#send(ZmqFrame, int)} hands it to libzmq and leaves the
 * frame empty; {@link #close()} releases what is left and frees the frame. Calls return 0 or an
 * errno instead of throwing, and allocate nothing on the Java heap. Not thread-safe.
 */
public final class ZmqFrame implements AutoCloseable {
    private final ShmNative.ZmqFrame frame;

    public ZmqFrame() {
        try {
            frame = new ShmNative.ZmqFrame();
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    /** Releases the content: the frame is empty. */
    public void rebuild() {
        frame.rebuild();
    }

    /** Releases the content and allocates {@code size} bytes (zmq_msg_init_size): 0 or errno (then empty). */
    public int rebuild(long size) {
        return frame.rebuild(size);
    }

    /**
     * Releases the content and takes {@code size} bytes at {@code address} without a copy
     * (zmq_msg_init_data): libzmq marks {@code release} when it no longer reads them, possibly in
     * one of its I/O threads. The memory must stay valid until then. 0 or errno (then empty, and
     * {@code release} is never marked).
     */
    public int rebuildOver(long address, long size, ZmqRelease release) {
        return frame.rebuildOver(address, size, release.raw());
    }

    /** Releases the content and shares {@code source}'s (zmq_msg_copy: by value up to 33 bytes): 0 or errno. */
    public int copyFrom(ZmqFrame source) {
        return frame.copyFrom(source.frame);
    }

    /** Address of the payload, valid until the content changes. */
    public long data() {
        return frame.data();
    }

    public long size() {
        return frame.size();
    }

    ShmNative.ZmqFrame raw() {
        return frame;
    }

    /** Releases the content and frees the frame. Idempotent; no other call is allowed afterwards. */
    @Override
    public void close() {
        frame.close();
    }
}
