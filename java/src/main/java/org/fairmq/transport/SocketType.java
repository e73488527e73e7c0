package org.fairmq.transport;

import java.util.Locale;
import org.fairmq.zmq.Zmq;

/** FairMQ socket types and their zmq mapping (PROTOCOL.md 4.2). */
public enum SocketType {
    PAIR(0, Zmq.POLLIN | Zmq.POLLOUT),
    PUB(1, Zmq.POLLOUT),
    SUB(2, Zmq.POLLIN),
    REQ(3, Zmq.POLLIN | Zmq.POLLOUT),
    REP(4, Zmq.POLLIN | Zmq.POLLOUT),
    DEALER(5, Zmq.POLLIN | Zmq.POLLOUT),
    ROUTER(6, Zmq.POLLIN | Zmq.POLLOUT),
    PULL(7, Zmq.POLLIN),
    PUSH(8, Zmq.POLLOUT),
    XPUB(9, Zmq.POLLOUT),
    XSUB(10, Zmq.POLLIN);

    private final int zmqType;
    private final int pollEvents;

    SocketType(int zmqType, int pollEvents) {
        this.zmqType = zmqType;
        this.pollEvents = pollEvents;
    }

    /** The zmq socket type constant. */
    public int zmqType() {
        return zmqType;
    }

    /** The events a poller registers for this type (4.2, 4.8). */
    public int pollEvents() {
        return pollEvents;
    }

    /** The FairMQ type string, e.g. {@code push}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Fan-out types deliver one frame to several receivers (D19). */
    public boolean isFanOut() {
        return this == PUB || this == SUB || this == XPUB || this == XSUB;
    }

    /** Parses a FairMQ type string; the message is the reference's "Invalid channel type". */
    public static SocketType parse(String text) {
        for (SocketType type : values()) {
            if (type.text().equals(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Invalid channel type: \"" + text + "\"");
    }
}
