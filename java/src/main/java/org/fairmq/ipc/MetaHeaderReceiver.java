package org.fairmq.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;
import org.fairmq.zmq.ZmqSocket;

/**
 * The receiving half of a shmem socket in one JNI call per frame (jni/MetaHeaderReceiver.h):
 * receive a frame of up to 32 bytes into {@link #frame()}, and for a MetaHeader of the main
 * segment tell whether its (handle, size) is an allocated chunk ({@link #chunkCheck()}), as {@link
 * ManagedSegment#validateChunk} would. Before a receive that would wait, the segment's pending
 * frees ({@link ManagedSegment#deallocateBatched}) go back.
 *
 * <p>Ownership: uses, never owns, the socket and the segment; close this before either. Not
 * thread-safe (a zmq socket never is). Module-internal: its constructor takes a socket of the
 * module's unexported zmq package.
 */
public final class MetaHeaderReceiver implements AutoCloseable {
    private final ShmNative.MetaHeaderReceiver receiver;
    private final ManagedSegment segment;
    private final ByteBuffer buffer;

    public MetaHeaderReceiver(ZmqSocket socket, ManagedSegment segment) {
        this.segment = segment;
        this.buffer = ByteBuffer.allocateDirect(ShmNative.MetaHeaderReceiver.BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long address;
        try (BytePointer pointer = new BytePointer(buffer)) {
            address = pointer.address();
        }
        segment.ensureOpen();
        try {
            this.receiver = new ShmNative.MetaHeaderReceiver(socket.raw(), segment.nativeSegment(), address);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /**
     * One frame: its length (a longer frame than 32 bytes is truncated in {@link #frame()}, its
     * length tells), or -errno (-EAGAIN when a timeout or DONTWAIT found nothing). EINTR is retried.
     */
    public int receive(int flags) {
        int n = receiver.receive(flags);
        int flush = buffer.getInt(ShmNative.MetaHeaderReceiver.FLUSH_OFFSET);
        if (flush != 0) {
            segment.reportFlush(flush);
        }
        return n;
    }

    /** The frame of the last receive (little-endian, offsets of MetaHeaderDescriptor); valid until the next. */
    public ByteBuffer frame() {
        return buffer;
    }

    /** Of the last receive: the check of its chunk if it was a 32-byte frame of region 0, else null. */
    public ChunkCheck chunkCheck() {
        int code = buffer.getInt(ShmNative.MetaHeaderReceiver.CHECK_OFFSET);
        return code < 0 ? null : ChunkCheck.of(code);
    }

    @Override
    public void close() {
        receiver.close();
    }
}
