package org.fairmq.transport;

import java.util.Locale;

/** The transports of PROTOCOL.md 0 (nanomsg is out of scope). */
public enum TransportType {
    ZEROMQ,
    SHMEM;

    /** The option string, e.g. {@code shmem}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransportType parse(String text) {
        for (TransportType type : values()) {
            if (type.text().equals(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown transport \"" + text + "\" (expected zeromq or shmem)");
    }
}
