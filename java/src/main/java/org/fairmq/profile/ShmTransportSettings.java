package org.fairmq.profile;

import java.util.Objects;

/**
 * What a device knows about its shmem transport before a profile makes it: the transport id and
 * the device's {@code --shm-*} and {@code --io-threads} options as given. Each profile reads the
 * options it defines and supplies its own defaults for the rest (the 2017 segment is 2 000 000 000
 * bytes, the v1.10 one 2 GiB). Immutable.
 *
 * @param transportId   first part of socket identities (the device id)
 * @param ioThreads     zmq I/O threads
 * @param segmentSize   {@code --shm-segment-size}, or null when not given (the profile's default)
 * @param prefix        2017: {@code --shm-prefix}, the prefix of every object name
 * @param segmentName   2017: {@code --shm-segment-name}, or null for {@code <prefix>main}
 * @param lockTimeoutMs bound on waiting for a lock inside shared memory (both profiles)
 * @param reserve       allocate every page of the segment at start-up (both profiles)
 */
public record ShmTransportSettings(String transportId, int ioThreads, Long segmentSize, String prefix,
        String segmentName, long lockTimeoutMs, boolean reserve) {
    public ShmTransportSettings {
        Objects.requireNonNull(transportId, "transportId");
        Objects.requireNonNull(prefix, "prefix");
    }
}
