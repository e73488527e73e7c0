package org.fairmq.transport.shmem.v110;

import java.util.Objects;
import org.fairmq.ipc.LockTimeout;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;

/**
 * Options of a v1.10 shmem transport, as modern FairMQ devices spell them (PROTOCOL-V110.md 7.1),
 * with their defaults. Immutable.
 *
 * @param id                      transport id (the device id): first part of socket identities (5.4)
 * @param session                 {@code --session}, recorded in SessionInfo by the creator
 * @param shmId                   from {@code --shmid} or the session and the euid (1.1)
 * @param segmentId               {@code --shm-segment-id}: the segment this transport allocates in
 * @param segmentSize             {@code --shm-segment-size}, used if this transport creates the segment
 * @param allocation              {@code --shm-allocation}: {@link ProtocolV110#RBTREE_BEST_FIT} or {@link ProtocolV110#SIMPLE_SEQ_FIT}
 * @param ioThreads               {@code --io-threads}
 * @param badAllocMaxAttempts     attempts before a full segment fails: -1 infinite (3.10)
 * @param badAllocAttemptIntervalMs {@code --bad-alloc-attempt-interval}
 * @param metadataMsgSize         {@code --shm-metadata-msg-size} (3.4)
 * @param noCleanup               {@code --shm-no-cleanup}
 * @param monitor                 {@code --shm-monitor}
 * @param mlockSegment            {@code --shm-mlock-segment}
 * @param mlockSegmentOnCreation  {@code --shm-mlock-segment-on-creation}
 * @param zeroSegment             {@code --shm-zero-segment}
 * @param zeroSegmentOnCreation   {@code --shm-zero-segment-on-creation}
 * @param lockTimeoutMs           bound on waiting for a lock inside shared memory (our extension)
 */
public record V110Options(String id, String session, ShmId shmId, int segmentId, long segmentSize, int allocation,
        int ioThreads, int badAllocMaxAttempts, long badAllocAttemptIntervalMs, int metadataMsgSize, boolean noCleanup,
        boolean monitor, boolean mlockSegment, boolean mlockSegmentOnCreation, boolean zeroSegment,
        boolean zeroSegmentOnCreation, long lockTimeoutMs) {
    public V110Options {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(shmId, "shmId");
        if (segmentId < 0 || segmentId > 0xffff) {
            throw new IllegalArgumentException("shm-segment-id must be a 16-bit unsigned number, got " + segmentId);
        }
        if (segmentSize <= 0) {
            throw new IllegalArgumentException("shm-segment-size must be positive, got " + segmentSize);
        }
        if (allocation != ProtocolV110.RBTREE_BEST_FIT && allocation != ProtocolV110.SIMPLE_SEQ_FIT) {
            throw new IllegalArgumentException("unknown allocation algorithm " + allocation);
        }
        if (metadataMsgSize < 0) {
            throw new IllegalArgumentException("shm-metadata-msg-size must not be negative, got " + metadataMsgSize);
        }
        if (badAllocAttemptIntervalMs < 0) {
            throw new IllegalArgumentException("bad-alloc-attempt-interval must not be negative");
        }
    }

    /** The defaults of 7.1 for {@code session} under this process's euid. */
    public static V110Options defaults(String id, String session) {
        return new V110Options(id, session, ShmId.ofSession(session), 0, ProtocolV110.DEFAULT_SEGMENT_SIZE,
                ProtocolV110.RBTREE_BEST_FIT, 1, ProtocolV110.DEFAULT_BAD_ALLOC_ATTEMPTS,
                ProtocolV110.BAD_ALLOC_ATTEMPT_INTERVAL_MS, 0, false, false, false, false, false, false,
                LockTimeout.DEFAULT_MS);
    }

    /**
     * 2.1 step 2: the algorithm of an {@code --shm-allocation} text, or the reference's error.
     */
    public static int parseAllocation(String text) {
        int index = ProtocolV110.ALLOCATION_NAMES.indexOf(text);
        if (index < 0) {
            throw new IllegalArgumentException("Provided shared memory allocation algorithm '" + text
                    + "' is not supported. Supported are 'rbtree_best_fit'/'simple_seq_fit'");
        }
        return index;
    }

    /**
     * 3.10 step 2: the attempt limit from {@code --shm-throw-bad-alloc} and {@code --bad-alloc-max-attempts}
     * (null when not given): -1 (infinite) if throwing is off, else the given attempts (0 acts as 1), else 1.
     */
    public static int attemptLimit(boolean throwBadAlloc, Integer maxAttempts) {
        if (!throwBadAlloc) {
            return -1;
        }
        if (maxAttempts == null) {
            return ProtocolV110.DEFAULT_BAD_ALLOC_ATTEMPTS;
        }
        return maxAttempts < 0 ? -1 : Math.max(1, maxAttempts);
    }

    public SessionNames names() {
        return new SessionNames(shmId);
    }

    public V110Options withSegment(int id, long size, int algorithm) {
        return new V110Options(this.id, session, shmId, id, size, algorithm, ioThreads, badAllocMaxAttempts,
                badAllocAttemptIntervalMs, metadataMsgSize, noCleanup, monitor, mlockSegment, mlockSegmentOnCreation,
                zeroSegment, zeroSegmentOnCreation, lockTimeoutMs);
    }

    public V110Options withSegmentSize(long size) {
        return withSegment(segmentId, size, allocation);
    }

    public V110Options withMetadataMsgSize(int size) {
        return new V110Options(id, session, shmId, segmentId, segmentSize, allocation, ioThreads, badAllocMaxAttempts,
                badAllocAttemptIntervalMs, size, noCleanup, monitor, mlockSegment, mlockSegmentOnCreation, zeroSegment,
                zeroSegmentOnCreation, lockTimeoutMs);
    }

    public V110Options withBadAlloc(int maxAttempts, long intervalMs) {
        return new V110Options(id, session, shmId, segmentId, segmentSize, allocation, ioThreads, maxAttempts,
                intervalMs, metadataMsgSize, noCleanup, monitor, mlockSegment, mlockSegmentOnCreation, zeroSegment,
                zeroSegmentOnCreation, lockTimeoutMs);
    }

    public V110Options withNoCleanup(boolean value) {
        return new V110Options(id, session, shmId, segmentId, segmentSize, allocation, ioThreads, badAllocMaxAttempts,
                badAllocAttemptIntervalMs, metadataMsgSize, value, monitor, mlockSegment, mlockSegmentOnCreation,
                zeroSegment, zeroSegmentOnCreation, lockTimeoutMs);
    }

    public V110Options withMonitor(boolean value) {
        return new V110Options(id, session, shmId, segmentId, segmentSize, allocation, ioThreads, badAllocMaxAttempts,
                badAllocAttemptIntervalMs, metadataMsgSize, noCleanup, value, mlockSegment, mlockSegmentOnCreation,
                zeroSegment, zeroSegmentOnCreation, lockTimeoutMs);
    }

    public V110Options withMemoryOptions(boolean mlock, boolean mlockOnCreation, boolean zero, boolean zeroOnCreation) {
        return new V110Options(id, session, shmId, segmentId, segmentSize, allocation, ioThreads, badAllocMaxAttempts,
                badAllocAttemptIntervalMs, metadataMsgSize, noCleanup, monitor, mlock, mlockOnCreation, zero,
                zeroOnCreation, lockTimeoutMs);
    }

    public V110Options withIoThreads(int threads) {
        return new V110Options(id, session, shmId, segmentId, segmentSize, allocation, threads, badAllocMaxAttempts,
                badAllocAttemptIntervalMs, metadataMsgSize, noCleanup, monitor, mlockSegment, mlockSegmentOnCreation,
                zeroSegment, zeroSegmentOnCreation, lockTimeoutMs);
    }

    public V110Options withLockTimeoutMs(long ms) {
        return new V110Options(id, session, shmId, segmentId, segmentSize, allocation, ioThreads, badAllocMaxAttempts,
                badAllocAttemptIntervalMs, metadataMsgSize, noCleanup, monitor, mlockSegment, mlockSegmentOnCreation,
                zeroSegment, zeroSegmentOnCreation, ms);
    }

    public V110Options withShmId(ShmId id) {
        return new V110Options(this.id, session, id, segmentId, segmentSize, allocation, ioThreads, badAllocMaxAttempts,
                badAllocAttemptIntervalMs, metadataMsgSize, noCleanup, monitor, mlockSegment, mlockSegmentOnCreation,
                zeroSegment, zeroSegmentOnCreation, lockTimeoutMs);
    }
}
