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
        return holdsChunk() ? chunk.size : 0;
    }

    /** Managed: the chunk's handle (start of its ShmHeader); region: the offset; else -1 (3.5). */
    public long handle() {
        return holdsChunk() ? chunk.handle : MetaHeaderLayout.NO_HANDLE;
    }

    /** Managed: the segment holding the chunk; region: that of a 2-byte RefCount chunk; else the transport's own. */
    public int segmentId() {
        return holdsChunk() ? chunk.segmentId : transport.options().segmentId();
    }

    /** True for a message of a region (fManaged false). */
    public boolean isRegionMessage() {
        return chunk.state == ChunkReference.REGION;
    }

    /** Region messages: the region id; else 0. */
    public int regionId() {
        return isRegionMessage() ? chunk.region.id() : 0;
    }

    /** Region messages: the hint given at creation, returned in the acknowledgement (3.1). */
    public long hint() {
        return isRegionMessage() ? chunk.hint : 0;
    }

    /** Region messages that were copied: their RefCount's handle; else -1 (3.1). */
    public long shared() {
        return isRegionMessage() ? chunk.shared : MetaHeaderLayout.NO_HANDLE;
    }

    /** {@code GetRefCount} (3.9): 1 without buffer or for an unshared region message. */
    public int refCount() {
        if (chunk.state == ChunkReference.OWNED) {
            return chunk.segment.refCount(chunk.handle);
        }
        if (chunk.state == ChunkReference.REGION && chunk.shared >= 0) {
            if (chunk.region.refCounts() != null) {
                return chunk.region.refCounts().count(chunk.shared);
            }
            DataSegment counts = transport.session().segment(chunk.segmentId);
            return counts == null ? 1 : counts.refCount(chunk.shared);
        }
        return 1;
    }

    boolean holdsChunk() {
        return chunk.state == ChunkReference.OWNED || chunk.state == ChunkReference.REGION;
    }

    /**
     * The user data itself, zero-copy; the same buffer at every call (reset to position 0, limit =
     * capacity = size) while the message holds this chunk. Valid until sent, rebuilt or closed.
     */
    @Override
    public ByteBuffer data() {
        if (!holdsChunk() || chunk.size == 0) {
            return NO_PAYLOAD;
        }
        if (view == null) {
            view = chunk.state == ChunkReference.REGION ? chunk.region.mapping().buffer(chunk.handle, chunk.size)
                    : chunk.segment.buffer(chunk.dataOffset, chunk.size);
        }
        return view.clear();
    }

    @Override
    public void rebuild() {
        chunk.release(transport.session());
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

    /** A message of region block {@code offset..offset+size} (4.3): no allocation. */
    void adoptRegion(RegionAccess region, long offset, long size, long hint, long shared, int segmentId) {
        chunk.state = ChunkReference.REGION;
        chunk.region = region;
        chunk.handle = offset;
        chunk.size = size;
        chunk.hint = hint;
        chunk.shared = shared;
        chunk.segmentId = segmentId;
        view = null;
    }

    /**
     * 3.11: releases what this message holds, then shares {@code source}'s chunk (its count + 1); a
     * source without buffer leaves this message empty. A region source's first copy makes its
     * RefCount (value 2) in the region's rrc, or a 2-byte chunk in this transport's segment when
     * the region has none; both messages then carry its handle.
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
        if (other.isRegionMessage()) {
            other.shareRegionBlock();
            ChunkReference c = other.chunk;
            adoptRegion(c.region, c.handle, c.size, c.hint, c.shared, c.segmentId);
            return;
        }
        int count = other.chunk.segment.addReference(other.chunk.handle);
        if (count < 0) {
            throw new IllegalStateException("chunk " + other.chunk.handle + " already has 65535 references (3.6)");
        }
        adopt(other.chunk.segment, other.chunk.segmentId, other.chunk.handle, other.chunk.size, other.chunk.dataOffset);
    }

    /** One more reference to this region message's block: its RefCount made (2) or incremented. */
    private void shareRegionBlock() {
        if (chunk.region.refCounts() != null) {
            if (chunk.shared < 0) {
                long handle = chunk.region.refCounts().allocate(2);
                if (handle < 0) {
                    throw new IllegalStateException("Insufficient space in the reference count segment "
                            + chunk.region.id() + (handle == -2 ? " (its lock was held too long)" : ""));
                }
                chunk.shared = handle;
            } else if (chunk.region.refCounts().addReference(chunk.shared) < 0) {
                throw new IllegalStateException("region block already has 65535 references (4.4)");
            }
            return;
        }
        if (chunk.shared < 0) {
            long handle = transport.allocator().allocate(2, 0);
            DataSegment own = transport.session().own();
            own.addReference(handle); // refcount 1, then 2 (3.11)
            chunk.shared = handle;
            chunk.segmentId = transport.options().segmentId();
        } else {
            DataSegment counts = transport.session().segment(chunk.segmentId);
            if (counts == null || counts.addReference(chunk.shared) < 0) {
                throw new IllegalStateException("cannot count another reference to region block " + chunk.handle);
            }
        }
    }

    /** After a successful send: the reference went with the frame. */
    void markSent() {
        if (holdsChunk()) {
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
