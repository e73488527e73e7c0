package org.fairmq.monitor.v110;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fairmq.ipc.DataSegment;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;

/**
 * The segment table of {@code Monitor::PrintShm} (PROTOCOL-V110.md 6.3): header, one line per
 * managed segment, the management line, and the unmanaged regions if the region map has entries;
 * the first line carries the {@code [HH:MM:SS.uuuuuu] } prefix (local time). Nothing is produced
 * when {@code mng}, its segment map, or any registered {@code m_<id>} cannot be opened (S26).
 * Opens and closes the objects per call, taking no session lock. Stateless; thread-safe.
 */
public final class SegmentTable {
    private static final DateTimeFormatter PREFIX = DateTimeFormatter.ofPattern("'['HH:mm:ss.SSSSSS'] '");

    private SegmentTable() {}

    /** The table text (lines ending in newlines), or empty when nothing can be printed (6.3). */
    public static Optional<String> of(ShmId shmId) {
        return of(shmId, line -> {});
    }

    /**
     * As {@link #of(ShmId)}; {@code diagnostics} receives the ERROR/INFO texts of 6.3 about a
     * missing segment map ({@code Found management segment, but cannot locate segment info,
     * something went wrong...}) or region map ({@code Found management segment, but cannot locate
     * region info...}).
     */
    public static Optional<String> of(ShmId shmId, java.util.function.Consumer<String> diagnostics) {
        return of(shmId, diagnostics, null);
    }

    /**
     * As {@link #of(ShmId, java.util.function.Consumer)}; with {@code trend} (the interactive mode,
     * leak accounting) every managed segment's line ends in {@code , trend: <+n|-n|0>}, the change of
     * its used bytes since the previous table.
     */
    static Optional<String> of(ShmId shmId, java.util.function.Consumer<String> diagnostics, UsedTrend trend) {
        Optional<String> table = table(shmId, diagnostics, trend);
        if (trend != null) {
            trend.endTable();
        }
        return table;
    }

    private static Optional<String> table(ShmId shmId, java.util.function.Consumer<String> diagnostics,
            UsedTrend trend) {
        SessionNames names = new SessionNames(shmId);
        ManagementSegment mng;
        try {
            mng = ManagementSegment.openOnly(names.management());
        } catch (ShmException e) {
            return Optional.empty();
        }
        try (mng) {
            if (!mng.hasSegmentMap()) {
                diagnostics.accept("Found management segment, but cannot locate segment info, something went wrong...");
                return Optional.empty();
            }
            List<String> segmentLines = new ArrayList<>();
            for (ManagementSegment.SegmentEntry entry : mng.segments()) {
                try (DataSegment segment = DataSegment.openOnly(names.segment(entry.id()), entry.algorithm())) {
                    long total = segment.size();
                    long free = segment.freeMemory();
                    // 6.3: msgs is NODEBUG without FAIRMQ_DEBUG_MODE (this implementation has none)
                    long used = total - free;
                    segmentLines.add("   [" + entry.id() + "]: total: " + total + ", msgs: NODEBUG, free: " + free
                            + ", used: " + used + (trend == null ? "" : ", trend: " + trend.next(entry.id(), used))
                            + "\n");
                } catch (ShmException e) {
                    return Optional.empty(); // S26
                }
            }
            String session = mng.sessionName();
            long devices = Math.max(0, mng.deviceCount());
            StringBuilder text = new StringBuilder();
            text.append(LocalTime.now().format(PREFIX)).append("shm id: ").append(shmId).append(", session: ")
                    .append(session == null ? "" : session).append(", creator id: ").append(mng.creatorId())
                    .append(", devices: ").append(devices).append(", managed segments:\n");
            segmentLines.forEach(text::append);
            long mngTotal = mng.size();
            long mngFree = mng.freeMemory();
            text.append("   [m]: total: ").append(mngTotal).append(", free: ").append(mngFree).append(", used: ")
                    .append(mngTotal - mngFree).append('\n');
            if (!mng.hasRegionMap()) {
                diagnostics.accept("Found management segment, but cannot locate region info...");
            } else {
                Map<Integer, ManagementSegment.RegionEntry> regions = mng.regions();
                if (!regions.isEmpty()) {
                    text.append("   unmanaged regions:\n");
                    for (ManagementSegment.RegionEntry region : regions.values()) {
                        text.append(regionLine(names, region)).append('\n');
                    }
                }
            }
            return Optional.of(text.toString());
        } catch (ShmException e) {
            return Optional.empty();
        }
    }

    /** 6.3: {@code       [<id>]: alive|destroyed, size: <n>} and the rcCountSegment part. */
    static String regionLine(SessionNames names, ManagementSegment.RegionEntry region) {
        StringBuilder line = new StringBuilder("      [").append(region.id()).append("]: ")
                .append(region.destroyed() ? "destroyed" : "alive").append(", size: ").append(region.size());
        try (DataSegment rrc = DataSegment.openOnly(names.refCountSegment(region.id()), ProtocolV110.RBTREE_BEST_FIT)) {
            long total = rrc.size();
            long free = rrc.freeMemory();
            line.append(", rcCountSegment size: ").append(total).append(", free: ").append(free).append(", used: ")
                    .append(total - free);
        } catch (ShmException e) {
            line.append(", rcCountSegment: not found");
        }
        return line.toString();
    }
}
