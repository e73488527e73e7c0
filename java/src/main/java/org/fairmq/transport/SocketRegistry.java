package org.fairmq.transport;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The open sockets of one transport, so that closing the transport closes them before its context
 * terminates (zmq_ctx_term waits for every socket). Thread-safe.
 */
public final class SocketRegistry {
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    /** Makes a socket with {@code maker}, handing it the callback that unregisters it on close. */
    public <S extends Socket> S register(Function<Runnable, S> maker) {
        Object[] self = new Object[1];
        S socket = maker.apply(() -> sockets.remove(self[0]));
        self[0] = socket;
        sockets.add(socket);
        return socket;
    }

    /** Closes every socket still open. */
    public void closeAll() {
        for (Socket socket : new ArrayList<>(sockets)) {
            socket.close();
        }
    }
}
