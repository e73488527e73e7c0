package org.fairmq.transport;

import java.nio.ByteBuffer;

/**
 * Memory owned by the application from which zero-copy messages are made (PROTOCOL.md 3.10). The
 * transport never frees region payloads. Closing removes the region (shmem) or frees it (zeromq);
 * receivers that mapped it keep their mapping. Thread-safe except for close.
 */
public interface UnmanagedRegion extends AutoCloseable {
    /** The whole region, zero copy. */
    ByteBuffer data();

    long size();

    @Override
    void close();
}
