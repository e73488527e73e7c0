package org.fairmq.protocol.v110;

import java.util.List;

/** Sizes, timings, defaults and keys of the v1.10 protocol. Each constant names its PROTOCOL-V110.md section. */
public final class ProtocolV110 {
    private ProtocolV110() {}

    /** {@code --shm-protocol} value of this profile. */
    public static final String VERSION = "1.10";

    /** The management segment's fixed size (1.2). */
    public static final long MANAGEMENT_SEGMENT_SIZE = 6_553_600L;
    /** Default data segment size, {@code 2 << 30} (1.2, 7.1). */
    public static final long DEFAULT_SEGMENT_SIZE = 2_147_483_648L;
    /** Allocation algorithms as recorded in the segment map (1.3.7). */
    public static final int RBTREE_BEST_FIT = 0;
    public static final int SIMPLE_SEQ_FIT = 1;
    public static final List<String> ALLOCATION_NAMES = List.of("rbtree_best_fit", "simple_seq_fit");

    /** Heartbeat period of every transport (2.2). */
    public static final long HEARTBEAT_PERIOD_MS = 100;

    /** Monitor: default timeout, heartbeat read period, watch period (6.1, 6.4). */
    public static final long MONITOR_DEFAULT_TIMEOUT_MS = 5000;
    public static final long MONITOR_HEARTBEAT_READ_MS = 200;
    public static final long MONITOR_CHECK_PERIOD_MS = 100;
    public static final long MONITOR_DEFAULT_INTERVAL_MS = 1000;
    /** Auto-spawn (2.4): the monitor's timeout, and the wait for its mutex (10 ms x 1000). */
    public static final long SPAWNED_MONITOR_TIMEOUT_MS = 2000;
    public static final long SPAWN_POLL_MS = 10;
    public static final int SPAWN_POLLS = 1000;

    /** Sockets (5.3): linger at creation, the channel default, internal send/receive timeouts. */
    public static final int SOCKET_LINGER_MS = 1000;
    public static final int CHANNEL_LINGER_MS = 500;
    public static final int SOCKET_TIMEOUT_MS = 100;
    public static final int MAX_SOCKETS = 10_000;

    /** Full segment (3.10): default retry interval; the default attempt limit with throwing on. */
    public static final long BAD_ALLOC_ATTEMPT_INTERVAL_MS = 50;
    public static final int DEFAULT_BAD_ALLOC_ATTEMPTS = 1;

    /** Least alignment of user data, alignof(std::max_align_t) (3.6). */
    public static final int MIN_ALIGNMENT = 16;
    /** The ShmHeader's fixed part: hdrOffset, padding, Hdr (3.6). */
    public static final int SHM_HEADER_PART_SIZE = 8;
    /** A chunk's reference count is 16-bit (3.6). */
    public static final int MAX_REFERENCES = 65_535;

    /** Regions (1.3.6, 4.1, 4.5). */
    public static final int FIRST_REGION_ID = 1024;
    public static final long DEFAULT_RC_SEGMENT_SIZE = 100_000_000L;
    public static final long ACK_QUEUE_CAPACITY = 1024;
    public static final int REGION_BLOCK_SIZE = 24;
    public static final int ACKS_PER_MESSAGE = 256;
    public static final long ACK_QUEUE_MESSAGE_SIZE = (long) ACKS_PER_MESSAGE * REGION_BLOCK_SIZE;
    public static final long ACK_FLUSH_MS = 500;
    public static final long REGION_LINGER_MS = 100;

    /** unique_instance index keys, {@code typeid(T).name()} (1.3). */
    public static final String MUTEX_KEY = "N5boost12interprocess18interprocess_mutexE";
    public static final String SESSION_INFO_KEY = "N4fair2mq5shmem11SessionInfoE";
    public static final String EVENT_COUNTER_KEY = "N4fair2mq5shmem12EventCounterE";
    public static final String DEVICE_COUNTER_KEY = "N4fair2mq5shmem13DeviceCounterE";
    public static final String HEARTBEAT_KEY = "N4fair2mq5shmem9HeartbeatE";
    public static final String REGION_COUNTER_KEY = "N4fair2mq5shmem13RegionCounterE";
    public static final String SEGMENT_MAP_KEY_START = "N5boost9unordered13unordered_mapItN4fair2mq5shmem11SegmentInfoE";
    public static final String REGION_MAP_KEY_START = "N5boost9unordered13unordered_mapItN4fair2mq5shmem10RegionInfoE";
}
