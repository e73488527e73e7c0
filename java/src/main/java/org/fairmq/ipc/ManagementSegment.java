package org.fairmq.ipc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative110;

/**
 * The management segment {@code fmq_<shmId>_mng} of a v1.10 session (PROTOCOL-V110.md 1.2, 1.3):
 * the unique instances of the session's bookkeeping, the session mutex among them. Methods whose
 * names end in {@code Locked} must be called between {@link #lock()} and {@link #unlock()} by the
 * same thread, as every bookkeeping change of 2.1, 2.3 and 4.1 is made in the reference.
 *
 * <p>Ownership: owns its mapping; closing unmaps, {@link ManagedSegment#remove} removes the name.
 * Not thread-safe: one owner serialises its calls (the heartbeat thread only calls {@link #beat()},
 * which is safe beside them: an atomic increment).
 */
public final class ManagementSegment implements AutoCloseable {
    /** One segment map entry: id and allocation algorithm (1.3.7). */
    public record SegmentEntry(int id, int algorithm) {}

    /** One region map entry (1.3.8). */
    public record RegionEntry(int id, boolean destroyed, int creationFlags, long userFlags, long size,
            long rcSegmentSize, String path) {}

    private final String name;
    private final ShmNative110.ManagementSegment segment;
    private boolean closed;

    private ManagementSegment(OpenMode mode, String name) {
        this.name = name;
        try {
            this.segment = new ShmNative110.ManagementSegment(mode.code, name);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** Opens or creates it with 6,553,600 bytes, and finds or constructs the session mutex (2.1 steps 6, 7). */
    public static ManagementSegment openOrCreate(String name) {
        return new ManagementSegment(OpenMode.OPEN_OR_CREATE, name);
    }

    /** Opens an existing one (read-write: Boost's lookups lock), or throws {@link ShmNotFoundException}. */
    public static ManagementSegment openOnly(String name) {
        return new ManagementSegment(OpenMode.OPEN_ONLY, name);
    }

    /** Sets this library's bound on waiting for a lock inside shared memory (process-wide, as {@link LockTimeout}). */
    public static void setLockTimeoutMs(long ms) {
        ShmNative110.setLockTimeoutMs(ms);
    }

    public String name() {
        return name;
    }

    public long size() {
        return segment.size();
    }

    public long freeMemory() {
        return call(segment::freeMemory);
    }

    /** Takes the session mutex, waiting at most the lock timeout ({@link ShmTimeoutException}). */
    public void lock() {
        run(segment::lock);
    }

    public void unlock() {
        run(segment::unlock);
    }

    /** 2.1 step 12a; true if this call created SessionInfo. */
    public boolean ensureSessionInfoLocked(String session, int creatorId) {
        try {
            return segment.ensureSessionInfo(session, creatorId);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public void ensureEventCounterLocked() {
        run(segment::ensureEventCounter);
    }

    public void incrementEventCounterLocked() {
        run(segment::incrementEventCounter);
    }

    /** 2.1 step 12c: the count after this increment. */
    public long incrementDeviceCounterLocked() {
        return call(segment::incrementDeviceCounter);
    }

    /** 2.3 step 3: the count after this decrement, or -1 if there is no counter. */
    public long decrementDeviceCounterLocked() {
        return call(segment::decrementDeviceCounter);
    }

    public void ensureMapsLocked() {
        run(segment::ensureMaps);
    }

    /** The algorithm recorded for segment {@code id}, or -1 if it is not in the segment map. */
    public int segmentAlgorithm(int id) {
        return (int) call(() -> segment.segmentAlgorithm(id));
    }

    /** 2.1 step 12e: true if {@code id} was not registered before. */
    public boolean registerSegmentLocked(int id, int algorithm) {
        try {
            return segment.registerSegment(id, algorithm);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** 4.1 step 1. */
    public int nextRegionIdLocked() {
        return (int) call(segment::nextRegionId);
    }

    /** 4.1 step 3f, with EventCounter++; false if the id is registered already. */
    public boolean registerRegionLocked(int id, String path, int flags, long userFlags, long size, long rcSegmentSize) {
        try {
            return segment.registerRegion(id, path, flags, userFlags, size, rcSegmentSize);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** 4.6: fDestroyed = true and EventCounter++; false if the id is unknown. */
    public boolean markRegionDestroyedLocked(int id) {
        try {
            return segment.markRegionDestroyed(id);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** 2.2: one heartbeat (no session mutex). */
    public void beat() {
        run(segment::beat);
    }

    /** -1 when absent (also for the following values). */
    public long heartbeatCount() {
        return call(segment::heartbeatCount);
    }

    public long deviceCount() {
        return call(segment::deviceCount);
    }

    public long eventCount() {
        return call(segment::eventCount);
    }

    public long regionCount() {
        return call(segment::regionCount);
    }

    /** The session name of SessionInfo, or null when absent. */
    public String sessionName() {
        try {
            return creatorId() == -1 && segment.sessionName().isEmpty() ? null : segment.sessionName();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public int creatorId() {
        return (int) call(segment::creatorId);
    }

    public boolean hasSegmentMap() {
        try {
            return segment.hasSegmentMap();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public boolean hasRegionMap() {
        try {
            return segment.hasRegionMap();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** The segment map in its own iteration order (as the reference's monitor lists it). */
    public List<SegmentEntry> segments() {
        String text;
        try {
            text = segment.segments();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
        List<SegmentEntry> entries = new ArrayList<>();
        for (String entry : text.isEmpty() ? new String[0] : text.split(",")) {
            String[] fields = entry.split(":");
            entries.add(new SegmentEntry(Integer.parseInt(fields[0]), Integer.parseInt(fields[1])));
        }
        return entries;
    }

    /** The region map in its own iteration order, by id. */
    public Map<Integer, RegionEntry> regions() {
        String text;
        try {
            text = segment.regions();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
        Map<Integer, RegionEntry> entries = new LinkedHashMap<>();
        for (String line : text.isEmpty() ? new String[0] : text.split("\n")) {
            String[] f = line.split(" ", 7);
            RegionEntry entry = new RegionEntry(Integer.parseInt(f[0]), f[1].equals("1"), Integer.parseInt(f[2]),
                    Long.parseUnsignedLong(f[3]), Long.parseUnsignedLong(f[4]), Long.parseUnsignedLong(f[5]),
                    f.length > 6 ? f[6] : "");
            entries.put(entry.id(), entry);
        }
        return entries;
    }

    /** The keys of the unique index, as Boost stores them (1.3; checked against the reference at start-up). */
    public List<String> uniqueKeys() {
        try {
            String text = segment.uniqueKeys();
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            segment.close();
        }
    }

    @Override
    public String toString() {
        return "managed_shared_memory \"" + name + "\"";
    }

    private interface NativeCall {
        long get() throws NativeError;
    }

    private interface NativeAction {
        void run() throws NativeError;
    }

    private static long call(NativeCall call) {
        try {
            return call.get();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    private static void run(NativeAction action) {
        try {
            action.run();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }
}
