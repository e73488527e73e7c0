package org.fairmq.ipc;

import java.nio.ByteBuffer;
import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative110;

/**
 * A managed data segment {@code fmq_<shmId>_m_<id>} of a v1.10 session (PROTOCOL-V110.md 1.2, 1.4,
 * 3.6): a Boost {@code basic_managed_shared_memory} with {@code null_index} and either allocation
 * algorithm, whose chunks carry a ShmHeader (hdrOffset, userOffset, a 16-bit reference count
 * starting at 1) in front of the user data. A chunk is named by the handle of its start.
 *
 * <p>Handles from other processes must pass {@link #validate} before any other call takes them:
 * the calls that take a handle read and write through it.
 *
 * <p>Ownership: owns its mapping; closing unmaps (buffers handed out become unusable, see
 * {@link MappingViews}); {@link ManagedSegment#remove} removes the name. Thread-safety:
 * {@link #allocate}, {@link #release}, {@link #addReference} may be called from any thread;
 * Boost's segment mutex and the atomic counts serialise them across processes.
 */
public final class DataSegment extends MappingOwner {
    /** {@link #allocate}'s answer when the segment cannot satisfy the request now. */
    public static final long FULL = -1;
    /** {@link #allocate}'s answer when the allocator's lock was not released in time. */
    public static final long LOCK_TIMED_OUT = -2;

    private final ShmNative110.DataSegment segment;
    private final long base;
    private final long size;
    private final int algorithm;

    private DataSegment(OpenMode mode, String name, long size, int algorithm) {
        super("managed_shared_memory", name);
        try {
            this.segment = new ShmNative110.DataSegment(mode.code, name, size, algorithm);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
        this.base = segment.baseAddress();
        this.size = segment.size();
        this.algorithm = algorithm;
    }

    /** Opens or creates {@code name}; {@code size} and {@code algorithm} apply when it is created (1.4). */
    public static DataSegment openOrCreate(String name, long size, int algorithm) {
        return new DataSegment(OpenMode.OPEN_OR_CREATE, name, size, algorithm);
    }

    /** Opens an existing segment with the algorithm the segment map records for it. */
    public static DataSegment openOnly(String name, int algorithm) {
        return new DataSegment(OpenMode.OPEN_ONLY, name, 0, algorithm);
    }

    public long size() {
        return size;
    }

    /** 0 rbtree_best_fit, 1 simple_seq_fit (1.3.7). */
    public int algorithm() {
        return algorithm;
    }

    public long freeMemory() {
        ensureOpen();
        try {
            return segment.freeMemory();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /**
     * The chunks still allocated (a data segment holds nothing else: its empty state is no block at
     * all), with the first {@code maxListed} of them; offsets are chunk handles as MetaHeaders carry
     * them. A read-only walk of Boost's block list (either algorithm) under the segment's allocator
     * lock, bounded by {@link LockTimeout}: a stuck lock gives a {@link ShmTimeoutException}, a corrupt
     * block list a {@link ShmIntegrityException}. For reports, not for the hot path.
     */
    public AllocatedBlocks allocatedBlocks(int maxListed) {
        ensureOpen();
        try {
            return AllocatedBlocks.parse(segment.allocatedBlocksText(maxListed));
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** The bytes a message of {@code bytes} user bytes takes: 8 + max(alignment, 16) + bytes (3.10). */
    public static long fullSize(long bytes, long alignment) {
        return 8 + Math.max(alignment, 16) + bytes;
    }

    /**
     * A new chunk for {@code bytes} user bytes at {@code alignment} (0: 16), its ShmHeader written with
     * reference count 1: its handle, or {@link #FULL}, or {@link #LOCK_TIMED_OUT}. No garbage.
     */
    public long allocate(long bytes, long alignment) {
        ensureOpen();
        return segment.allocateChunk(bytes, alignment);
    }

    /** 0 if {@code handle} starts a live chunk holding {@code bytes} user bytes, else a {@link ChunkCheck} code. */
    public int validate(long handle, long bytes) {
        ensureOpen();
        return segment.validate(handle, bytes);
    }

    /** Offset of a validated chunk's user data from the segment's start. */
    public long dataOffset(long handle) {
        ensureOpen();
        return segment.dataOffset(handle);
    }

    /** A validated chunk's reference count. */
    public int refCount(long handle) {
        ensureOpen();
        return segment.refCount(handle);
    }

    /** 3.11: one more reference to a validated chunk: the new count, or -1 at 65535 (nothing changed). */
    public int addReference(long handle) {
        ensureOpen();
        return segment.addReference(handle);
    }

    /**
     * 3.9: gives back one reference to a validated chunk: 1 if it was the last (the chunk is
     * deallocated), 0 if others remain, -2 if the allocator's lock was not released in time, -3 if
     * Boost refused the block (then the reference is gone and the chunk stays allocated).
     */
    public int release(long handle) {
        ensureOpen();
        return segment.release(handle);
    }

    /** {@code --shm-zero-segment}: zeroes the free memory. */
    public void zeroFreeMemory() {
        ensureOpen();
        try {
            segment.zeroFreeMemory();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /**
     * {@code Monitor::ResetContent} for this segment (PROTOCOL-V110.md 2.8, [EXPERIMENTAL]): a fresh
     * segment manager is constructed in place, every chunk is forgotten. Only while no process of
     * the session allocates, frees or reads in it (S34): nothing can check that.
     */
    public void resetContent() {
        ensureOpen();
        try {
            segment.resetContent();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** {@code --shm-mlock-segment}: 0 or errno. */
    public int lockPages() {
        ensureOpen();
        return segment.lockPages();
    }

    /** A zero-copy view of {@code bytes} at {@code offset} (already validated by the caller). */
    public ByteBuffer buffer(long offset, long bytes) {
        if (offset < 0 || bytes < 0 || offset > size - bytes) {
            throw new IllegalArgumentException("range " + offset + "+" + bytes + " is outside " + this);
        }
        return view(offset, bytes);
    }

    @Override
    long mappingAddress() {
        return base;
    }

    @Override
    long mappingSize() {
        return size;
    }

    @Override
    int vacate() {
        return segment.vacate();
    }

    @Override
    void release() {
        segment.close();
    }
}
