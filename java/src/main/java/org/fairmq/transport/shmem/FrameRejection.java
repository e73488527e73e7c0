package org.fairmq.transport.shmem;

import org.fairmq.ipc.ChunkCheck;

/**
 * Why a received shmem frame was dropped instead of becoming a message (PROTOCOL.md 3.1, 3.3, D18).
 * A rejected frame frees nothing it names (it may not be ours); the socket goes on with the next one.
 */
public enum FrameRejection {
    /** Neither 0 nor 32 bytes long. */
    MALFORMED_LENGTH("malformed length"),
    /** A main-segment handle before the first chunk (Boost's own memory), past the last, or misaligned. */
    OUTSIDE_CHUNKS("handle outside the segment's chunks"),
    /** A main-segment handle whose block header is not an allocated block its neighbours confirm. */
    NOT_A_CHUNK("not an allocated chunk"),
    /** A block of one of Boost's own objects (the DeviceCounter): never a message. */
    BOOST_OBJECT("a block of Boost's own objects"),
    /** A real chunk, but the MetaHeader's size does not fit in it. */
    SIZE_PAST_CHUNK("size larger than the chunk"),
    /** A region id for which no region exists (never created, or removed). */
    UNKNOWN_REGION("unknown region"),
    /** An offset and size not inside the region. */
    OUTSIDE_REGION("outside the region"),
    /** A valid part of a multipart message that had an invalid part: freed with the message. */
    PART_OF_REJECTED_MESSAGE("valid part of a rejected multipart message, dropped with it"),
    /** v1.10: a segment id that is not in the session's segment map (the reference terminates, S8). */
    UNKNOWN_SEGMENT("unknown segment id"),
    /** v1.10: no live ShmHeader at the handle (hdrOffset, userOffset or a zero reference count, 3.6). */
    NOT_A_SHM_HEADER("no live ShmHeader at the handle"),
    /** v1.10: fManaged is neither 0 nor 1 (S9), or a region message's fShared names no live count. */
    MALFORMED_HEADER("malformed MetaHeader fields");

    private final String text;

    FrameRejection(String text) {
        this.text = text;
    }

    /** A few words for log lines and summaries. */
    public String text() {
        return text;
    }

    /** The rejection for a failed main-segment check. */
    public static FrameRejection of(ChunkCheck check) {
        switch (check) {
            case OUTSIDE_CHUNKS: return OUTSIDE_CHUNKS;
            case NOT_ALLOCATED_BLOCK: return NOT_A_CHUNK;
            case SIZE_PAST_CHUNK: return SIZE_PAST_CHUNK;
            case BOOST_OBJECT: return BOOST_OBJECT;
            case BAD_SHM_HEADER: return NOT_A_SHM_HEADER;
            default: throw new IllegalArgumentException("not a rejection: " + check);
        }
    }
}
