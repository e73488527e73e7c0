package org.fairmq.monitor;

/**
 * What a running monitor of either profile knows about the topology it watches, for metrics
 * ({@code org.fairmq.metrics.ShmMonitorMetrics}): a fresh reading of the shared memory, the age of
 * the last heartbeat it saw, and the cleanups it did. Implemented by {@link Monitor} (2017) and
 * {@code monitor.v110.SessionMonitor} (v1.10). Thread-safe: {@link #read()} may run in any thread
 * beside the monitor's own (it opens the objects, reads and closes them; it takes no topology lock,
 * so a device killed inside one cannot hold the monitor's cleanup up; reading the 2017 DeviceCounter
 * takes the segment's index lock, which is bounded by {@code LockTimeout}).
 */
public interface WatchedTopology {
    /** The protocol profile, {@code 2017} or {@code 1.10}. */
    String profile();

    /** What identifies the topology: the 2017 prefix or the v1.10 shm id. */
    String topology();

    /** The shared memory now; {@link TopologyReading#ABSENT} when there is none. */
    TopologyReading read();

    /** Nanoseconds since the last heartbeat this monitor saw; -1 if it saw none yet. */
    long nanosSinceLastHeartbeat();

    /** Cleanups this monitor did after a heartbeat timeout (the reference's "no heartbeats since ..."). */
    long cleanups();
}
