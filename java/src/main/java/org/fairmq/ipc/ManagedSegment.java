package org.fairmq.ipc;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A boost::interprocess {@code managed_shared_memory} segment (the main or the management segment
 * of PROTOCOL.md 1.1): payload chunks addressed by handle, and the shared types of 1.2.
 *
 * <p>Ownership: this object owns one mapping; {@link #close()} unmaps it and invalidates every
 * buffer obtained from {@link #buffer}. Closing never removes the name; use {@link #remove}.
 *
 * <p>Thread-safety: allocation, deallocation, buffers and the shared-type operations may be used
 * from any thread (Boost serialises them inside the segment, across processes too); {@link #close()}
 * must not race with them.
 *
 * <p>Space: before Boost creates or opens a segment, the native side compares what it still needs
 * with what {@code /dev/shm} has free; a shortage is logged as a warning, once per name and process ({@link
 * #spaceWarning}), or, when opened with {@code reserve}, is a {@link ShmOutOfMemoryException} and
 * every page is allocated up front otherwise (jni/SegmentSpace.h). Locks inside the segment are
 * bounded by {@link LockTimeout}.
 */
public final class ManagedSegment extends MappingOwner {
    /** Payload alignment of Boost's rbtree_best_fit (PROTOCOL.md 1.2.4). */
    public static final int ALIGNMENT = 16;

    private static final Logger LOG = LoggerFactory.getLogger(ManagedSegment.class);
    /** Segment names warned about in this process: once each, however often they are opened (monitor probes). */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final ShmNative.ManagedSegment segment;
    private final long base;
    private final long size;
    private volatile boolean flushTimedOut; // the last flush of the free batch could not get the lock

    private ManagedSegment(OpenMode mode, String name, long size, boolean reserve) {
        super("managed_shared_memory", name);
        String warning;
        try {
            this.segment = new ShmNative.ManagedSegment(mode.code, name, size, reserve);
            warning = segment.spaceWarning();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
        this.base = segment.baseAddress();
        this.size = segment.size();
        if (!warning.isEmpty() && WARNED.add(name)) {
            LOG.warn("shmem: {}", warning);
        }
    }

    private ManagedSegment(OpenMode mode, String name, long size) {
        this(mode, name, size, false);
    }

    /** Creates a new segment of {@code size} bytes; fails if the name exists. */
    public static ManagedSegment createOnly(String name, long size) {
        return new ManagedSegment(OpenMode.CREATE_ONLY, name, size);
    }

    /** Opens an existing segment; {@link ShmNotFoundException} if there is none. */
    public static ManagedSegment openOnly(String name) {
        return new ManagedSegment(OpenMode.OPEN_ONLY, name, 0);
    }

    /** Opens the segment, or creates it with {@code size} bytes (ignored if it exists). */
    public static ManagedSegment openOrCreate(String name, long size) {
        return new ManagedSegment(OpenMode.OPEN_OR_CREATE, name, size);
    }

    /**
     * As {@link #openOrCreate(String, long)}; with {@code reserve}, every page of the segment is
     * allocated in {@code /dev/shm} before this returns, or this throws {@link
     * ShmOutOfMemoryException} (before creating anything when the shortage is known up front).
     */
    public static ManagedSegment openOrCreate(String name, long size, boolean reserve) {
        return new ManagedSegment(OpenMode.OPEN_OR_CREATE, name, size, reserve);
    }

    /** Why {@code /dev/shm} may not back this segment (logged once when opened), or empty. */
    public String spaceWarning() {
        ensureOpen();
        try {
            return segment.spaceWarning();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** Unlinks the name (mappings stay valid). False if there was no such object. */
    public static boolean remove(String name) {
        try {
            return ShmNative.ManagedSegment.remove(name);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** The size of the mapping in bytes (the actual size, also when opened). */
    public long size() {
        ensureOpen();
        return size;
    }

    /** Bytes Boost can still allocate ({@code get_free_memory}). */
    public long freeMemory() {
        ensureOpen();
        try {
            return segment.freeMemory();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** Boost's {@code check_sanity()}: walks the segment's free-block index. */
    public boolean checkSanity() {
        ensureOpen();
        try {
            return segment.checkSanity();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /**
     * The user chunks still allocated, beyond the segment's empty state (the blocks of its named and
     * unique objects, such as the DeviceCounter, are not counted), with the first {@code maxListed}
     * of them. A read-only walk of Boost's block list under the segment's index and allocator locks,
     * each bounded by {@link LockTimeout}: a peer that died holding one gives a
     * {@link ShmTimeoutException}, a corrupt block list a {@link ShmIntegrityException}. Takes time
     * in the number of blocks: for reports, not for the hot path.
     */
    public AllocatedBlocks allocatedBlocks(int maxListed) {
        ensureOpen();
        try {
            return AllocatedBlocks.parse(segment.allocatedBlocksText(maxListed));
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** Native answer for a full segment (jni::ManagedSegment::kFull); below it: lock timeout, retired. */
    private static final long FULL = -1;

    /**
     * Hot path: a new chunk of {@code bytes} bytes, as a handle, or -1 when the segment cannot
     * satisfy the request now (full). Never throws for a full segment; throws {@link
     * ShmTimeoutException} when the segment's lock was not released within {@link LockTimeout}, and
     * {@link ShmIntegrityException} once Boost reported the allocator inconsistent.
     */
    public long tryAllocate(long bytes) {
        ensureOpen();
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size " + bytes + " for " + this);
        }
        long handle = segment.allocateChunk(bytes);
        if (handle < FULL) {
            throw allocationFailure(handle, bytes); // lock timeout or retired segment: the native text says which
        }
        return handle;
    }

    private ShmException allocationFailure(long answer, long bytes) {
        try {
            segment.throwAllocationFailure(answer, bytes);
        } catch (NativeError e) {
            return ShmErrors.translate(e);
        }
        throw new IllegalStateException("jni::ManagedSegment::ThrowAllocationFailure returned");
    }

    /**
     * Hot path of a receiver: whether {@code (handle, bytes)} from outside (a MetaHeader) names an
     * allocated chunk of this segment that holds {@code bytes} (unsigned) bytes. Reads the block
     * headers in front of and behind the handle, never memory outside the segment; one JNI call, no
     * garbage. A forgery that also forges consistent neighbours inside payload bytes passes (README).
     * {@link ChunkCheck#LOCK_TIMED_OUT} if the deeper check, which takes the segment's allocator lock,
     * could not get it within the lock timeout ({@link LockTimeout}; a peer may have died holding it).
     */
    public ChunkCheck validateChunk(long handle, long bytes) {
        ensureOpen();
        return ChunkCheck.of(segment.validateChunk(handle, bytes));
    }

    /**
     * From now on {@link #validateChunk} and {@link #deallocate} refuse the blocks of the segment's
     * named and unique objects as they exist now (in a 2017 main segment: the DeviceCounter, which
     * {@link DeviceCounterProtocol#attach} protects). Call before receiving; not thread-safe
     * against {@code validateChunk}.
     */
    public void protectBoostObjects() {
        ensureOpen();
        try {
            segment.protectObjects();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /**
     * Hot path of a sender: as {@link #tryAllocate}, but from this process's stock of same-size
     * chunks, refilled with Boost's {@code allocate_many} (one acquisition of the segment's lock
     * per refill; jni/ChunkCache.h). Each chunk is an ordinary Boost block that any receiver frees.
     * The stock (at most a 64th of the segment, 8 MiB) counts as allocated: {@link #cachedBytes()};
     * it is freed by {@link #releaseCachedChunks()} and on {@link #close()}.
     */
    public long tryAllocateCached(long bytes) {
        ensureOpen();
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size " + bytes + " for " + this);
        }
        long handle = segment.allocateCachedChunk(bytes);
        if (handle < FULL) {
            throw allocationFailure(handle, bytes);
        }
        return handle;
    }

    /** Frees this process's stock of cached chunks; returns the bytes given back. */
    public long releaseCachedChunks() {
        ensureOpen();
        long answer = segment.releaseCachedChunks();
        if (answer == -2) {
            throw new ShmTimeoutException("cannot free the cached chunks of " + this + ": its allocator lock was not"
                    + " released within " + LockTimeout.get() + " ms (a peer may have died holding it); they stay"
                    + " allocated until the segment is removed");
        }
        return Math.max(answer, 0); // retired: the stock stays with the segment, as everything else
    }

    /** Bytes (of their Boost blocks, exactly) of chunks in this process's stock (allocated, not in use). */
    public long cachedBytes() {
        return isOpen() ? segment.cachedBytes() : 0;
    }

    /**
     * Hot path of a receiver: frees a chunk this process owns, deferred into a batch that goes back
     * with one {@code deallocate_many} when 32 chunks or a 64th of the segment (at most 8 MiB) are
     * pending, on {@link #flushFrees()} and on {@link #close()} (jni/FreeBatch.h). Each handle is
     * validated at the flush as {@link #deallocate} validates it; a refused one is logged there and
     * counted ({@link #refusedFrees()}), and nothing of it is freed.
     */
    public void deallocateBatched(long handle, long bytes) {
        ensureOpen();
        int answer = segment.deallocateBatched(handle, bytes);
        if (answer != 0) {
            reportFlush(answer);
        }
    }

    /**
     * Frees the pending batch now (see {@link #deallocateBatched}); refused handles are logged.
     * Throws {@link ShmTimeoutException} when the segment's lock was not released within {@link
     * LockTimeout} (the batch stays pending).
     */
    public void flushFrees() {
        ensureOpen();
        int answer = segment.flushFrees();
        flushTimedOut = answer == -2;
        if (answer == -2) {
            throw new ShmTimeoutException("free the chunks of closed messages in " + this + ": its lock inside shared"
                    + " memory was not released within " + LockTimeout.get() + " ms: it is held by a process that may"
                    + " be dead; they stay pending");
        }
        if (answer != 0) {
            reportFlush(answer);
        }
    }

    /** Bytes (of their Boost blocks, exactly) of closed messages' chunks not yet given back to the segment. */
    public long pendingFreeBytes() {
        return isOpen() ? segment.pendingFreeBytes() : 0;
    }

    /** Handles that batched frees refused so far (not a chunk any more, or closed twice). */
    public long refusedFrees() {
        return isOpen() ? segment.refusedFrees() : 0;
    }

    /** Logs a nonzero answer of a flush (refused handles, or why nothing was freed). */
    void reportFlush(int answer) {
        flushTimedOut = answer == -2;
        if (answer > 0) {
            String why;
            try {
                why = segment.lastRefusal();
            } catch (NativeError e) {
                why = e.getMessage();
            }
            LOG.error("shmem: {} of the chunks freed together in \"{}\" refused: {}", answer, name(), why);
        } else if (answer == -2) {
            LOG.warn("shmem: chunks of closed messages stay pending in \"{}\": its allocator lock was not released"
                    + " within {} ms (a peer may have died holding it)", name(), LockTimeout.get());
        } else {
            LOG.error("shmem: chunks of closed messages in \"{}\" were not freed (flush answer {}): this process"
                    + " stopped changing the segment after Boost reported an inconsistency; they stay allocated until the"
                    + " segment is removed", name(), answer);
        }
    }

    /** A new chunk, or {@link ShmOutOfMemoryException} naming the segment and the size. */
    public long allocate(long bytes) {
        ensureOpen();
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size " + bytes + " for " + this);
        }
        try {
            return segment.allocateChunkOrThrow(bytes);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /**
     * Frees a chunk. The handle must be an allocated chunk ({@link #validateChunk}), checked before
     * Boost sees it: anything else is a {@link ShmBadHandleException} and nothing is freed.
     */
    public void deallocate(long handle) {
        ensureOpen();
        try {
            segment.deallocateChunk(handle);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** True if {@code [handle, handle + bytes)} lies inside the segment, past Boost's header, aligned. */
    public boolean isPlausibleChunk(long handle, long bytes) {
        return handle > 0 && handle < size && (handle & (ALIGNMENT - 1)) == 0 && bytes >= 0 && bytes <= size - handle;
    }

    /** Throws {@link ShmBadHandleException} unless {@link #isPlausibleChunk} holds. */
    public void checkChunk(long handle, long bytes) {
        ensureOpen();
        if (!isPlausibleChunk(handle, bytes)) {
            throw new ShmBadHandleException("handle " + handle + " with size " + bytes + " is not a chunk of "
                    + this + " (" + size + " bytes)");
        }
    }

    /** The local address of a handle (Boost's get_address_from_handle); no check. */
    public long address(long handle) {
        return base + handle;
    }

    /** The handle of a local address (Boost's get_handle_from_address). */
    public long handle(long address) {
        return address - base;
    }

    /** The base address of this process's mapping (handles are offsets from it). */
    public long baseAddress() {
        ensureOpen();
        return base;
    }

    /**
     * A zero-copy view of a chunk: a direct ByteBuffer over the shared memory itself, checked
     * against the segment first. Valid while this segment is open; after {@link #close()} any access
     * throws (IllegalStateException on JDK 22+, InternalError on JDK 17-21; see MappingViews) and
     * never reaches the shared memory.
     */
    public ByteBuffer buffer(long handle, long bytes) {
        checkChunk(handle, bytes);
        return view(handle, bytes);
    }

    // -- unique instances of PROTOCOL.md 1.2 ---------------------------------------------------

    /** The DeviceCounter's value, if the segment has one. */
    public OptionalLong findDeviceCounter() {
        return optional(call(segment::findDeviceCounter));
    }

    /** Constructs the DeviceCounter; {@link ShmAlreadyExistsException} if there is one. */
    public void constructDeviceCounter(int value) {
        ensureOpen();
        try {
            segment.constructDeviceCounter(value);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** Atomically adds {@code delta} (unsigned 32-bit) and returns the new value. */
    public long addToDeviceCounter(int delta) {
        ensureOpen();
        try {
            return segment.addToDeviceCounter(delta);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** The handle of the DeviceCounter object (280 in a fresh Boost 1.74 segment), if any. */
    public OptionalLong deviceCounterHandle() {
        return optional(call(segment::deviceCounterHandle));
    }

    public boolean destroyDeviceCounter() {
        ensureOpen();
        try {
            return segment.destroyDeviceCounter();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** The RegionCounter's value (management segment), if any. */
    public OptionalLong findRegionCounter() {
        return optional(call(segment::findRegionCounter));
    }

    /**
     * The next region id (PROTOCOL.md 3.10 step 1): increments the RegionCounter, or constructs it
     * with 1. Like the reference, without the named mutex (defect D5).
     */
    public long nextRegionId() {
        ensureOpen();
        try {
            if (segment.findRegionCounter() < 0) {
                segment.constructRegionCounter(1);
                return 1;
            }
            return segment.addToRegionCounter(1);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public boolean hasMonitorStatus() {
        ensureOpen();
        try {
            return segment.findMonitorStatus();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public void constructMonitorStatus() {
        ensureOpen();
        try {
            segment.constructMonitorStatus();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public boolean destroyMonitorStatus() {
        ensureOpen();
        try {
            return segment.destroyMonitorStatus();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    // -- the queue listing objects of PROTOCOL.md 1.1 / 5.8 ------------------------------------

    /** The strings of the named StringVector, or null when it does not exist. */
    public List<String> findStringVector(String objectName) {
        ensureOpen();
        try {
            if (!segment.hasStringVector(objectName)) {
                return null;
            }
            String lines = segment.listStrings(objectName);
            return lines.isEmpty() ? List.of() : List.of(lines.substring(0, lines.length() - 1).split("\n", -1));
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** The value of the named {@code std::atomic<int>}, if it exists. */
    public OptionalLong findNamedInt(String objectName) {
        ensureOpen();
        try {
            long value = segment.findNamedInt(objectName);
            return value == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(value);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** Creates the StringVector {@code objectName} and one named int per entry (for tests and tools). */
    public void constructQueueEntries(String objectName, List<String> entries, int value) {
        ensureOpen();
        try {
            segment.constructQueueEntries(objectName, String.join("\n", entries), value);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    @Override
    long mappingAddress() {
        return base;
    }

    @Override
    long mappingSize() {
        return size;
    }

    /** The native segment, for the native helpers of this package (MetaHeaderReceiver). */
    ShmNative.ManagedSegment nativeSegment() {
        return segment;
    }

    @Override
    void beforeClose() {
        if (flushTimedOut) {
            // the allocator's lock was stuck at the last flush: do not wait for it twice; what this
            // process holds back stays allocated until the segment is removed (as after a crash)
            LOG.warn("shmem: closing {} without freeing {} pending and {} cached bytes: its allocator lock was not"
                    + " released at the last attempt", this, segment.pendingFreeBytes(), segment.cachedBytes());
            return;
        }
        // what this process holds back goes back while the mapping is still here
        int answer = segment.flushFrees();
        if (answer != 0) {
            reportFlush(answer);
        }
        if (answer != -2) { // a lock that timed out once would time out again: one bounded wait per close
            segment.releaseCachedChunks();
        }
    }

    @Override
    int vacate() {
        return segment.vacate();
    }

    @Override
    void release() {
        segment.close();
    }

    private interface NativeLongCall {
        long get() throws NativeError;
    }

    private long call(NativeLongCall call) {
        ensureOpen();
        try {
            return call.get();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    private static OptionalLong optional(long value) {
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
