package org.fairmq.zmq;

import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/**
 * A libzmq socket. The hot calls ({@link #send}, {@link #receive}) take native addresses (libzmq
 * copies) or a {@link ZmqFrame} (moved, no copy) and return a byte count or {@code -errno}, without
 * allocation. Not thread-safe (zmq sockets never are):
 * one thread at a time; {@link #close()} before the context terminates.
 *
 * <p>A send or receive that a signal interrupted inside libzmq ({@code EINTR}) is repeated here
 * (and in the one native call that receives without this class, jni/MetaHeaderReceiver.h), so no
 * caller ever sees it: in a JVM such signals come from the JVM itself (JFR's or a profiler's
 * sampler suspends threads with one), not from someone who wants the device to stop, which goes
 * through the transports' interrupt flag (README "Deliberate differences"; the 2017 reference
 * returns -1 for it).
 */
public final class ZmqSocket implements AutoCloseable {
    private final ShmNative.ZmqSocket socket;
    private final String id;
    private boolean closed;

    public ZmqSocket(ZmqContext context, int type, String id) {
        this.id = id;
        try {
            socket = new ShmNative.ZmqSocket(context.raw(), type, id);
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    public String id() {
        return id;
    }

    /** zmq_setsockopt of an int: 0 or errno. */
    public int setInt(int option, int value) {
        return socket.setInt(option, value);
    }

    /** zmq_setsockopt of a 64-bit integer (e.g. {@link Zmq#MAXMSGSIZE}): 0 or errno. */
    public int setLong(int option, long value) {
        return socket.setLong(option, value);
    }

    /** zmq_setsockopt of bytes: 0 or errno. */
    public int setBytes(int option, String value) {
        try {
            return socket.setBytes(option, value);
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    /** zmq_getsockopt of an int, -1 on error. */
    public int getInt(int option) {
        return socket.getInt(option);
    }

    /** zmq_bind: 0 or errno. */
    public int bind(String endpoint) {
        try {
            return socket.bind(endpoint);
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    /** zmq_connect: 0 or errno. */
    public int connect(String endpoint) {
        try {
            return socket.connect(endpoint);
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    /** The endpoint bound last, with the actual port for wildcard binds. */
    public String lastEndpoint() {
        try {
            return socket.lastEndpoint();
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    /** Sends {@code size} bytes at {@code address} as one frame: bytes sent or -errno. */
    public int send(long address, long size, int flags) {
        int n;
        do {
            n = socket.send(address, size, flags);
        } while (n == -Zmq.EINTR);
        return n;
    }

    /**
     * Hands {@code frame}'s content to libzmq (zmq_msg_send, no copy): its length, the frame then
     * empty; or -errno, the frame unchanged.
     */
    public long send(ZmqFrame frame, int flags) {
        long n;
        do {
            n = socket.sendFrame(frame.raw(), flags);
        } while (n == -Zmq.EINTR);
        return n;
    }

    /**
     * Receives one frame of any size into {@code frame} (zmq_msg_recv, no copy; its previous content
     * released): the length, or -errno with the frame empty.
     */
    public long receive(ZmqFrame frame, int flags) {
        long n;
        do {
            n = socket.receiveFrame(frame.raw(), flags);
        } while (n == -Zmq.EINTR);
        return n;
    }

    /** True if more parts of the current multipart message follow. */
    public boolean more() {
        return socket.more();
    }

    /** The native socket, for other native helpers of this module (the zmq package is not exported). */
    public ShmNative.ZmqSocket raw() {
        return socket;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            socket.closeSocket();
            socket.close();
        }
    }
}
