package org.fairmq.profile;

import java.util.Objects;

/**
 * What a device knows about its shmem transport before a profile makes it: the transport id and
 * the device's {@code --shm-*}, {@code --session}, {@code --bad-alloc-*} and {@code --io-threads}
 * options as given. Each profile reads the options it defines and supplies its own defaults for
 * the rest (the 2017 segment is 2 000 000 000 bytes, the v1.10 one 2 GiB). Immutable.
 *
 * @param transportId             first part of socket identities (the device id)
 * @param ioThreads               zmq I/O threads
 * @param segmentSize             {@code --shm-segment-size}, or null when not given (the profile's default)
 * @param lockTimeoutMs           bound on waiting for a lock inside shared memory (both profiles, extension)
 * @param reserve                 2017: allocate every page of the segment at start-up (extension)
 * @param prefix                  2017: {@code --shm-prefix}, the prefix of every object name
 * @param segmentName             2017: {@code --shm-segment-name}, or null for {@code <prefix>main}
 * @param session                 1.10: {@code --session}
 * @param shmId                   1.10: {@code --shmid} (decimal), or null to derive it from the session
 * @param segmentId               1.10: {@code --shm-segment-id}
 * @param allocation              1.10: {@code --shm-allocation}
 * @param throwBadAlloc           1.10: {@code --shm-throw-bad-alloc}
 * @param badAllocMaxAttempts     1.10: {@code --bad-alloc-max-attempts}, or null when not given
 * @param badAllocAttemptInterval 1.10: {@code --bad-alloc-attempt-interval} in ms
 * @param metadataMsgSize         1.10: {@code --shm-metadata-msg-size}
 * @param noCleanup               1.10: {@code --shm-no-cleanup}
 * @param monitor                 both: {@code --shm-monitor}
 * @param mlockSegment            1.10: {@code --shm-mlock-segment}
 * @param mlockSegmentOnCreation  1.10: {@code --shm-mlock-segment-on-creation}
 * @param zeroSegment             1.10: {@code --shm-zero-segment}
 * @param zeroSegmentOnCreation   1.10: {@code --shm-zero-segment-on-creation}
 */
public record ShmTransportSettings(String transportId, int ioThreads, Long segmentSize, long lockTimeoutMs,
        boolean reserve, String prefix, String segmentName, String session, String shmId, int segmentId,
        String allocation, boolean throwBadAlloc, Integer badAllocMaxAttempts, long badAllocAttemptInterval,
        int metadataMsgSize, boolean noCleanup, boolean monitor, boolean mlockSegment, boolean mlockSegmentOnCreation,
        boolean zeroSegment, boolean zeroSegmentOnCreation) {
    public ShmTransportSettings {
        Objects.requireNonNull(transportId, "transportId");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(allocation, "allocation");
    }
}
