package org.fairmq.protocol;

/**
 * Sizes, timings and keys of the 2017 protocol. Each constant names its PROTOCOL.md section.
 * Names live in {@link ShmNames}; the frame layout in {@link MetaHeaderDescriptor}.
 */
public final class Protocol2017 {
    private Protocol2017() {}

    /** Default main segment size in bytes: decimal 2e9, not 2 GiB (1.1, 6.1). */
    public static final long DEFAULT_SEGMENT_SIZE = 2_000_000_000L;
    /** Management segment size (1.1). */
    public static final long MANAGEMENT_SEGMENT_SIZE = 65_536L;
    /** Control queue capacity in messages and message size in bytes (1.1). */
    public static final long CONTROL_QUEUE_CAPACITY = 1000;
    public static final long CONTROL_QUEUE_MESSAGE_SIZE = 1;

    /** A heartbeat is one byte, a C++ bool {@code true} (2.3). */
    public static final int HEARTBEAT_VALUE = 1;
    /** Heartbeat period, send deadline and back-off when the queue is missing, in ms (2.3). */
    public static final long HEARTBEAT_PERIOD_MS = 100;
    public static final long HEARTBEAT_SEND_TIMEOUT_MS = 100;
    public static final long HEARTBEAT_NO_QUEUE_BACKOFF_MS = 500;

    /** Monitor: default heartbeat timeout, segment check period, queue receive deadline, in ms (5.1, 5.3-5.5). */
    public static final long MONITOR_DEFAULT_TIMEOUT_MS = 5000;
    public static final long MONITOR_CHECK_PERIOD_MS = 100;
    public static final long MONITOR_RECEIVE_TIMEOUT_MS = 100;

    /** Socket linger and the internal send/receive timeouts, in ms (4.3). */
    public static final int SOCKET_LINGER_MS = 1000;
    public static final int SOCKET_TIMEOUT_MS = 700;
    /** Default high-water marks in messages (4.3, 6.2.1). */
    public static final int DEFAULT_HWM = 1000;
    /** ZMQ_MAX_SOCKETS set on every context (2.1, 4.1). */
    public static final int MAX_SOCKETS = 10_000;
    /** The reference's full-segment retry interval in ms (3.9); ours adapts, see the transport. */
    public static final long FULL_SEGMENT_RETRY_MS = 50;

    /** unique_instance index keys, {@code typeid(T).name()} (1.2). */
    public static final String DEVICE_COUNTER_KEY = "N4fair2mq5shmem13DeviceCounterE";
    public static final String REGION_COUNTER_KEY = "N4fair2mq5shmem13RegionCounterE";
    public static final String MONITOR_STATUS_KEY = "N4fair2mq5shmem13MonitorStatusE";

    /** FAIRMQ_INTERFACE_VERSION of the reference. */
    public static final int INTERFACE_VERSION = 3;
}
