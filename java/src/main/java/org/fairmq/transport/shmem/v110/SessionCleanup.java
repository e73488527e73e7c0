package org.fairmq.transport.shmem.v110;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;

/**
 * {@code Monitor::Cleanup} and {@code CleanupFull} of PROTOCOL-V110.md 2.5, with the reference's
 * messages: what the last user of a session runs (2.3 step 4) and what the monitor runs on a
 * timeout, {@code x} or {@code -e} (Cleanup) and for {@code -c} (CleanupFull, also the monitor's
 * mutex). It never checks whether devices are alive (S14). Stateless; thread-safe.
 */
public final class SessionCleanup {
    /** Where the messages go: INFO lines, and DEBUG lines ("Did not remove ..."). */
    public interface Output {
        /** Prints nothing. */
        Output SILENT = new Output() {
            @Override
            public void info(String line) {}

            @Override
            public void debug(String line) {}
        };

        void info(String line);

        void debug(String line);
    }

    /** One object the cleanup tried to remove, and whether it did (the C++ {@code pair<string, bool>}). */
    public record Removal(String name, boolean removed) {}

    private SessionCleanup() {}

    /** 2.5 steps 1-5. */
    public static List<Removal> cleanup(ShmId shmId, Output out) {
        SessionNames names = new SessionNames(shmId);
        List<Removal> result = new ArrayList<>();
        out.info("Cleaning up for shared memory id '" + shmId + "'...");
        Map<Integer, ManagementSegment.RegionEntry> regions;
        List<ManagementSegment.SegmentEntry> segments;
        boolean hasRegionMap;
        boolean hasSegmentMap;
        try (ManagementSegment mng = ManagementSegment.openOnly(names.management())) {
            hasRegionMap = mng.hasRegionMap();
            regions = hasRegionMap ? mng.regions() : Map.of();
            hasSegmentMap = mng.hasSegmentMap();
            segments = hasSegmentMap ? mng.segments() : List.of();
        } catch (ShmException e) {
            out.info("Did not find '" + names.management() + "' management segment. No regions to cleanup.");
            return result;
        }
        if (hasRegionMap) {
            out.info("Found " + regions.size() + " unmanaged regions...");
            for (ManagementSegment.RegionEntry region : regions.values()) {
                out.info("Found UnmanagedRegion with id: " + region.id() + ", path: '" + region.path() + "', flags: "
                        + region.creationFlags() + ", fDestroyed: " + (region.destroyed() ? 1 : 0) + ".");
                String regionName = names.region(region.id());
                if (region.path().isEmpty()) {
                    report(result, out, regionName, SharedRegion.remove(regionName));
                } else {
                    report(result, out, region.path() + regionName, removeFile(region.path() + regionName));
                }
                report(result, out, names.regionQueue(region.id()), MessageQueue.remove(names.regionQueue(region.id())));
                report(result, out, names.refCountSegment(region.id()),
                        ManagedSegment.remove(names.refCountSegment(region.id())));
            }
        }
        if (hasSegmentMap) {
            out.info("Found " + segments.size() + " managed segments...");
            for (ManagementSegment.SegmentEntry segment : segments) {
                report(result, out, names.segment(segment.id()), ManagedSegment.remove(names.segment(segment.id())));
            }
        } else {
            out.info("Cannot find information about managed segments");
        }
        report(result, out, names.management(), ManagedSegment.remove(names.management()));
        return result;
    }

    /** 2.5: Cleanup, then the monitor's named mutex. */
    public static List<Removal> cleanupFull(ShmId shmId, Output out) {
        List<Removal> result = cleanup(shmId, out);
        String mutex = new SessionNames(shmId).monitorMutex();
        report(result, out, mutex, NamedMutex.remove(mutex));
        return result;
    }

    private static boolean removeFile(String path) {
        try {
            return Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            return false;
        }
    }

    private static void report(List<Removal> result, Output out, String name, boolean removed) {
        result.add(new Removal(name, removed));
        if (removed) {
            out.info("Successfully removed '" + name + "'.");
        } else {
            out.debug("Did not remove '" + name + "'. Already removed?");
        }
    }
}
