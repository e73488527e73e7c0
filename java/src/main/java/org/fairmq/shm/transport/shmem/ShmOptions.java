package org.fairmq.shm.transport.shmem;

import java.util.Objects;
import org.fairmq.shm.protocol.Protocol2017;
import org.fairmq.shm.protocol.ShmNames;

/**
 * Options of a shmem transport (PROTOCOL.md 6.1): {@code --shm-segment-name},
 * {@code --shm-segment-size}, {@code --io-threads}, plus our {@code --shm-prefix}, and the
 * transport id used in socket identities (4.4). Immutable.
 *
 * @param id          transport id, first part of socket identities
 * @param names       object names (prefix and main segment name)
 * @param segmentSize main segment size when it is created
 * @param ioThreads   zmq I/O threads of the transport's context
 */
public record ShmOptions(String id, ShmNames names, long segmentSize, int ioThreads) {
    public ShmOptions {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(names, "names");
        if (segmentSize <= 0) {
            throw new IllegalArgumentException("shm-segment-size must be positive, got " + segmentSize);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("io-threads must not be negative, got " + ioThreads);
        }
    }

    /** The reference defaults: names {@code fairmq_shmem_*}, 2 000 000 000 bytes, 1 I/O thread. */
    public static ShmOptions defaults(String id) {
        return new ShmOptions(id, ShmNames.reference(), Protocol2017.DEFAULT_SEGMENT_SIZE, 1);
    }

    public ShmOptions withNames(ShmNames newNames) {
        return new ShmOptions(id, newNames, segmentSize, ioThreads);
    }

    public ShmOptions withSegmentSize(long size) {
        return new ShmOptions(id, names, size, ioThreads);
    }

    public ShmOptions withIoThreads(int threads) {
        return new ShmOptions(id, names, segmentSize, threads);
    }
}
