package org.fairmq.metrics;

import io.micrometer.core.instrument.Tags;

/**
 * The meters of {@link ShmTransportMetrics} and {@link ShmMonitorMetrics}, by their Micrometer names;
 * the Prometheus names (Micrometer's Prometheus naming convention appends the base unit and, for
 * counters, {@code _total}) follow each. Every meter carries the tags {@code profile} ({@code 2017}
 * or {@code 1.10}), {@code topology} (2017 prefix, v1.10 shm id) and {@code reporter} (the device id
 * of a transport, {@link #MONITOR_REPORTER} for a monitor): the same keys for both binders, so that
 * both may share one Prometheus registry, which wants one set of tag keys per name.
 */
public final class MeterNames {
    private MeterNames() {}

    /** The {@code reporter} of the monitor's meters. */
    public static final String MONITOR_REPORTER = "shmmonitor";

    /** The tags every meter of one reporter carries. */
    static Tags tags(String profile, String topology, String reporter) {
        return Tags.of("profile", profile, "topology", topology, "reporter", reporter);
    }

    /** Gauge, bytes, tag {@code segment}: {@code fairmq_shm_segment_size_bytes}. */
    public static final String SEGMENT_SIZE = "fairmq.shm.segment.size";
    /** Gauge, bytes, tag {@code segment}: {@code fairmq_shm_segment_free_bytes} (Boost's free memory). */
    public static final String SEGMENT_FREE = "fairmq.shm.segment.free";
    /** Gauge, bytes, tag {@code segment}: {@code fairmq_shm_segment_used_bytes} (size minus free). */
    public static final String SEGMENT_USED = "fairmq.shm.segment.used";
    /** Gauge: {@code fairmq_shm_devices}, the topology's DeviceCounter. */
    public static final String DEVICES = "fairmq.shm.devices";
    /** Gauge: {@code fairmq_shm_regions} (2017: the RegionCounter; v1.10: live regions). */
    public static final String REGIONS = "fairmq.shm.regions";
    /** Gauge, seconds: {@code fairmq_shm_heartbeat_age_seconds}; NaN before the first heartbeat. */
    public static final String HEARTBEAT_AGE = "fairmq.shm.heartbeat.age";
    /** Counter, tag {@code socket}: {@code fairmq_shm_socket_messages_sent_total}. */
    public static final String MESSAGES_SENT = "fairmq.shm.socket.messages.sent";
    /** Counter, tag {@code socket}: {@code fairmq_shm_socket_messages_received_total}. */
    public static final String MESSAGES_RECEIVED = "fairmq.shm.socket.messages.received";
    /** Counter, bytes, tag {@code socket}: {@code fairmq_shm_socket_payload_sent_bytes_total}. */
    public static final String BYTES_SENT = "fairmq.shm.socket.payload.sent";
    /** Counter, bytes, tag {@code socket}: {@code fairmq_shm_socket_payload_received_bytes_total}. */
    public static final String BYTES_RECEIVED = "fairmq.shm.socket.payload.received";
    /**
     * Counter, tags {@code socket} and {@code cause} (the {@code FrameRejection} constant, e.g.
     * {@code NOT_A_CHUNK}): {@code fairmq_shm_socket_frames_rejected_total}.
     */
    public static final String FRAMES_REJECTED = "fairmq.shm.socket.frames.rejected";
    /**
     * Function timer: allocations that waited for a full segment and their total time,
     * {@code fairmq_shm_full_segment_waits_seconds_count} and {@code ..._seconds_sum}.
     */
    public static final String FULL_SEGMENT_WAITS = "fairmq.shm.full.segment.waits";
    /** Counter: {@code fairmq_shm_monitor_cleanups_total}, cleanups after a heartbeat timeout. */
    public static final String MONITOR_CLEANUPS = "fairmq.shm.monitor.cleanups";
}
