package org.fairmq.ipc;

/**
 * One block of a managed segment that is still allocated by a user (not one of the protocol's
 * named or unique objects), found by a read-only walk of Boost's block list.
 *
 * @param offset the payload's offset from the segment's base: the handle a MetaHeader carries
 *               (2017: {@code get_handle_from_address}; v1.10: the chunk start)
 * @param size   the bytes Boost lets its owner use ({@code memory_algorithm::size}), at least what
 *               was asked for
 */
public record AllocatedBlock(long offset, long size) {
    /** {@code (offset,size)}, as leak reports list it. */
    @Override
    public String toString() {
        return "(" + offset + "," + size + ")";
    }
}
