package org.fairmq.transport.shmem;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.transport.Message;
import org.fairmq.transport.TransportType;

/**
 * A shmem message (PROTOCOL.md 3.3-3.9): empty, a main-segment chunk, or a slice of a region. The
 * payload is the shared memory itself; only a 32-byte MetaHeader travels over zmq.
 *
 * <p>Ownership (3.4, 11.6, 11.17): a chunk this message allocated or received is freed exactly once,
 * on {@link #close()}, {@link #rebuild} or when another message is received into it; once sent, it
 * belongs to the receiver and is never freed here; region payloads are never freed. A message that
 * is dropped without close leaks its chunk: a Cleaner reports it (warning, and
 * {@link ShmTransportFactory#leakedChunks()}) but does not free it, because a buffer from
 * {@link #data()} may still reach it. Not thread-safe.
 */
public final class ShmMessage implements Message {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocateDirect(0);

    private final ShmTransportFactory transport;
    private final Chunk chunk;
    private final Cleaner.Cleanable cleanable;
    private SharedRegion region;
    private ByteBuffer view;

    ShmMessage(ShmTransportFactory transport) {
        this.transport = transport;
        this.chunk = new Chunk(transport.session().main(), transport.leakCounter());
        this.cleanable = CLEANER.register(this, chunk);
    }

    @Override
    public TransportType transportType() {
        return TransportType.SHMEM;
    }

    /** The transport that made this message. */
    public ShmTransportFactory transport() {
        return transport;
    }

    @Override
    public long size() {
        return chunk.state == Chunk.OWNED || chunk.state == Chunk.REGION ? chunk.size : 0;
    }

    /** The handle: chunk offset in the main segment, or offset in the region. */
    public long handle() {
        return chunk.handle;
    }

    /** 0 for the main segment, else the region id. */
    public long regionId() {
        return chunk.regionId;
    }

    /** True if the message has a payload that goes out as a MetaHeader. */
    boolean hasPayload() {
        return chunk.state == Chunk.OWNED || chunk.state == Chunk.REGION;
    }

    /**
     * The payload itself, zero-copy: the message's one view of its chunk (or region range), reset
     * to position 0, limit = capacity = size, big-endian, at every call. It is the same object for
     * as long as the message holds this payload (and may be handed to a later owner of the same
     * chunk: {@link ChunkViews}), so it allocates nothing once made; use it until the message is
     * sent, rebuilt or closed, never after. An empty message gives a shared empty buffer.
     */
    @Override
    public ByteBuffer data() {
        if (view == null) {
            if (chunk.state == Chunk.OWNED) {
                view = transport.chunkViews().view(chunk.handle, chunk.size);
                return view;
            } else if (chunk.state == Chunk.REGION) {
                view = region.buffer(chunk.handle, chunk.size);
            } else {
                return NO_PAYLOAD; // never the segment base (11.16, D11)
            }
        }
        return ChunkViews.reset(view);
    }

    @Override
    public void rebuild() {
        chunk.release();
        region = null;
        view = null;
    }

    @Override
    public void rebuild(long size) {
        rebuild();
        allocate(size);
    }

    /** Allocates a chunk of {@code size} bytes for this empty message, waiting while the segment is full. */
    void allocate(long size) {
        long handle = transport.allocator().allocate(size);
        chunk.state = Chunk.OWNED;
        chunk.handle = handle;
        chunk.size = size;
    }

    @Override
    public void copy(Message source) {
        if (hasPayload()) {
            throw new IllegalStateException("FairMQMessageSHM::Copy() fail: target message already initialized!");
        }
        // a region payload at offset 0 is a valid source (the reference's handle-0 test is D20)
        boolean initialized = source instanceof ShmMessage ? ((ShmMessage) source).hasPayload() : source.size() > 0;
        if (!initialized) {
            throw new IllegalStateException("FairMQMessageSHM::Copy() fail: source message not initialized!");
        }
        allocate(source.size()); // always a main-segment chunk (3.8)
        data().put(source.data());
    }

    /** Takes over a received main-segment chunk (already validated). */
    void adoptChunk(long handle, long size) {
        chunk.state = Chunk.OWNED;
        chunk.handle = handle;
        chunk.size = size;
        chunk.regionId = 0;
    }

    /** Becomes a view of a region payload (never freed). */
    void adoptRegion(long regionId, SharedRegion mapping, long offset, long size) {
        chunk.state = Chunk.REGION;
        chunk.handle = offset;
        chunk.size = size;
        chunk.regionId = regionId;
        region = mapping;
    }

    /** After a successful send: the receiver owns the payload now. */
    void markSent() {
        chunk.state = Chunk.SENT;
        view = null;
        region = null;
    }

    /** Frees an owned chunk; the message must not be used afterwards (use {@link #rebuild} to reuse). */
    @Override
    public void close() {
        rebuild();
        cleanable.clean(); // deregisters; finds nothing left to free
    }

    @Override
    public String toString() {
        return "ShmMessage[size=" + size() + ", region=" + chunk.regionId + ", handle=" + chunk.handle + ", state="
                + chunk.state + "]";
    }
}
