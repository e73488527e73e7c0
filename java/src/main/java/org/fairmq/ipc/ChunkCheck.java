package org.fairmq.ipc;

/**
 * What {@link ManagedSegment#validateChunk} found for a (handle, size) from outside, for example from
 * a received MetaHeader: the codes of {@code jni::ChunkCheck} (native/.../jni/ChunkValidator.h).
 */
public enum ChunkCheck {
    /** The payload of an allocated block that holds the size. */
    VALID("a chunk"),
    /** Before the first block's payload (the segment manager's own memory), past the end block, or misaligned. */
    OUTSIDE_CHUNKS("outside the segment's chunks"),
    /** The header in front is no allocated block that its neighbours confirm (forged, freed, or in a payload). */
    NOT_ALLOCATED_BLOCK("not an allocated chunk"),
    /** An allocated block, but smaller than the size. */
    SIZE_PAST_CHUNK("larger than its chunk"),
    /** Undecided: the deeper check needs the segment's allocator lock, which another process held too long. */
    LOCK_TIMED_OUT("undecided: the segment's allocator lock was held too long"),
    /** An allocated block holding one of Boost's named or unique objects (the DeviceCounter). */
    BOOST_OBJECT("a block of Boost's own objects"),
    /** v1.10 data segments: no live ShmHeader at the chunk start (PROTOCOL-V110.md 3.6; {@link DataSegment#validate}). */
    BAD_SHM_HEADER("no live ShmHeader");

    private static final ChunkCheck[] BY_CODE = values();

    private final String text;

    ChunkCheck(String text) {
        this.text = text;
    }

    /** The check of a native code; codes are the ordinals. */
    public static ChunkCheck of(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown chunk check code " + code);
        }
        return BY_CODE[code];
    }

    /** A few words for log lines, e.g. "not an allocated chunk". */
    public String text() {
        return text;
    }
}
