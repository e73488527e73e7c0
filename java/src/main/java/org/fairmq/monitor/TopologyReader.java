package org.fairmq.monitor;

import java.util.ArrayList;
import java.util.List;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.ShmNames;

/**
 * {@link WatchedTopology#read()} of the 2017 profile: the main segment (size, free, DeviceCounter)
 * and the management segment (size, free, RegionCounter), each opened through
 * {@link ManagedSegmentProbe} (which never hangs on an unfinished segment) and closed again.
 * Stateless; thread-safe.
 */
final class TopologyReader {
    private TopologyReader() {}

    static TopologyReading read(ShmNames names) {
        List<TopologyReading.Segment> segments = new ArrayList<>();
        long devices = 0;
        long regions = 0;
        try {
            ManagedSegment main = ManagedSegmentProbe.open(names.mainSegment()).segment();
            if (main != null) {
                try (main) {
                    segments.add(new TopologyReading.Segment(names.mainSegment(), main.size(), main.freeMemory()));
                    devices = main.findDeviceCounter().orElse(0);
                }
            }
            ManagedSegment management = ManagedSegmentProbe.open(names.managementSegment()).segment();
            if (management != null) {
                try (management) {
                    segments.add(new TopologyReading.Segment(names.managementSegment(), management.size(),
                            management.freeMemory()));
                    regions = management.findRegionCounter().orElse(0);
                }
            }
        } catch (ShmException e) {
            // removed while being read (a cleanup): what was read so far
        }
        return new TopologyReading(segments, devices, regions);
    }
}
