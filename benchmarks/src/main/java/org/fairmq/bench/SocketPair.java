package org.fairmq.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;

/**
 * A connected push/pull pair in this process for the round-trip benchmarks: {@code inproc} (one
 * transport, as inproc requires: pass the same factory twice) or {@code ipc} (a socket file in
 * the temporary directory, removed on close). Owns the two sockets, not the transports.
 */
final class SocketPair implements AutoCloseable {
    final Socket push;
    final Socket pull;
    private final Path ipcFile;

    /** Binds the receiving side's PULL, connects the sending side's PUSH; {@code name} makes the address unique. */
    SocketPair(TransportFactory sending, TransportFactory receiving, String endpoint, String name) {
        String address;
        if ("inproc".equals(endpoint)) {
            ipcFile = null;
            address = "inproc://" + name;
        } else {
            ipcFile = Path.of(System.getProperty("java.io.tmpdir"), name + ".ipc");
            address = "ipc://" + ipcFile;
        }
        pull = receiving.createSocket(SocketType.PULL, "data[0]");
        if (!pull.bind(address)) {
            throw new IllegalStateException("cannot bind " + address);
        }
        push = sending.createSocket(SocketType.PUSH, "data[0]");
        if (!push.connect(address)) {
            throw new IllegalStateException("cannot connect " + address);
        }
    }

    @Override
    public void close() {
        push.close();
        pull.close();
        if (ipcFile != null) {
            try {
                Files.deleteIfExists(ipcFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
