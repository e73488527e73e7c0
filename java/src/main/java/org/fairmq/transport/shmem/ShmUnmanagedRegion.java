package org.fairmq.transport.shmem;

import java.nio.ByteBuffer;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.ipc.ShmException;
import org.fairmq.transport.UnmanagedRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region created by this transport (PROTOCOL.md 3.10): id from the RegionCounter of the
 * management segment, object {@code <prefix>region_<id>} of exactly the requested size. Closing
 * removes the name; receivers keep their mappings. Thread-safe except for close.
 */
public final class ShmUnmanagedRegion implements UnmanagedRegion {
    private static final Logger LOG = LoggerFactory.getLogger(ShmUnmanagedRegion.class);

    private final long id;
    private final SharedRegion mapping;
    private final Runnable onClose;

    private ShmUnmanagedRegion(long id, SharedRegion mapping, Runnable onClose) {
        this.id = id;
        this.mapping = mapping;
        this.onClose = onClose;
    }

    static ShmUnmanagedRegion create(ShmTransportFactory transport, long size) {
        long id = transport.session().management().nextRegionId();
        String name = transport.session().names().region(id);
        SharedRegion mapping;
        try {
            mapping = SharedRegion.createOnly(name, size);
        } catch (ShmException e) {
            LOG.error("shmem: cannot create region. Already created/not cleaned up?");
            throw new ShmException("cannot create region " + id + " \"" + name + "\": " + e.getMessage()
                    + " (already created / not cleaned up? try fairmq-shmmonitor --cleanup)", e);
        }
        ShmUnmanagedRegion region = new ShmUnmanagedRegion(id, mapping, () -> transport.regions().forget(id));
        transport.regions().register(id, mapping);
        return region;
    }

    /** The region id carried in MetaHeaders. */
    public long id() {
        return id;
    }

    SharedRegion mapping() {
        return mapping;
    }

    @Override
    public ByteBuffer data() {
        return mapping.buffer(0, mapping.size());
    }

    @Override
    public long size() {
        return mapping.size();
    }

    @Override
    public void close() {
        if (!mapping.isOpen()) {
            return;
        }
        LOG.debug("destroying region");
        onClose.run();
        SharedRegion.remove(mapping.name());
        mapping.close();
    }
}
