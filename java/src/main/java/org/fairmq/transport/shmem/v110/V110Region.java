package org.fairmq.transport.shmem.v110;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.transport.UnmanagedRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An unmanaged region this transport controls (PROTOCOL-V110.md 4.1, 4.5, 4.6): {@code rg_<id>}
 * created under the session mutex with an automatic id (from 1024) or a given one, its
 * reference-count segment {@code rrc_<id>} when {@code rcSegmentSize > 0}, registered in the region
 * map (EventCounter++), and an acknowledgement reader on {@code rgq_<id>} that tells the listener
 * about every block whose last reference any process gave back. {@link #close()} follows 4.6: the
 * reader drains for the linger, the entry is marked destroyed (EventCounter++), and {@code rg},
 * {@code rrc}, {@code rgq} are removed. File-backed regions are not offered (14.12, S19).
 *
 * <p>Ownership: close it after its messages and before its transport (the transport destroys a
 * region still open when it closes). Thread-safe except close.
 */
public final class V110Region implements UnmanagedRegion {
    private static final Logger LOG = LoggerFactory.getLogger(V110Region.class);

    private final V110TransportFactory transport;
    private final int id;
    private final long size;
    private final RegionAccess access;
    private final AckReceiver receiver;
    private final MessageQueue receiverQueue;
    private final AtomicBoolean closed = new AtomicBoolean();

    private V110Region(V110TransportFactory transport, int id, long size, RegionAccess access, MessageQueue receiverQueue,
            AckReceiver receiver) {
        this.transport = transport;
        this.id = id;
        this.size = size;
        this.access = access;
        this.receiverQueue = receiverQueue;
        this.receiver = receiver;
    }

    /** 4.1: {@code id} null for an automatic one; {@code listener} null to only count acknowledgements. */
    static V110Region create(V110TransportFactory transport, long size, Integer id, long rcSegmentSize, long userFlags,
            RegionAckListener listener) {
        Session session = transport.session();
        SessionNames names = session.names();
        ManagementSegment mng = session.management();
        int regionId;
        SharedRegion mapping;
        mng.lock();
        try {
            regionId = id != null ? id : mng.nextRegionIdLocked();
            if (mng.regions().containsKey(regionId)) {
                throw new IllegalStateException("Unmanaged Region with id " + regionId + " has already been registered. "
                        + "Only unique IDs per session are allowed.");
            }
            mapping = SharedRegion.createOnly(names.region(regionId), size);
            try {
                mng.registerRegionLocked(regionId, "", 0, userFlags, size, rcSegmentSize);
                LOG.debug("Registering unmanaged shared memory region with id {}", regionId);
            } catch (RuntimeException e) {
                mapping.close();
                SharedRegion.remove(names.region(regionId));
                throw e;
            }
        } finally {
            mng.unlock();
        }
        RegionAccess access = transport.regions().openAccess(regionId, mapping, rcSegmentSize);
        MessageQueue queue = MessageQueue.openOrCreate(names.regionQueue(regionId), ProtocolV110.ACK_QUEUE_CAPACITY,
                ProtocolV110.ACK_QUEUE_MESSAGE_SIZE);
        AckReceiver receiver = new AckReceiver(queue, listener != null ? listener : (offset, bytes, hint) -> {},
                ProtocolV110.REGION_LINGER_MS, regionId);
        transport.regions().register(access);
        LOG.debug("Created unmanaged shared memory region: {} (controller), refCount segment size: {}",
                names.region(regionId), rcSegmentSize);
        V110Region region = new V110Region(transport, regionId, size, access, queue, receiver);
        transport.regions().control(region);
        return region;
    }

    /** The region id (4.1). */
    public int id() {
        return id;
    }

    @Override
    public long size() {
        return size;
    }

    /** The whole region, zero copy (valid until closed). */
    @Override
    public ByteBuffer data() {
        return access.mapping().buffer(0, size);
    }

    /** Blocks acknowledged to this region so far (4.5). */
    public long acknowledged() {
        return receiver.received();
    }

    RegionAccess access() {
        return access;
    }

    V110TransportFactory transport() {
        return transport;
    }

    /** 4.6. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SessionNames names = transport.session().names();
        access.acks().close(); // this process's own last acknowledgements first
        receiver.close();
        receiverQueue.close();
        ManagementSegment mng = transport.session().management();
        mng.lock();
        try {
            mng.markRegionDestroyedLocked(id);
        } finally {
            mng.unlock();
        }
        transport.regions().forget(id);
        SharedRegion.remove(names.region(id));
        ManagedSegment.remove(names.refCountSegment(id));
        MessageQueue.remove(names.regionQueue(id));
        LOG.debug("~UnmanagedRegion(): {} (controller)", names.region(id));
    }
}
