package org.fairmq.transport.shmem;

import java.util.Objects;
import org.fairmq.ipc.LockTimeout;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.protocol.ShmNames;

/**
 * Options of a shmem transport (PROTOCOL.md 6.1): {@code --shm-segment-name},
 * {@code --shm-segment-size}, {@code --io-threads}, plus our {@code --shm-prefix},
 * {@code --shm-lock-timeout-ms} and {@code --shm-reserve}, and the transport id used in socket
 * identities (4.4). Immutable.
 *
 * @param id            transport id, first part of socket identities
 * @param names         object names (prefix and main segment name)
 * @param segmentSize   main segment size when it is created
 * @param ioThreads     zmq I/O threads of the transport's context
 * @param lockTimeoutMs bound on waiting for a lock inside shared memory (process-wide, {@link LockTimeout})
 * @param reserve       allocate every page of the main segment at start-up, or fail there
 * @param monitor       {@code --shm-monitor}: start {@code fairmq-shmmonitor --self-destruct} for these names
 *                      if no monitor watches them ({@link MonitorSpawn}, our extension)
 */
public record ShmOptions(String id, ShmNames names, long segmentSize, int ioThreads, long lockTimeoutMs,
        boolean reserve, boolean monitor) {
    public ShmOptions {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(names, "names");
        if (segmentSize <= 0) {
            throw new IllegalArgumentException("shm-segment-size must be positive, got " + segmentSize);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("io-threads must not be negative, got " + ioThreads);
        }
        if (lockTimeoutMs <= 0) {
            throw new IllegalArgumentException("shm-lock-timeout-ms must be positive, got " + lockTimeoutMs);
        }
    }

    /** With the default lock timeout, no reservation and no monitor. */
    public ShmOptions(String id, ShmNames names, long segmentSize, int ioThreads) {
        this(id, names, segmentSize, ioThreads, LockTimeout.DEFAULT_MS, false, false);
    }

    /** The reference defaults: names {@code fairmq_shmem_*}, 2 000 000 000 bytes, 1 I/O thread. */
    public static ShmOptions defaults(String id) {
        return new ShmOptions(id, ShmNames.reference(), Protocol2017.DEFAULT_SEGMENT_SIZE, 1);
    }

    public ShmOptions withNames(ShmNames newNames) {
        return new ShmOptions(id, newNames, segmentSize, ioThreads, lockTimeoutMs, reserve, monitor);
    }

    public ShmOptions withSegmentSize(long size) {
        return new ShmOptions(id, names, size, ioThreads, lockTimeoutMs, reserve, monitor);
    }

    public ShmOptions withIoThreads(int threads) {
        return new ShmOptions(id, names, segmentSize, threads, lockTimeoutMs, reserve, monitor);
    }

    public ShmOptions withLockTimeoutMs(long ms) {
        return new ShmOptions(id, names, segmentSize, ioThreads, ms, reserve, monitor);
    }

    public ShmOptions withReserve(boolean reserveSpace) {
        return new ShmOptions(id, names, segmentSize, ioThreads, lockTimeoutMs, reserveSpace, monitor);
    }

    public ShmOptions withMonitor(boolean startMonitor) {
        return new ShmOptions(id, names, segmentSize, ioThreads, lockTimeoutMs, reserve, startMonitor);
    }
}
