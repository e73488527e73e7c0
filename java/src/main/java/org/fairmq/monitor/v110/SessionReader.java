package org.fairmq.monitor.v110;

import java.util.ArrayList;
import java.util.List;
import org.fairmq.ipc.DataSegment;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.ShmException;
import org.fairmq.monitor.TopologyReading;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;

/**
 * {@code WatchedTopology.read()} of the v1.10 profile: every segment of the session's segment map
 * and the management segment (size, free), the DeviceCounter and the live regions of the region
 * map, read as {@link SegmentTable} reads them (each object opened and closed, no session lock); a
 * segment that cannot be opened is left out. Stateless; thread-safe.
 */
final class SessionReader {
    private SessionReader() {}

    static TopologyReading read(ShmId shmId) {
        SessionNames names = new SessionNames(shmId);
        try (ManagementSegment mng = ManagementSegment.openOnly(names.management())) {
            List<TopologyReading.Segment> segments = new ArrayList<>();
            if (mng.hasSegmentMap()) {
                for (ManagementSegment.SegmentEntry entry : mng.segments()) {
                    String name = names.segment(entry.id());
                    try (DataSegment segment = DataSegment.openOnly(name, entry.algorithm())) {
                        segments.add(new TopologyReading.Segment(name, segment.size(), segment.freeMemory()));
                    } catch (ShmException e) {
                        // registered, not (or no longer) there
                    }
                }
            }
            segments.add(new TopologyReading.Segment(names.management(), mng.size(), mng.freeMemory()));
            long regions = mng.hasRegionMap() ? mng.regions().values().stream().filter(r -> !r.destroyed()).count() : 0;
            return new TopologyReading(segments, Math.max(0, mng.deviceCount()), regions);
        } catch (ShmException e) {
            return TopologyReading.ABSENT;
        }
    }
}
