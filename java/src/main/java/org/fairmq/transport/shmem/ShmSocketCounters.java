package org.fairmq.transport.shmem;

/**
 * What a shmem socket of either profile counts: messages and payload bytes each way (the fields the
 * socket updates anyway) and the frames it dropped, by cause. Written by the socket's thread only;
 * readable from any thread (a metrics scrape, a rate logger), where a value is at most a moment old.
 */
public interface ShmSocketCounters {
    /** The socket's identity, {@code <transport id>.<name>.<type>} (PROTOCOL.md 4.4). */
    String id();

    /** Messages sent (a multipart message counts once). */
    long messagesSent();

    /** Messages received (a multipart message counts once; dropped frames not counted). */
    long messagesReceived();

    /** Payload bytes sent (MetaHeaders not counted). */
    long bytesSent();

    /** Payload bytes received (MetaHeaders not counted). */
    long bytesReceived();

    /** The frames this socket dropped as invalid, by {@link FrameRejection}. */
    RejectedFrames rejectedFrames();
}
