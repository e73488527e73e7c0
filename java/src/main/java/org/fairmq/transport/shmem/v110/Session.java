package org.fairmq.transport.shmem.v110;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fairmq.ipc.AllocatedBlocks;
import org.fairmq.ipc.DataSegment;
import org.fairmq.ipc.LeakReport;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.transport.shmem.MonitorSpawn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transport's membership of a v1.10 session: joined as in PROTOCOL-V110.md 2.1 (management
 * segment and session mutex; heartbeats; under the mutex SessionInfo, EventCounter, DeviceCounter++,
 * both maps, its own segment, registered and counted when created) and left as in 2.3 (heartbeats
 * stop; under the mutex DeviceCounter--; the last user runs the Cleanup of 2.5, unless
 * {@code --shm-no-cleanup}). Unlike the reference (S11), the last user cleans up while it still
 * holds the session mutex, so a device that joins meanwhile waits and then finds no session rather
 * than losing one it joined.
 *
 * <p>Other segments of the session are opened when a message of theirs arrives ({@link #segment}),
 * with the algorithm the segment map records.
 *
 * <p>Thread-safety: {@link #segment} may be called from any thread; join and {@link #close()} once.
 */
final class Session implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final V110Options options;
    private final SessionNames names;
    private final ManagementSegment management;
    private final DataSegment own;
    private final Map<Integer, DataSegment> segments = new ConcurrentHashMap<>();
    private final Heartbeats heartbeats;
    private boolean closed;

    private Session(V110Options options, ManagementSegment management, DataSegment own, Heartbeats heartbeats) {
        this.options = options;
        this.names = options.names();
        this.management = management;
        this.own = own;
        this.heartbeats = heartbeats;
        segments.put(options.segmentId(), own);
    }

    /** 2.1 steps 5-13. */
    static Session join(V110Options options) {
        SessionNames names = options.names();
        ManagementSegment.setLockTimeoutMs(options.lockTimeoutMs());
        ManagementSegment management = ManagementSegment.openOrCreate(names.management()); // steps 6, 7
        LOG.debug("Generated shmid '{}' out of session id '{}'.", options.shmId(), options.session());
        if (options.monitor()) {
            MonitorSpawn.ensureRunning(V110MonitorPlan.of(names, options.shmId())); // step 10, outside the session mutex (S12)
        }
        Heartbeats heartbeats = Heartbeats.start(management); // step 11
        boolean counted = false;
        DataSegment own = null;
        try {
            management.lock();
            try {
                if (management.ensureSessionInfoLocked(options.session(), (int) org.fairmq.protocol.v110.ShmId.effectiveUserId())) {
                    LOG.debug("no session info found, creating and initializing");
                } else {
                    LOG.debug("session info found, name: {}, creator id: {}", management.sessionName(),
                            management.creatorId());
                }
                management.ensureEventCounterLocked();
                long devices = management.incrementDeviceCounterLocked();
                counted = true;
                LOG.trace("incremented device counter, now: {}", devices);
                management.ensureMapsLocked();
                own = openOwnSegmentLocked(options, management);
            } finally {
                management.unlock();
            }
            return new Session(options, management, own, heartbeats);
        } catch (RuntimeException e) {
            heartbeats.close(); // step 13
            if (own != null) {
                own.close();
            }
            if (counted) {
                leave(options, management, Map.of());
            }
            management.close();
            throw e;
        }
    }

    /** 2.1 step 12e-g. */
    private static DataSegment openOwnSegmentLocked(V110Options options, ManagementSegment management) {
        SessionNames names = options.names();
        String name = names.segment(options.segmentId());
        int recorded = management.segmentAlgorithm(options.segmentId());
        boolean created = recorded < 0;
        int algorithm = created ? options.allocation() : recorded;
        if (!created && recorded != options.allocation()) {
            LOG.warn("Allocation algorithm of the opened segment is {}, but requested is {}. Ignoring requested setting.",
                    ProtocolV110.ALLOCATION_NAMES.get(recorded), ProtocolV110.ALLOCATION_NAMES.get(options.allocation()));
        }
        DataSegment segment;
        try {
            segment = DataSegment.openOrCreate(name, options.segmentSize(), algorithm);
        } catch (ShmException e) {
            throw new ShmException("Failed to create/open shared memory segment '" + name + "': " + e.getMessage(), e);
        }
        try {
            if (created) {
                management.registerSegmentLocked(options.segmentId(), algorithm);
            }
            if (options.mlockSegment() || (created && options.mlockSegmentOnCreation())) {
                LOG.debug("Locking the managed segment memory pages...");
                int errno = segment.lockPages();
                if (errno != 0) {
                    throw new ShmException("Could not lock the managed segment memory: errno " + errno);
                }
                LOG.debug("Successfully locked the managed segment memory pages.");
            }
            if (options.zeroSegment() || (created && options.zeroSegmentOnCreation())) {
                LOG.debug("Zeroing the managed segment free memory...");
                segment.zeroFreeMemory();
                LOG.debug("Successfully zeroed the managed segment free memory.");
            }
            if (created) {
                management.incrementEventCounterLocked();
            }
        } catch (RuntimeException e) {
            segment.close();
            throw e;
        }
        LOG.debug("{} managed shared memory segment {}. Size: {} bytes. Available: {} bytes. Allocation algorithm: {}",
                created ? "Created" : "Opened", name, segment.size(), segment.freeMemory(),
                ProtocolV110.ALLOCATION_NAMES.get(algorithm));
        return segment;
    }

    V110Options options() {
        return options;
    }

    SessionNames names() {
        return names;
    }

    ManagementSegment management() {
        return management;
    }

    /** Nanoseconds since this transport's last heartbeat; -1 before the first. */
    long nanosSinceLastHeartbeat() {
        return heartbeats.nanosSinceLastBeat();
    }

    /** The segment this transport allocates in (--shm-segment-id). */
    DataSegment own() {
        return own;
    }

    /**
     * Segment {@code id} of the session, opened on first use with its recorded algorithm; null if the
     * segment map does not know it or it cannot be opened (logged as the reference does).
     */
    DataSegment segment(int id) {
        DataSegment segment = segments.get(id);
        if (segment != null) {
            return segment;
        }
        synchronized (segments) {
            segment = segments.get(id);
            if (segment == null && !closed) {
                try {
                    int algorithm = management.segmentAlgorithm(id);
                    if (algorithm < 0) {
                        // the frame naming it is reported (rate-limited) as rejected: no log line per frame
                        LOG.debug("Could not get segment with id '{}': not in the segment map", id);
                        return null;
                    }
                    segment = DataSegment.openOnly(names.segment(id), algorithm);
                    LOG.debug("Located segment with id '{}'", id);
                    segments.put(id, segment);
                } catch (ShmException e) {
                    LOG.error("Could not get segment with id '{}': {}", id, e.getMessage());
                    return null;
                }
            }
            return segment;
        }
    }

    /** 2.3 steps 2-5. */
    @Override
    public void close() {
        synchronized (segments) {
            if (closed) {
                return;
            }
            closed = true;
        }
        heartbeats.close();
        try {
            leave(options, management, segments);
        } finally {
            for (DataSegment segment : segments.values()) {
                segment.close();
            }
            management.close();
        }
    }

    /**
     * Leak accounting of the last user before the Cleanup: every data segment of the session (those
     * this transport has open, the others opened for the walk) whose chunks would vanish with it
     * unnoticed is named with its chunks. Nothing is logged for clean segments; a walk that fails is
     * reported and does not stop the cleanup.
     */
    private static void warnAboutLeaks(SessionNames names, ManagementSegment management, Map<Integer, DataSegment> open) {
        List<ManagementSegment.SegmentEntry> entries;
        try {
            entries = management.hasSegmentMap() ? management.segments() : List.of();
        } catch (ShmException e) {
            LOG.warn("shmem: could not read the segment map to account for leaked chunks: {}", e.getMessage());
            return;
        }
        for (ManagementSegment.SegmentEntry entry : entries) {
            String name = names.segment(entry.id());
            DataSegment segment = open.get(entry.id());
            try (DataSegment opened = segment == null ? DataSegment.openOnly(name, entry.algorithm()) : null) {
                AllocatedBlocks blocks = (segment == null ? opened : segment).allocatedBlocks(LeakReport.LOGGED_CHUNKS);
                if (!blocks.isEmpty()) {
                    LOG.warn(LeakReport.lastDeviceWarning(name, blocks));
                }
            } catch (ShmException e) {
                LOG.warn("shmem: could not account for the chunks still allocated in \"{}\" before removing it: {}",
                        name, e.getMessage());
            }
        }
    }

    /** 2.3 steps 3-4: the decrement, and the last user's cleanup while the mutex is still held. */
    private static void leave(V110Options options, ManagementSegment management, Map<Integer, DataSegment> open) {
        try {
            management.lock();
        } catch (RuntimeException e) {
            LOG.error("Manager could not acquire lock: {}", e.getMessage());
            return;
        }
        try {
            long left = management.decrementDeviceCounterLocked();
            if (left == 0) {
                if (options.noCleanup()) {
                    LOG.debug("Last segment user, skipping removal (--shm-no-cleanup is true).");
                } else {
                    LOG.debug("Last segment user, removing segment.");
                    warnAboutLeaks(options.names(), management, open);
                    SessionCleanup.cleanup(options.shmId(), new SessionCleanup.Output() {
                        @Override
                        public void info(String line) {
                            LOG.info(line);
                        }

                        @Override
                        public void debug(String line) {
                            LOG.debug(line);
                        }
                    });
                }
            } else if (left > 0) {
                LOG.debug("Other segment users present ({}), skipping removal.", left);
            }
        } finally {
            management.unlock();
        }
    }
}
