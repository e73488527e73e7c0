package org.fairmq.transport;

import java.nio.ByteBuffer;

/**
 * A FairMQ message of one transport. Owns its payload until it is sent (then the receiver owns it)
 * or closed (then it is freed). Messages are reusable: {@link #rebuild} releases the old payload
 * and starts over, which keeps the hot path free of garbage. Not thread-safe.
 */
public interface Message extends AutoCloseable {
    /** Payload size in bytes (0 for an empty message). */
    long size();

    /**
     * The payload, zero copy where the transport allows; an empty buffer for a message without
     * payload. Position 0 and limit = capacity = size at every call; it may be the same object at
     * every call (the shmem transport's is, so that a view costs nothing per message), so keep the
     * buffer rather than a position in it. Valid until the message is closed, rebuilt, sent, or its
     * transport closed, never after.
     */
    ByteBuffer data();

    /** Releases the payload (if still owned) and becomes an empty message. */
    void rebuild();

    /** Releases the payload (if still owned) and allocates a new one of {@code size} bytes. */
    void rebuild(long size);

    /** Replaces this (empty) message's content by a copy of {@code source}'s payload (3.8). */
    void copy(Message source);

    /** The transport this message belongs to. */
    TransportType transportType();

    /** Releases the payload if still owned. Idempotent. */
    @Override
    void close();
}
