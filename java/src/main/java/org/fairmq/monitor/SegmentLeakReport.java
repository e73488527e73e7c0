package org.fairmq.monitor;

import java.io.PrintStream;
import org.fairmq.ipc.AllocatedBlocks;
import org.fairmq.ipc.LeakReport;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.ShmException;

/**
 * {@code --leak-report} (our extension): the user chunks still allocated in a 2017 main segment
 * beyond its empty state (the DeviceCounter and any other named or unique object are not counted),
 * as {@code offset size} lines ({@link LeakReport#segmentReport}), from a read-only walk of Boost's
 * block list. Meant for an idle segment, one whose devices are gone (e.g. after a crash, before
 * {@code --cleanup}); while devices are attached it warns on {@code err} that their messages in
 * flight are listed too, and reports anyway. Exit code 0 when nothing is allocated,
 * {@link LeakReport#EXIT_LEAKS} when something is, 2 when there is no segment to walk or the walk
 * failed (a stuck lock, a corrupt block list). Changes nothing. Stateless.
 */
final class SegmentLeakReport {
    private SegmentLeakReport() {}

    static int run(String segmentName, PrintStream out, PrintStream err) {
        ManagedSegmentProbe.Opened opened = ManagedSegmentProbe.open(segmentName);
        if (opened.segment() == null) {
            err.print("no leak report: \"" + segmentName + "\" "
                    + (opened.result().kind() == ManagedSegmentProbe.Kind.ABSENT ? "does not exist"
                            : "is no managed segment (" + opened.result().reason() + ")")
                    + "\n");
            err.flush();
            return 2;
        }
        try (ManagedSegment segment = opened.segment()) {
            long devices = segment.findDeviceCounter().orElse(0);
            if (devices > 0) {
                err.print("warning: " + devices + " device(s) still attached to \"" + segmentName
                        + "\" (DeviceCounter): the chunks of their messages in flight are listed too\n");
                err.flush();
            }
            AllocatedBlocks blocks = segment.allocatedBlocks(LeakReport.REPORTED_CHUNKS);
            out.print(LeakReport.segmentReport(segmentName, blocks));
            out.flush();
            return blocks.isEmpty() ? 0 : LeakReport.EXIT_LEAKS;
        } catch (ShmException e) {
            err.print("no leak report: " + e.getMessage() + "\n");
            err.flush();
            return 2;
        }
    }
}
