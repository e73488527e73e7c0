package org.fairmq.transport.zeromq;

import java.nio.ByteBuffer;
import org.fairmq.transport.Message;
import org.fairmq.transport.TransportType;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqFrame;

/**
 * A zeromq-transport message: the payload is the content of its own libzmq message
 * ({@code zmq_msg_t}, {@link ZmqFrame}), so nothing is copied on the way (PROTOCOL.md 7).
 *
 * <p>Ownership, as in the C++ reference: {@link #rebuild(long)} allocates a frame
 * ({@code zmq_msg_init_size}); a successful send hands it to libzmq and leaves this message
 * <em>empty</em> (size 0; sending it again sends a zero-length frame); a receive releases what the
 * message held and takes the received frame (a failed receive leaves it empty); {@link #rebuild},
 * {@link #copy} and {@link #close} release first. libzmq counts references, so every frame is
 * released exactly once, by whoever drops it last. {@link #copy} of a zeromq message shares the
 * content ({@code zmq_msg_copy}; by value up to 33 bytes), as the reference does (3.8): a change
 * through one message's buffer is then visible in the other.
 *
 * <p>{@link #data()}: a direct buffer over the frame's bytes ({@link PayloadView}): the same object
 * while the payload stays at one of its last two addresses (position 0, limit = capacity = size,
 * big-endian at each call), else a cheap slice; steady-state reuse of one message allocates
 * nothing on the Java heap. The buffer is valid until the message is sent, rebuilt, received
 * into, copied into or closed, exactly as {@code GetData()} in C++. At each of these its limit is
 * set to 0, so a late {@code get}/{@code put} through that very buffer throws
 * {@link IndexOutOfBoundsException} (or a Buffer*Exception) instead of reaching freed memory.
 * <b>Remaining risk:</b> buffers derived from it before ({@code duplicate}, {@code slice},
 * {@code asLongBuffer}, ...) and an access already past its bounds check in another thread are not
 * stopped: they read or write the native heap where libzmq's frame was (never the Java object
 * heap), as a dangling pointer in C++ would; so does a buffer still used after its message was
 * dropped without {@link #close()} and collected (a view keeps no reference to its message). Keep
 * buffers no longer than the message's content.
 *
 * <p>A message dropped without {@link #close()} releases its frame when it is garbage-collected
 * (JavaCPP's deallocator): nothing leaks. Not thread-safe.
 */
public final class ZmqMessage implements Message {
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocateDirect(0);
    private static final long NO_ADDRESS = -1;

    private ZmqFrame frame; // null once closed; made again if the message is used after close
    private long size;
    private long address = NO_ADDRESS; // of the payload, read from the frame once per payload
    private final PayloadView view = new PayloadView();
    private boolean lent; // the frame was made over user memory (LentBuffers)

    ZmqMessage() {
        frame = new ZmqFrame();
    }

    ZmqMessage(long size) {
        this();
        rebuild(size);
    }

    /** A zeromq copy of another transport's message (3.11). */
    static ZmqMessage copyOf(Message source) {
        ZmqMessage copy = new ZmqMessage(source.size());
        copy.data().put(source.data());
        return copy;
    }

    private static void checkSize(long size) {
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("zeromq message size out of range: " + size);
        }
    }

    /** The frame, for the socket; a closed message gets a new, empty one. */
    ZmqFrame frame() {
        if (frame == null) {
            frame = new ZmqFrame();
        }
        return frame;
    }

    /** The payload changed to {@code newSize} bytes: the old buffer from {@link #data()} stops working. */
    private void changed(long newSize) {
        size = newSize;
        address = NO_ADDRESS;
        view.stop();
    }

    /** After a successful send: libzmq owns the content, the frame is empty. */
    void sent() {
        changed(0);
    }

    /** After a receive into {@link #frame()}: its length, or 0 after a failure (the frame is then empty). */
    void received(long length) {
        changed(Math.max(0, length));
    }

    /** Makes this message a frame over {@code buffer}'s remaining bytes, without a copy (LentBuffers). */
    void lend(ByteBuffer buffer) {
        changed(0);
        LentBuffers.lend(frame(), buffer);
        lent = true;
        changed(buffer.remaining());
    }

    @Override
    public long size() {
        return size;
    }

    /** The payload (see the class comment for how long it is valid); an empty buffer when there is none. */
    @Override
    public ByteBuffer data() {
        if (size == 0) {
            return NO_PAYLOAD;
        }
        if (address == NO_ADDRESS) {
            address = frame.data();
        }
        return view.of(address, (int) size);
    }

    @Override
    public void rebuild() {
        frame().rebuild();
        changed(0);
    }

    @Override
    public void rebuild(long size) {
        checkSize(size);
        int errno = frame().rebuild(size);
        changed(0);
        if (errno != 0) {
            throw new OutOfMemoryError("zeromq: cannot allocate a message of " + size + " bytes: " + Zmq.strerror(errno));
        }
        changed(size);
    }

    /** Shares a zeromq source's frame (3.8), copies another transport's payload. */
    @Override
    public void copy(Message source) {
        if (source instanceof ZmqMessage zmqSource) {
            if (zmqSource.size == 0) {
                rebuild();
                return;
            }
            int errno = frame().copyFrom(zmqSource.frame);
            changed(0);
            if (errno != 0) {
                throw new IllegalStateException("zeromq: cannot copy a message: " + Zmq.strerror(errno));
            }
            changed(zmqSource.size);
            return;
        }
        rebuild(source.size());
        data().put(source.data());
    }

    @Override
    public TransportType transportType() {
        return TransportType.ZEROMQ;
    }

    @Override
    public void close() {
        if (frame == null) {
            return;
        }
        frame.close();
        frame = null;
        changed(0);
        if (lent) {
            lent = false;
            LentBuffers.settle();
        }
    }
}
