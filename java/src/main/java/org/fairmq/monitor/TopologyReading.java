package org.fairmq.monitor;

import java.util.List;

/**
 * One reading of a topology's shared memory, as a monitor sees it: its segments' sizes, its
 * DeviceCounter and its regions. Immutable.
 *
 * @param segments    the segments present (2017: main and management; v1.10: every segment of the
 *                    segment map and the management segment), in that order
 * @param deviceCount the DeviceCounter; 0 when there is none (no topology)
 * @param regionCount 2017: the RegionCounter (regions ever created); v1.10: the live regions of the region map
 */
public record TopologyReading(List<Segment> segments, long deviceCount, long regionCount) {
    /** Nothing of the topology exists. */
    public static final TopologyReading ABSENT = new TopologyReading(List.of(), 0, 0);

    public TopologyReading {
        segments = List.copyOf(segments);
    }

    /**
     * One segment.
     *
     * @param name its shared-memory name, e.g. {@code fairmq_shmem_main} or {@code fmq_<id>_m_0}
     * @param size its size in bytes
     * @param free its free bytes as Boost counts them
     */
    public record Segment(String name, long size, long free) {
        /** {@code size - free}: Boost's own structures and every allocated chunk. */
        public long used() {
            return size - free;
        }
    }
}
