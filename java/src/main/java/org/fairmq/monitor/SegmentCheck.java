package org.fairmq.monitor;

import java.io.PrintStream;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.protocol.ShmNames;

/**
 * The segment check the monitor runs every ~100 ms (PROTOCOL.md 5.5):
 * <ol>
 * <li>main segment missing: "heartbeat seen" is cleared; interactive mode prints the dash row;
 *     with self-destruct, once the segment has been seen, {@code self destructing} and stop, after
 *     removing the topology's named mutex if the topology ended in order
 *     ({@link Cleanup#removeMutexOfEndedTopology}, our extension);</li>
 * <li>otherwise, if a heartbeat was seen and the last one is more than the timeout ago:
 *     {@code no heartbeats since over <timeout> milliseconds, cleaning...}, the cleanup sequence,
 *     "heartbeat seen" cleared, and with self-destruct {@code self destructing} and stop;</li>
 * <li>interactive mode prints the status row.</li>
 * </ol>
 * The reference reads the DeviceCounter before deciding; we read it only for the row, after the
 * decision, so a lock left held in the segment by a killed process (PROTOCOL.md 2.4) cannot keep
 * a plain monitor from cleaning up. The output is the same. Each timeout cleanup is reported to
 * {@code cleanedUp} (the monitor's count). Used by the loop thread only.
 */
final class SegmentCheck {
    private final ShmNames names;
    private final HeartbeatState heartbeats;
    private final long timeoutMs;
    private final boolean selfDestruct;
    private final boolean interactive;
    private final PrintStream out;
    private final Runnable terminate;
    private final Runnable cleanedUp;
    private final StatusTable table = new StatusTable();
    private boolean seenOnce;

    SegmentCheck(ShmNames names, HeartbeatState heartbeats, long timeoutMs, boolean selfDestruct,
            boolean interactive, PrintStream out, Runnable terminate, Runnable cleanedUp) {
        this.names = names;
        this.heartbeats = heartbeats;
        this.timeoutMs = timeoutMs;
        this.selfDestruct = selfDestruct;
        this.interactive = interactive;
        this.out = out;
        this.terminate = terminate;
        this.cleanedUp = cleanedUp;
    }

    void run() {
        ManagedSegment segment = ManagedSegmentProbe.open(names.mainSegment()).segment();
        if (segment == null) {
            heartbeats.clearSeen();
            if (interactive) {
                print(table.dashRow());
            }
            if (selfDestruct && seenOnce) {
                Cleanup.removeMutexOfEndedTopology(names);
                print("self destructing\n");
                terminate.run();
            }
            return;
        }
        try (segment) {
            seenOnce = true;
            long elapsedMs = heartbeats.msSinceLast() & 0xFFFF_FFFFL; // the reference's unsigned int
            if (heartbeats.seen() && elapsedMs > timeoutMs) {
                print("no heartbeats since over " + timeoutMs + " milliseconds, cleaning...\n");
                Cleanup.run(names, out);
                cleanedUp.run();
                heartbeats.clearSeen();
                if (selfDestruct) {
                    print("self destructing\n");
                    terminate.run();
                }
            }
            if (interactive) {
                long devices = segment.findDeviceCounter().orElse(0);
                print(table.row(names.mainSegment(), segment.size(), segment.freeMemory(), segment.checkSanity(),
                        devices, elapsedMs));
            }
        }
    }

    private void print(String text) {
        out.print(text);
        out.flush();
    }
}
