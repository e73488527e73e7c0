package org.fairmq.transport;

import java.util.List;

/**
 * A FairMQ socket of one transport. Return conventions of PROTOCOL.md 4.6: bytes (payload bytes for
 * shmem) on success, {@link Transfer#TIMEOUT} (-2) on would-block/timeout/interrupt,
 * {@link Transfer#ERROR} (-1) on errors. Blocking calls wait across the internal 700 ms socket
 * timeouts until success or {@link #interrupt()}. Not thread-safe (one thread per socket).
 */
public interface Socket extends AutoCloseable {
    /** {@code <transport id>.<name>.<type>} (4.4). */
    String id();

    SocketType type();

    /** Binds; false (logged) on failure. */
    boolean bind(String endpoint);

    /** Connects; false (logged) on failure. */
    boolean connect(String endpoint);

    /** The endpoint bound last, with the actual port. */
    String lastEndpoint();

    long send(Message message);

    /** Waits at most {@code timeoutMs}; -2 if the peer did not take it in time. */
    long send(Message message, long timeoutMs);

    /** One attempt, never blocks: -2 if it would block. */
    long trySend(Message message);

    long receive(Message message);

    long receive(Message message, long timeoutMs);

    long tryReceive(Message message);

    /** Sends all parts as one multipart message; returns the sum of sizes; -1 for an empty list. */
    long send(List<? extends Message> parts);

    /** Appends the parts of one multipart message to {@code parts}; returns the sum of sizes. */
    long receive(List<Message> parts);

    long receive(List<Message> parts, long timeoutMs);

    /** HWMs and kernel buffer sizes as at channel attach (4.3, steps 6-9); 0 buffer sizes are not set. */
    void configure(int sndHwm, int rcvHwm, int sndKernelSize, int rcvKernelSize);

    /** Makes blocking calls of this transport give up with -2 (or -1 for shmem sends, D14). */
    void interrupt();

    void resume();

    long bytesSent();

    long bytesReceived();

    long messagesSent();

    long messagesReceived();

    /** Received frames this socket dropped as invalid (shmem: see {@code RejectedFrames}); 0 if it never drops any. */
    default long framesRejected() {
        return 0;
    }

    /** The dropped frames by cause, e.g. {@code "not an allocated chunk: 2, unknown region: 1"}; {@code "none"}. */
    default String framesRejectedByCause() {
        return "none";
    }

    @Override
    void close();
}
