package org.fairmq.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The open sockets of one transport, so that closing the transport closes them before its context
 * terminates (zmq_ctx_term waits for every socket), and the watchers told of every socket as it
 * opens and closes (metrics). Watchers cost nothing per message: they hear of opens and closes only.
 * Thread-safe.
 */
public final class SocketRegistry {
    /** Told of sockets as they open and close; called on the thread that opens or closes the socket. */
    public interface Watcher {
        void opened(Socket socket);

        void closed(Socket socket);
    }

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

    /** Makes a socket with {@code maker}, handing it the callback that unregisters it on close. */
    public <S extends Socket> S register(Function<Runnable, S> maker) {
        Object[] self = new Object[1];
        S socket = maker.apply(() -> unregister((Socket) self[0]));
        self[0] = socket;
        synchronized (this) {
            sockets.add(socket);
            watchers.forEach(w -> w.opened(socket));
        }
        return socket;
    }

    private synchronized void unregister(Socket socket) {
        if (sockets.remove(socket)) {
            watchers.forEach(w -> w.closed(socket));
        }
    }

    /**
     * Tells {@code watcher} of every socket open now and of every socket opened or closed from now
     * on; running the returned action stops that (it closes no socket).
     */
    public synchronized Runnable watch(Watcher watcher) {
        sockets.forEach(watcher::opened);
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** Closes every socket still open. */
    public void closeAll() {
        for (Socket socket : new ArrayList<>(sockets)) {
            socket.close();
        }
    }
}
