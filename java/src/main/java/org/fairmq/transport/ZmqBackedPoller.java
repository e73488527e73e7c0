package org.fairmq.transport;

import java.util.List;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqPoller;

/** A {@link Poller} over libzmq-backed sockets, with the events of each socket's type (4.2, 4.8). */
public final class ZmqBackedPoller implements Poller {
    private static final Runnable NOTHING = () -> {};

    private final ZmqPoller poller = new ZmqPoller();
    private final int count;
    private final Runnable beforeWait;

    public ZmqBackedPoller(List<? extends Socket> sockets) {
        this(sockets, NOTHING);
    }

    /** {@code beforeWait} runs before every poll that may wait (timeout not 0), in the polling thread. */
    public ZmqBackedPoller(List<? extends Socket> sockets, Runnable beforeWait) {
        this.beforeWait = beforeWait;
        for (Socket socket : sockets) {
            if (!(socket instanceof ZmqBackedSocket)) {
                throw new IllegalArgumentException("cannot poll " + socket);
            }
            poller.add(((ZmqBackedSocket) socket).zmq(), socket.type().pollEvents());
        }
        count = sockets.size();
    }

    @Override
    public int poll(long timeoutMs) {
        if (timeoutMs != 0) {
            beforeWait.run();
        }
        int n = poller.poll(timeoutMs);
        return Math.max(n, 0);
    }

    @Override
    public boolean checkInput(int index) {
        check(index);
        return (poller.fired(index) & Zmq.POLLIN) != 0;
    }

    @Override
    public boolean checkOutput(int index) {
        check(index);
        return (poller.fired(index) & Zmq.POLLOUT) != 0;
    }

    private void check(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("poller has " + count + " sockets, no index " + index);
        }
    }

    @Override
    public void close() {
        poller.close();
    }
}
