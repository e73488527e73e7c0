package org.fairmq.transport.shmem.v110;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.RefCountSegment;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.protocol.v110.SessionNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The regions this transport touches (PROTOCOL-V110.md 4.2): a region is opened as a viewer the
 * first time a message of it arrives, from its RegionInfo (read under the session mutex), and kept
 * until the transport closes (as the reference does, S23); the regions this transport controls are
 * registered here when created. Thread-safe.
 */
final class Regions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Regions.class);

    private final Session session;
    private final SessionNames names;
    private final Map<Integer, RegionAccess> open = new ConcurrentHashMap<>();
    private final Map<Integer, V110Region> controlled = new ConcurrentHashMap<>();
    private boolean closed;
    /** EventCounter when a lookup last failed: until it changes no region appeared, so no new lookup (hostile storms). */
    private long eventsAtLastMiss = -2;

    Regions(Session session) {
        this.session = session;
        this.names = session.names();
    }

    /** The region {@code id}, opened as a viewer if needed; null if the session has no such live region. */
    RegionAccess lookup(int id) {
        RegionAccess access = open.get(id);
        if (access != null) {
            return access;
        }
        synchronized (this) {
            access = open.get(id);
            if (access != null || closed) {
                return access;
            }
            ManagementSegment.RegionEntry entry;
            ManagementSegment mng = session.management();
            long events = mng.eventCount();
            if (events == eventsAtLastMiss) {
                return null; // no region was registered since the last miss (1.3.4)
            }
            mng.lock();
            try {
                entry = mng.regions().get(id);
            } finally {
                mng.unlock();
            }
            if (entry == null || !entry.path().isEmpty()) {
                // the frame naming it is reported (rate-limited) as rejected: no log line per frame
                LOG.debug("Could not get remote region with id '{}'. Does the region creator run with the same session id?",
                        id);
                eventsAtLastMiss = events;
                return null;
            }
            try {
                access = openAccess(id, SharedRegion.openOnly(names.region(id)), entry.rcSegmentSize());
            } catch (ShmException e) {
                LOG.error("Could not open view for shared_memory_object for region {}: {}", id, e.getMessage());
                return null;
            }
            LOG.debug("Opened unmanaged shared memory region: {} (viewer), refCount segment size: {}", names.region(id),
                    entry.rcSegmentSize());
            open.put(id, access);
            return access;
        }
    }

    /** The access of a region whose mapping this process has (a controller's, or a viewer's). */
    RegionAccess openAccess(int id, SharedRegion mapping, long rcSegmentSize) {
        RefCountSegment refCounts = null;
        MessageQueue queue = null;
        try {
            refCounts = rcSegmentSize > 0 ? RefCountSegment.openOrCreate(names.refCountSegment(id), rcSegmentSize) : null;
            queue = MessageQueue.openOrCreate(names.regionQueue(id), ProtocolV110.ACK_QUEUE_CAPACITY,
                    ProtocolV110.ACK_QUEUE_MESSAGE_SIZE);
            return new RegionAccess(id, mapping, refCounts, queue, new AckSender(queue, id));
        } catch (RuntimeException e) {
            if (queue != null) {
                queue.close();
            }
            if (refCounts != null) {
                refCounts.close();
            }
            mapping.close();
            throw e;
        }
    }

    void register(RegionAccess access) {
        open.put(access.id(), access);
    }

    /** A region this transport controls: destroyed (4.6) at close if its user did not. */
    void control(V110Region region) {
        controlled.put(region.id(), region);
    }

    /** Forgets and closes a region's access (its controller is destroying it). */
    void forget(int id) {
        controlled.remove(id);
        RegionAccess access = open.remove(id);
        if (access != null) {
            access.close();
        }
    }

    @Override
    public void close() {
        for (V110Region region : controlled.values()) {
            LOG.debug("destroying region {}, still open at the transport's close", region.id());
            region.close();
        }
        closeViews();
    }

    private synchronized void closeViews() {
        closed = true;
        for (RegionAccess access : open.values()) {
            access.close();
        }
        open.clear();
    }
}
