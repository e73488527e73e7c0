package org.fairmq.transport;

import java.util.List;

/**
 * Creates messages, sockets, pollers and regions of one transport; owns the transport's zmq
 * context and (shmem) its shared-memory session. Close it after every socket and message made
 * with it. Creation methods are thread-safe.
 */
public interface TransportFactory extends AutoCloseable {
    /** The transport's id, the first part of its sockets' identities (4.4). */
    String id();

    TransportType type();

    /** An empty message (to receive into, or to send as an empty frame). */
    Message createMessage();

    /** A message with a payload of {@code size} bytes (contents unspecified). */
    Message createMessage(long size);

    /**
     * A message of {@code size} bytes whose payload starts at a multiple of {@code alignment} (0: the
     * transport's own). Transports that cannot promise more than 16 bytes refuse larger alignments.
     */
    default Message createMessage(long size, long alignment) {
        if (alignment > 16) {
            throw new UnsupportedOperationException(type().text() + " messages cannot be aligned to " + alignment
                    + " bytes (16 at most)");
        }
        return createMessage(size);
    }

    /** A message holding a copy of {@code data}'s remaining bytes. */
    Message createMessage(java.nio.ByteBuffer data);

    /** A zero-copy message of {@code size} bytes at {@code offset} in {@code region}. */
    Message createMessage(UnmanagedRegion region, long offset, long size);

    UnmanagedRegion createRegion(long size);

    /** A socket named {@code name} (e.g. {@code data[0]}); identity {@code <id>.<name>.<type>}. */
    Socket createSocket(SocketType type, String name);

    /** A poller over sockets of this transport. */
    Poller createPoller(List<? extends Socket> sockets);

    /**
     * How long closing a sending socket made from now on may wait for its peers to read what it
     * sent (README, "A normal end loses nothing"); 0 closes at once, as libzmq alone does.
     */
    void setDrainTimeout(long timeoutMs);

    /**
     * Gives back what the transport holds back for speed (shmem: its stock of same-size chunks and
     * the chunks of closed messages not yet freed, which a receive or poll also gives back before
     * it waits); nothing for zeromq. A device calls it when it leaves RUNNING. Thread-safe.
     */
    default void releaseHeldBackMemory() {}

    /** Interrupts blocking calls of every socket and allocation of this transport. */
    void interrupt();

    void resume();

    @Override
    void close();
}
