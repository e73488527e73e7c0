package org.fairmq.zmq;

import java.util.concurrent.atomic.AtomicLong;
import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/**
 * The kernel-side connections of one zmq socket, seen through {@code zmq_socket_monitor}: lets a
 * sender keep its connections open after {@code zmq_close} until the peers have read what is queued
 * in the kernel, because libzmq 4.3.4 drops the unread tail of an {@code ipc://} connection when
 * the sender hangs up while the receiver's pipe is at its high-water mark (see
 * {@code jni/ConnectionWatch.h} and the README, "A normal end loses nothing").
 *
 * <p>Ownership: created with its socket, before bind/connect; {@link #close()} after the socket's
 * {@code zmq_close} and before the context terminates. Not thread-safe: the socket's thread only.
 */
public final class ZmqConnectionWatch implements AutoCloseable {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final ShmNative.ZmqConnectionWatch watch;
    private boolean closed;

    /** Starts monitoring {@code socket} (CONNECTED, ACCEPTED, DISCONNECTED events). */
    public ZmqConnectionWatch(ZmqContext context, ZmqSocket socket) {
        String endpoint = "inproc://fairmq-connections-" + SEQUENCE.incrementAndGet() + "-" + socket.id();
        try {
            watch = new ShmNative.ZmqConnectionWatch(context.raw(), socket.raw(), endpoint);
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    /** Reads pending connection events (cheap when there are none); the number of live connections. */
    public int poll() {
        return closed ? 0 : watch.poll();
    }

    /**
     * Keeps every live connection open by a duplicate of its file descriptor, so that the socket's
     * own close does not hang up yet; the number held.
     */
    public int hold() {
        return closed ? 0 : watch.hold();
    }

    /** Non-zero while the peers of the held connections have not read (ipc) or acknowledged (tcp) everything. */
    public long unreadBytes() {
        return closed ? 0 : watch.unreadBytes();
    }

    /**
     * Payload bytes the peers have not taken yet, for reports: ipc, what waits in the peer's
     * receive queue (sock_diag; {@link #unreadBytes()} of a Unix socket counts kernel buffer memory);
     * tcp, the unacknowledged bytes.
     */
    public long unreadPayloadBytes() {
        return closed ? 0 : watch.unreadPayloadBytes();
    }

    /** How many held connections libzmq has let go of (its queue flushed into the kernel, or dropped). */
    public int released() {
        return closed ? 0 : watch.released();
    }

    /** The number of connections held by {@link #hold()}. */
    public int held() {
        return closed ? 0 : watch.heldCount();
    }

    /** Closes the duplicates: the peers see the hang-up (once libzmq has closed its descriptors too). */
    public void releaseHeld() {
        if (!closed) {
            watch.releaseHeld();
        }
    }

    /** Releases what is held and closes the monitor's reader socket. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            watch.releaseHeld();
            watch.closeReader();
            watch.close();
        }
    }
}
