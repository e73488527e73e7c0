package org.fairmq.bench;

import java.util.HashMap;
import java.util.Map;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.protocol.ShmNames;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.ZmqBackedSocket;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.fairmq.transport.shmem.v110.V110Options;
import org.fairmq.transport.shmem.v110.V110TransportFactory;
import org.fairmq.transport.zeromq.ZmqTransportFactory;
import org.fairmq.zmq.Zmq;

/**
 * The {@code --key value} options of a transport benchmark side (the C++ peer's spelling), and the
 * transport and sockets they describe: {@code --transport shmem|zeromq}, {@code --prefix}, for the
 * v1.10 profile {@code --shm-protocol 1.10} with {@code --session},
 * {@code --segment-size}, {@code --hwm} (both high-water marks, default 1000) and
 * {@code --linger-ms}. A bad value is an {@link IllegalArgumentException} naming the option.
 */
final class BenchOptions {
    private final Map<String, String> values = new HashMap<>();

    /** The pairs {@code args[from..]}; throws when a key has no value. */
    BenchOptions(String[] args, int from) {
        if ((args.length - from) % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
        }
        for (int i = from; i < args.length; i += 2) {
            values.put(args[i], args[i + 1]);
        }
    }

    long number(String key, long otherwise) {
        String value = values.get(key);
        try {
            return value == null ? otherwise : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + value + "' for " + key);
        }
    }

    String text(String key, String otherwise) {
        return values.getOrDefault(key, otherwise);
    }

    String required(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        return value;
    }

    /** The transport of {@code --transport}, device id {@code java-bench}. */
    TransportFactory transport() {
        String kind = text("--transport", "shmem");
        switch (kind) {
            case "shmem":
                if (text("--shm-protocol", "2017").equals(ProtocolV110.VERSION)) {
                    // the v1.10 profile: --session names the session; a full segment is waited for
                    V110Options v110 = V110Options.defaults("java-bench", required("--session"))
                            .withSegmentSize(number("--segment-size", ProtocolV110.DEFAULT_SEGMENT_SIZE))
                            .withBadAlloc(-1, 1);
                    return V110TransportFactory.create(v110);
                }
                ShmNames names = ShmNames.withPrefix(text("--prefix", ShmNames.DEFAULT_PREFIX));
                return ShmTransportFactory.create(ShmOptions.defaults("java-bench").withNames(names)
                        .withSegmentSize(number("--segment-size", Protocol2017.DEFAULT_SEGMENT_SIZE)));
            case "zeromq":
                return ZmqTransportFactory.create("java-bench", 1);
            default:
                throw new IllegalArgumentException("bad value '" + kind + "' for --transport (shmem|zeromq)");
        }
    }

    /**
     * A socket with the high-water marks of {@code --hwm} and, if given, the linger of
     * {@code --linger-ms}, bound to or connected to {@code endpoint}; null (logged by the
     * transport) when that fails.
     */
    Socket open(TransportFactory transport, SocketType type, String name, String endpoint, boolean bind) {
        int hwm = (int) number("--hwm", 1000);
        Socket socket = transport.createSocket(type, name);
        socket.configure(hwm, hwm, 0, 0);
        if (values.containsKey("--linger-ms")) {
            // a sender that lingers only 1 s (4.3) may drop the tail and the end of stream of a busy receiver
            ((ZmqBackedSocket) socket).zmq().setInt(Zmq.LINGER, (int) number("--linger-ms", 0));
        }
        if (!(bind ? socket.bind(endpoint) : socket.connect(endpoint))) {
            socket.close();
            return null;
        }
        return socket;
    }
}
