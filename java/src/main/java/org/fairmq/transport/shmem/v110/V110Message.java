package org.fairmq.transport.shmem.v110;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import org.fairmq.ipc.DataSegment;
import org.fairmq.protocol.v110.MetaHeaderLayout;
import org.fairmq.transport.Message;
import org.fairmq.transport.TransportType;

/**
 * A message of the v1.10 profile (PROTOCOL-V110.md 3.5-3.12): empty, or one reference to a
 * refcounted chunk in a managed segment of the session. Only its 40-byte MetaHeader travels.
 *
 * <p>Ownership (3.9, 14.9): a reference this message allocated, received or copied is given back
 * exactly once, on {@link #close()}, {@link #rebuild} or when another message is received into it
 * (unlike the reference, S1, S2); once sent it belongs to the receiver and sending the message
 * again sends an empty one (unlike the reference, S3). {@link #copy} is the reference's soft copy:
 * both messages hold a reference to the same chunk (count 2). A message dropped without close is
 * reported by a Cleaner ({@link V110TransportFactory#leakedChunks()}), never released.
 * Not thread-safe.
 */
public final class V110Message implements Message {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocateDirect(0);

    private final V110TransportFactory transport;
    private final ChunkReference chunk;
    private final Cleaner.Cleanable cleanable;
    private ByteBuffer view;

    V110Message(V110TransportFactory transport) {
        this.transport = transport;
        this.chunk = new ChunkReference(transport.leakCounter());
        this.cleanable = CLEANER.register(this, chunk);
    }

    @Override
    public TransportType transportType() {
        return TransportType.SHMEM;
    }

    public V110TransportFactory transport() {
        return transport;
    }

    @Override
    public long size() {
        return chunk.state == ChunkReference.OWNED ? chunk.size : 0;
    }

    /** The chunk's handle (start of its ShmHeader) in its segment, or -1 (3.5). */
    public long handle() {
        return chunk.state == ChunkReference.OWNED ? chunk.handle : MetaHeaderLayout.NO_HANDLE;
    }

    /** The segment holding the chunk; for an empty message the transport's own. */
    public int segmentId() {
        return chunk.state == ChunkReference.OWNED ? chunk.segmentId : transport.options().segmentId();
    }

    /** The chunk's reference count (1 for a message without buffer, as {@code GetRefCount}, 3.9). */
    public int refCount() {
        return chunk.state == ChunkReference.OWNED ? chunk.segment.refCount(chunk.handle) : 1;
    }

    boolean holdsChunk() {
        return chunk.state == ChunkReference.OWNED;
    }

    /**
     * The user data itself, zero-copy; the same buffer at every call (reset to position 0, limit =
     * capacity = size) while the message holds this chunk. Valid until sent, rebuilt or closed.
     */
    @Override
    public ByteBuffer data() {
        if (chunk.state != ChunkReference.OWNED || chunk.size == 0) {
            return NO_PAYLOAD;
        }
        if (view == null) {
            view = chunk.segment.buffer(chunk.dataOffset, chunk.size);
        }
        return view.clear();
    }

    @Override
    public void rebuild() {
        chunk.release();
        view = null;
    }

    @Override
    public void rebuild(long size) {
        rebuild();
        allocate(size, 0);
    }

    /** A new chunk of {@code size} bytes in the transport's segment (3.10); 0 bytes: no chunk. */
    void allocate(long size, long alignment) {
        if (size == 0) {
            return; // CreateMessage(0): no allocation, handle -1 (3.7)
        }
        long handle = transport.allocator().allocate(size, alignment);
        DataSegment segment = transport.session().own();
        adopt(segment, transport.options().segmentId(), handle, size, segment.dataOffset(handle));
    }

    /** Takes over a validated chunk reference (received or allocated). */
    void adopt(DataSegment segment, int segmentId, long handle, long size, long dataOffset) {
        chunk.state = ChunkReference.OWNED;
        chunk.segment = segment;
        chunk.segmentId = segmentId;
        chunk.handle = handle;
        chunk.size = size;
        chunk.dataOffset = dataOffset;
        view = null;
    }

    /**
     * 3.11: releases what this message holds, then shares {@code source}'s chunk (its count + 1); a
     * source without buffer leaves this message empty.
     */
    @Override
    public void copy(Message source) {
        if (!(source instanceof V110Message) || ((V110Message) source).transport != transport) {
            throw new IllegalArgumentException("a v1.10 shmem message copies only messages of its own transport");
        }
        V110Message other = (V110Message) source;
        if (other == this) {
            return;
        }
        rebuild();
        if (!other.holdsChunk()) {
            return;
        }
        int count = other.chunk.segment.addReference(other.chunk.handle);
        if (count < 0) {
            throw new IllegalStateException("chunk " + other.chunk.handle + " already has 65535 references (3.6)");
        }
        adopt(other.chunk.segment, other.chunk.segmentId, other.chunk.handle, other.chunk.size, other.chunk.dataOffset);
    }

    /** After a successful send: the reference went with the frame. */
    void markSent() {
        if (chunk.state == ChunkReference.OWNED) {
            chunk.clear();
            chunk.state = ChunkReference.SENT;
        }
        view = null;
    }

    @Override
    public void close() {
        rebuild();
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "V110Message[size=" + size() + ", segment=" + segmentId() + ", handle=" + handle() + "]";
    }
}
