package org.fairmq.transport.shmem.v110;

import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.RefCountSegment;
import org.fairmq.ipc.SharedRegion;

/**
 * What this process holds of one region (PROTOCOL-V110.md 4.1, 4.2): the mapping of {@code rg},
 * the reference-count segment {@code rrc} if the region has one (else copies count in 2-byte
 * managed chunks, 4.4), and the sender of acknowledgements to {@code rgq}. Every process that
 * touches a region has one, its controller included. Thread-safe; closed by {@link Regions}.
 *
 * @param id            region id
 * @param mapping       the region's memory
 * @param refCounts     {@code rrc_<id>}, or null when its rcSegmentSize is 0
 * @param queue         {@code rgq_<id>}
 * @param acks          the acknowledgement sender of this process
 */
record RegionAccess(int id, SharedRegion mapping, RefCountSegment refCounts, MessageQueue queue, AckSender acks)
        implements AutoCloseable {
    /** Stops the ack sender (flushing what it can), then unmaps. */
    @Override
    public void close() {
        acks.close();
        queue.close();
        if (refCounts != null) {
            refCounts.close();
        }
        mapping.close();
    }
}
