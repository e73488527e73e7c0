package org.fairmq.transport.shmem;

import org.fairmq.transport.SocketRegistry;

/**
 * A read-only view of one shmem transport of either profile, for metrics
 * ({@code org.fairmq.metrics.ShmTransportMetrics}) and health checks: the segment it allocates in,
 * the topology's device and region counts, its own heartbeats, its full-segment waits, and its
 * sockets. Implemented by {@link ShmTransportFactory} (2017) and {@code V110TransportFactory}
 * (v1.10). Values come from fields the transport keeps anyway or from the shared memory at the
 * call; nothing is counted per message for them. Thread-safe; after the transport closed, the
 * shared-memory readings throw (the segments are unmapped).
 */
public interface ShmTransportStatistics {
    /** The transport's id (the device id). */
    String id();

    /** What identifies the topology, as its monitor says: the 2017 prefix or the v1.10 shm id. */
    String topology();

    /** The protocol profile, {@code 2017} or {@code 1.10} (the values of {@code --shm-protocol}). */
    String profile();

    /** The segment this transport allocates its messages in (2017: the main segment; v1.10: its own segment id's). */
    String segmentName();

    /** That segment's size in bytes. */
    long segmentSize();

    /**
     * That segment's free bytes as Boost counts them, i.e. as every process sees them (2017: without
     * this process's held-back chunks, {@link ShmTransportFactory#heldBackBytes()}).
     */
    long segmentFreeMemory();

    /** The topology's DeviceCounter (2017: in the main segment; v1.10: in the management segment); -1 if none. */
    long deviceCount();

    /** The topology's regions (2017: the RegionCounter, regions ever created; v1.10: live regions of the region map). */
    long regionCount();

    /**
     * Nanoseconds since this transport last sent a heartbeat (2017: one that reached the control
     * queue, so none while no monitor runs; v1.10: its last Heartbeat increment); -1 if none yet.
     */
    long nanosSinceLastHeartbeat();

    /** Its allocations' waits for a full segment. */
    FullSegmentWaits fullSegmentWaits();

    /**
     * Tells {@code watcher} of every socket of this transport open now and opened or closed later
     * (each a {@link ShmSocketCounters}); running the returned action stops that.
     */
    Runnable watchSockets(SocketRegistry.Watcher watcher);
}
