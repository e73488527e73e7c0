package org.fairmq.zmq;

import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/** zmq_poll over a fixed set of sockets. Not thread-safe. */
public final class ZmqPoller implements AutoCloseable {
    private final ShmNative.ZmqPoller poller;

    public ZmqPoller() {
        try {
            poller = new ShmNative.ZmqPoller();
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    /** Watches {@code socket} for {@code events} (POLLIN/POLLOUT bits); returns its index. */
    public int add(ZmqSocket socket, int events) {
        int index = poller.add(socket.raw(), events);
        if (index < 0) {
            throw new ZmqException("poller full: at most 256 sockets");
        }
        return index;
    }

    /** Sockets with events, 0 on timeout, -errno on error. */
    public int poll(long timeoutMs) {
        return poller.poll(timeoutMs);
    }

    /** The events that fired on socket {@code index} in the last poll. */
    public int fired(int index) {
        return poller.fired(index);
    }

    @Override
    public void close() {
        poller.close();
    }
}
