package org.fairmq.protocol.v110;

import java.nio.ByteBuffer;

/**
 * The 40-byte {@code fair::mq::shmem::MetaHeader} (PROTOCOL-V110.md 3.1), raw little-endian host
 * bytes, and the frames built from it (3.2, 3.3): a single message is one frame with the header at
 * 0; a multipart message is one frame with a u64 part count at 0 and the headers at 8, 48, 88, ...;
 * both padded to {@code --shm-metadata-msg-size}. Stateless; the static helpers take little-endian
 * buffers and use absolute offsets.
 *
 * <pre>
 *   0        8        16         24         32     34      36       37..39
 *   | fSize  | fHint  | fHandle  | fShared  | fRegionId | fSegmentId | fManaged | padding |
 * </pre>
 */
public final class MetaHeaderLayout {
    private MetaHeaderLayout() {}

    public static final int SIZE = 0;
    public static final int HINT = 8;
    public static final int HANDLE = 16;
    public static final int SHARED = 24;
    public static final int REGION_ID = 32;
    public static final int SEGMENT_ID = 34;
    public static final int MANAGED = 36;
    /** sizeof(MetaHeader) (3.1). */
    public static final int LENGTH = 40;
    /** The multipart frame's part count, a u64 at offset 0 (3.3). */
    public static final int PART_COUNT_LENGTH = 8;
    /** "no buffer" / "not shared" (3.5, 3.7). */
    public static final long NO_HANDLE = -1;

    /** Length of a single-part frame (3.2). */
    public static int singleFrameLength(int metadataSize) {
        return Math.max(metadataSize, LENGTH);
    }

    /** Length of a multipart frame of {@code parts} parts (3.3). */
    public static long multipartFrameLength(int parts, int metadataSize) {
        return Math.max(metadataSize, PART_COUNT_LENGTH + (long) LENGTH * parts);
    }

    /** Offset of part {@code index}'s header in a multipart frame. */
    public static int partOffset(int index) {
        return PART_COUNT_LENGTH + LENGTH * index;
    }

    /** Writes one header at {@code at}; the three padding bytes are zeroed (14.7). */
    public static void write(ByteBuffer frame, int at, long size, long hint, long handle, long shared, int regionId,
            int segmentId, boolean managed) {
        frame.putLong(at + SIZE, size);
        frame.putLong(at + HINT, hint);
        frame.putLong(at + HANDLE, handle);
        frame.putLong(at + SHARED, shared);
        frame.putShort(at + REGION_ID, (short) regionId);
        frame.putShort(at + SEGMENT_ID, (short) segmentId);
        frame.putInt(at + MANAGED, managed ? 1 : 0); // fManaged and the padding after it
    }

    public static long size(ByteBuffer frame, int at) {
        return frame.getLong(at + SIZE);
    }

    public static long hint(ByteBuffer frame, int at) {
        return frame.getLong(at + HINT);
    }

    public static long handle(ByteBuffer frame, int at) {
        return frame.getLong(at + HANDLE);
    }

    public static long shared(ByteBuffer frame, int at) {
        return frame.getLong(at + SHARED);
    }

    public static int regionId(ByteBuffer frame, int at) {
        return Short.toUnsignedInt(frame.getShort(at + REGION_ID));
    }

    public static int segmentId(ByteBuffer frame, int at) {
        return Short.toUnsignedInt(frame.getShort(at + SEGMENT_ID));
    }

    /** The raw fManaged byte: 1 managed, 0 region; anything else is no header a peer wrote (S9). */
    public static int managedByte(ByteBuffer frame, int at) {
        return Byte.toUnsignedInt(frame.get(at + MANAGED));
    }
}
