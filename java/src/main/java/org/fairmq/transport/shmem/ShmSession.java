package org.fairmq.transport.shmem;

import org.fairmq.ipc.DeviceCounterProtocol;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.protocol.ShmNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared-memory objects one shmem transport uses, opened in the order of PROTOCOL.md 2.1
 * (named mutex; management segment; main segment; locked DeviceCounter increment) and released in
 * the order of 2.2 step 3 (locked decrement; the last user removes the configured main segment,
 * our fix of D2, and the management segment). The mutex is never removed (2.2 step 4).
 * Not thread-safe: opened and closed by its transport.
 */
final class ShmSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShmSession.class);

    private final ShmNames names;
    private final NamedMutex mutex;
    private final ManagedSegment management;
    private final ManagedSegment main;
    private boolean closed;

    private ShmSession(ShmNames names, NamedMutex mutex, ManagedSegment management, ManagedSegment main) {
        this.names = names;
        this.mutex = mutex;
        this.management = management;
        this.main = main;
    }

    /**
     * Steps 2.1.1 and 2.1.5-2.1.8; {@code reserve}: allocate the main segment's pages up front;
     * {@code monitor}: after the management segment, make sure a monitor watches the names
     * ({@link MonitorPlan}), outside the named mutex.
     */
    static ShmSession open(ShmNames names, long segmentSize, boolean reserve, boolean monitor) {
        NamedMutex mutex = NamedMutex.openOrCreate(names.mutex());
        ManagedSegment management = null;
        ManagedSegment main = null;
        try {
            management = ManagedSegment.openOrCreate(names.managementSegment(), Protocol2017.MANAGEMENT_SEGMENT_SIZE);
            if (monitor) {
                MonitorSpawn.ensureRunning(MonitorPlan.of(names, management));
            }
            main = ManagedSegment.openOrCreate(names.mainSegment(), segmentSize, reserve);
            LOG.debug("shmem: created/opened shared memory segment of {} bytes. Available are {} bytes.", segmentSize,
                    main.freeMemory());
            DeviceCounterProtocol.attach(main, mutex);
            return new ShmSession(names, mutex, management, main);
        } catch (RuntimeException e) {
            LOG.error("Exception during shared memory segment initialization: {}", e.getMessage());
            if (main != null) {
                main.close();
            }
            if (management != null) {
                management.close();
            }
            mutex.close();
            throw e;
        }
    }

    ShmNames names() {
        return names;
    }

    ManagedSegment main() {
        return main;
    }

    ManagedSegment management() {
        return management;
    }

    /** Step 2.2.3, then unmaps. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            DeviceCounterProtocol.detach(main, mutex, names);
        } finally {
            main.close();
            management.close();
            mutex.close();
        }
    }
}
