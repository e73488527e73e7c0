package org.fairmq.transport.shmem.v110;

/**
 * One managed segment or unmanaged region of a session, as {@code GetRegionInfo} and region events
 * report it (PROTOCOL-V110.md 4.7; {@code fair::mq::RegionInfo} without the local pointer).
 *
 * @param managed true for a managed segment, false for an unmanaged region
 * @param id      segment or region id
 * @param size    bytes
 * @param flags   the region's userFlags (0 for segments)
 * @param event   created, or destroyed once the region's controller destroyed it
 */
public record RegionInfo(boolean managed, int id, long size, long flags, Event event) {
    /** {@code fair::mq::RegionEvent}: created 0, destroyed 1, local_only 2 (zeromq only). */
    public enum Event {
        CREATED,
        DESTROYED,
        LOCAL_ONLY
    }
}
