package org.fairmq.monitor.v110;

import java.io.PrintStream;
import java.util.List;
import org.fairmq.ipc.AllocatedBlocks;
import org.fairmq.ipc.DataSegment;
import org.fairmq.ipc.LeakReport;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;

/**
 * {@code --leak-report} of the v1.10 monitor (our extension): for every data segment of the
 * session's segment map, the chunks still allocated ({@link LeakReport#segmentReport}; an idle data
 * segment holds none), from a read-only walk of Boost's block list with the segment's algorithm.
 * Meant for an idle session (its devices gone, e.g. with {@code --shm-no-cleanup} or after a crash,
 * before {@code -c}); while devices are counted it warns that their messages in flight are listed
 * too, and reports anyway. All output on stdout (6.1). Exit code 0 when nothing is allocated,
 * {@link LeakReport#EXIT_LEAKS} when something is, 2 when there is no session or a walk failed.
 * Changes nothing. Stateless.
 */
final class SessionLeakReport {
    private SessionLeakReport() {}

    static int run(ShmId shmId, PrintStream out) {
        SessionNames names = new SessionNames(shmId);
        List<ManagementSegment.SegmentEntry> segments;
        try (ManagementSegment mng = ManagementSegment.openOnly(names.management())) {
            long devices = mng.deviceCount();
            if (devices > 0) {
                out.print("warning: " + devices + " device(s) still counted in session " + shmId
                        + ": the chunks of their messages in flight are listed too\n");
            }
            segments = mng.hasSegmentMap() ? mng.segments() : List.of();
        } catch (ShmException e) {
            out.print("no leak report: no session " + shmId + " (" + e.getMessage() + ")\n");
            out.flush();
            return 2;
        }
        int code = 0;
        for (ManagementSegment.SegmentEntry entry : segments) {
            String name = names.segment(entry.id());
            try (DataSegment segment = DataSegment.openOnly(name, entry.algorithm())) {
                AllocatedBlocks blocks = segment.allocatedBlocks(LeakReport.REPORTED_CHUNKS);
                out.print(LeakReport.segmentReport(name, blocks));
                if (!blocks.isEmpty() && code == 0) {
                    code = LeakReport.EXIT_LEAKS;
                }
            } catch (ShmException e) {
                out.print("no leak report for \"" + name + "\": " + e.getMessage() + "\n");
                code = 2;
            }
        }
        out.flush();
        return code;
    }
}
