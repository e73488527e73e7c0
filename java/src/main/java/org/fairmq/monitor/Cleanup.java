package org.fairmq.monitor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.fairmq.bindings.ShmNative;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.ShmNames;

/**
 * The cleanup sequence of PROTOCOL.md 5.6 (used by the heartbeat timeout, key {@code x} and
 * {@code --cleanup}), printing the reference's lines:
 * <ol>
 * <li>management segment: {@code Region counter found: N} and the regions, or
 *     {@code shmem: no region counter found. no regions to cleanup.}; then the segment itself; or
 *     {@code Did not find "<management>" shared memory segment. No regions to cleanup.};</li>
 * <li>the main segment;</li>
 * <li>the named mutex, silently.</li>
 * </ol>
 * Every removal prints {@code Successfully removed "<name>" shared memory segment.} or
 * {@code Did not remove "<name>" shared memory segment. Already removed?}.
 *
 * <p>Deliberate differences from the reference: regions 1..N are removed (the reference removes
 * region N, N times: defect D1); a segment name that is not a Boost managed segment is left
 * alone with {@code Refusing to remove "<name>" shared memory segment: <why>.} (see
 * {@link ManagedSegmentProbe}). The control queue is not touched here.
 * Stateless; concurrent cleanups of the same names are safe (removal is by name) but interleave
 * their lines.
 */
final class Cleanup {
    private Cleanup() {}

    /**
     * Initialises the classes a cleanup uses (JNI bindings included), so that a timeout cleanup is
     * not delayed by class loading, which takes tens of milliseconds the first time.
     */
    static void preload() {
        for (Class<?> type : new Class<?>[] {SharedRegion.class, ShmNative.SharedRegion.class, NamedMutex.class,
                ShmNative.NamedMutex.class, CleanupReport.class, CleanupReport.Removal.class, CleanupReport.Outcome.class}) {
            try {
                Class.forName(type.getName(), true, type.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("cannot load " + type, e);
            }
        }
    }

    static CleanupReport run(ShmNames names, PrintStream out) {
        List<CleanupReport.Removal> removals = new ArrayList<>();
        long regionCounter = -1;
        String management = names.managementSegment();
        ManagedSegmentProbe.Result probe = ManagedSegmentProbe.probe(management);
        switch (probe.kind()) {
            case MANAGED:
                regionCounter = regionCounter(management);
                if (regionCounter >= 0) {
                    print(out, "Region counter found: " + regionCounter);
                    for (long id = 1; id <= regionCounter; id++) {
                        String region = names.region(id);
                        removals.add(report(out, region, removeRegion(region)));
                    }
                } else {
                    print(out, "shmem: no region counter found. no regions to cleanup.");
                }
                removals.add(report(out, management, ManagedSegment.remove(management)));
                break;
            case FOREIGN:
                removals.add(refuse(out, management, probe.reason()));
                break;
            default:
                print(out, "Did not find \"" + management + "\" shared memory segment. No regions to cleanup.");
                break;
        }
        removals.add(removeSegment(out, names.mainSegment()));
        boolean mutexRemoved = NamedMutex.remove(names.mutex());
        removals.add(new CleanupReport.Removal(names.mutex(),
                mutexRemoved ? CleanupReport.Outcome.REMOVED : CleanupReport.Outcome.NOT_FOUND, ""));
        return new CleanupReport(regionCounter, removals);
    }

    /** Removes the control queue (silently, as the reference does); true if there was one. */
    static boolean removeControlQueue(ShmNames names) {
        return MessageQueue.remove(names.controlQueue());
    }

    /** A managed segment is removed only after the probe; anything else is refused. */
    private static CleanupReport.Removal removeSegment(PrintStream out, String name) {
        ManagedSegmentProbe.Result probe = ManagedSegmentProbe.probe(name);
        if (probe.kind() == ManagedSegmentProbe.Kind.FOREIGN) {
            return refuse(out, name, probe.reason());
        }
        return report(out, name, probe.isManaged() && ManagedSegment.remove(name));
    }

    /** The RegionCounter's value, or -1 when the segment has none (or vanished meanwhile). */
    private static long regionCounter(String management) {
        try (ManagedSegment segment = ManagedSegment.openOnly(management)) {
            OptionalLong counter = segment.findRegionCounter();
            return counter.isPresent() ? counter.getAsLong() : -1;
        } catch (ShmException vanished) {
            return -1;
        }
    }

    private static boolean removeRegion(String name) {
        try {
            return SharedRegion.remove(name);
        } catch (ShmException e) {
            return false;
        }
    }

    private static CleanupReport.Removal report(PrintStream out, String name, boolean removed) {
        if (removed) {
            print(out, "Successfully removed \"" + name + "\" shared memory segment.");
            return new CleanupReport.Removal(name, CleanupReport.Outcome.REMOVED, "");
        }
        print(out, "Did not remove \"" + name + "\" shared memory segment. Already removed?");
        return new CleanupReport.Removal(name, CleanupReport.Outcome.NOT_FOUND, "");
    }

    private static CleanupReport.Removal refuse(PrintStream out, String name, String reason) {
        print(out, "Refusing to remove \"" + name + "\" shared memory segment: " + reason + ".");
        return new CleanupReport.Removal(name, CleanupReport.Outcome.REFUSED, reason);
    }

    private static void print(PrintStream out, String line) {
        out.print(line + "\n");
        out.flush();
    }

    /**
     * After a topology ended in order (its last device removed the main and management segments):
     * removes the named mutex, the one object the 2017 devices leave behind (PROTOCOL.md 2.2 step
     * 4), so that a self-destructing monitor leaves nothing (our extension, silent). Done only while
     * holding the mutex and only if neither segment is back, so that a device already past its own
     * start-up keeps a live mutex; a device that opened the mutex but has not yet created the
     * management segment can still lose it (the window is that device's few microseconds between the
     * two, README "Monitor per topology").
     *
     * @return whether the mutex was removed
     */
    static boolean removeMutexOfEndedTopology(ShmNames names) {
        NamedMutex mutex;
        try {
            mutex = NamedMutex.openOnly(names.mutex());
        } catch (ShmException absent) {
            return false;
        }
        try (mutex) {
            if (!mutex.tryLock()) {
                return false; // a device is using it
            }
            try {
                if (ManagedSegmentProbe.probe(names.managementSegment()).kind() != ManagedSegmentProbe.Kind.ABSENT
                        || ManagedSegmentProbe.probe(names.mainSegment()).kind() != ManagedSegmentProbe.Kind.ABSENT) {
                    return false;
                }
                return NamedMutex.remove(names.mutex());
            } finally {
                mutex.unlock();
            }
        }
    }
}
