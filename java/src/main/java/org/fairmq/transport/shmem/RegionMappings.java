package org.fairmq.transport.shmem;

import java.util.HashMap;
import java.util.Map;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.ShmNames;

/**
 * The regions this transport can resolve: its own, and remote ones opened on first receipt, one
 * mapping per region per process (not per message as in the reference, D21). An unknown or vanished
 * region is an error for that message only. Thread-safe.
 */
final class RegionMappings implements AutoCloseable {
    private final ShmNames names;
    private final Map<Long, SharedRegion> byId = new HashMap<>();
    private final Map<Long, SharedRegion> remote = new HashMap<>();
    private long lastId = -1;
    private SharedRegion last;

    RegionMappings(ShmNames names) {
        this.names = names;
    }

    synchronized void register(long id, SharedRegion mapping) {
        byId.put(id, mapping);
        lastId = -1;
    }

    synchronized void forget(long id) {
        byId.remove(id);
        lastId = -1;
    }

    /** The mapping of region {@code id}; opens it on first use; {@link ShmException} if it does not exist. */
    synchronized SharedRegion resolve(long id) {
        if (last != null && id == lastId) { // any id is possible in a frame, -1 (all 0xFF bytes) too
            return last;
        }
        SharedRegion mapping = byId.get(id);
        if (mapping == null) {
            mapping = SharedRegion.openOnly(names.region(id)); // throws ShmNotFoundException naming it
            byId.put(id, mapping);
            remote.put(id, mapping);
        }
        lastId = id;
        last = mapping;
        return mapping;
    }

    /** Unmaps the remote regions (own regions are closed by their owners). */
    @Override
    public synchronized void close() {
        remote.values().forEach(SharedRegion::close);
        remote.clear();
        byId.clear();
        lastId = -1;
        last = null;
    }
}
