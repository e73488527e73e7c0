package org.fairmq.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 32-byte metadata frame of every non-empty shmem message (PROTOCOL.md 3.1), little-endian:
 *
 * <pre>
 *   0               8               16              24              32
 *   +---------------+---------------+---------------+---------------+
 *   | fSize (u64)   | fRegionId(u64)| fHandle (i64) | zero padding  |
 *   +---------------+---------------+---------------+---------------+
 * </pre>
 *
 * Region id 0 means the main segment; n >= 1 means {@code <prefix>region_<n>}. An empty message is
 * a zero-length frame instead (3.3). Stateless; the static helpers are thread-safe.
 */
public final class MetaHeaderDescriptor {
    private MetaHeaderDescriptor() {}

    public static final int SIZE_OFFSET = 0;
    public static final int REGION_ID_OFFSET = 8;
    public static final int HANDLE_OFFSET = 16;
    public static final int PADDING_OFFSET = 24;
    /** sizeof(MetaHeader) = alignof(MetaHeader) = 32. */
    public static final int LENGTH = 32;

    /** Writes a header at {@code buffer}'s position..position+32 without moving it; padding zeroed. */
    public static void write(ByteBuffer buffer, long size, long regionId, long handle) {
        ByteBuffer b = buffer.order() == ByteOrder.LITTLE_ENDIAN ? buffer : buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int at = buffer.position();
        b.putLong(at + SIZE_OFFSET, size);
        b.putLong(at + REGION_ID_OFFSET, regionId);
        b.putLong(at + HANDLE_OFFSET, handle);
        b.putLong(at + PADDING_OFFSET, 0L);
    }

    /** A new 32-byte little-endian array holding the header. */
    public static byte[] encode(long size, long regionId, long handle) {
        byte[] frame = new byte[LENGTH];
        write(ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN), size, regionId, handle);
        return frame;
    }

    public static long size(ByteBuffer frame) {
        return frame.order(ByteOrder.LITTLE_ENDIAN).getLong(frame.position() + SIZE_OFFSET);
    }

    public static long regionId(ByteBuffer frame) {
        return frame.order(ByteOrder.LITTLE_ENDIAN).getLong(frame.position() + REGION_ID_OFFSET);
    }

    public static long handle(ByteBuffer frame) {
        return frame.order(ByteOrder.LITTLE_ENDIAN).getLong(frame.position() + HANDLE_OFFSET);
    }

    /** Throws unless the frame is exactly a header long; the message names the frame length. */
    public static void checkLength(int frameLength) {
        if (frameLength != LENGTH) {
            throw new IllegalArgumentException("malformed shmem metadata frame: length=" + frameLength + ", expected="
                    + LENGTH + " (or 0 for an empty message)");
        }
    }
}
