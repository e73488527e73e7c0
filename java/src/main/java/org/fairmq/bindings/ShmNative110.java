package org.fairmq.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.StdString;

/**
 * The JNI library of the v1.10 protocol profile: every nested class binds the C++ class of the same
 * name in {@code native/include/fairmq/shmem/v110/jni/} (included by {@code v110/jni/Bindings.h})
 * and is owned by the Java class of that name in {@link org.fairmq.ipc}. A library of its own
 * ({@code libjniShmNative110.so}), because the v1.10 shared types have the names of 2017 types with
 * other layouts (see {@code v110/Common.h}). Errors and {@link NoException} as in {@link ShmNative}.
 * Internal: not exported by the module.
 */
@Platform(
        value = "linux-x86_64",
        compiler = "cpp17",
        define = {"BOOST_ENABLE_ASSERT_HANDLER"},
        include = {"fairmq/shmem/v110/jni/Bindings.h"})
public final class ShmNative110 {
    static {
        Loader.load(ShmNative110.class);
    }

    private ShmNative110() {}

    /** Sets the bound on waiting for a lock inside shared memory in this library (at least 1 ms). */
    @Name("fair::mq::shmem::jni::SetLockTimeoutMs") @NoException
    public static native @Cast("std::int64_t") long setLockTimeoutMs(@Cast("std::int64_t") long ms);

    /** Copies {@code size} bytes between native addresses (a received frame into the socket's buffer). */
    @Name("std::memcpy") @NoException
    public static native void copy(@Cast("void*") long to, @Cast("const void*") long from, @Cast("std::size_t") long size);

    @Name("fair::mq::shmem::v110::jni::ManagementSegment")
    public static final class ManagementSegment extends Pointer {
        static {
            Loader.load(ShmNative110.class);
        }

        public ManagementSegment(int mode, String name) throws NativeError {
            allocate(mode, name);
        }

        private native void allocate(int mode, @StdString String name) throws NativeError;

        @Name("Address") @NoException public native @Cast("std::intptr_t") long baseAddress();
        @Name("Size") @NoException public native @Cast("std::size_t") long size();
        @Name("FreeMemory") public native @Cast("std::size_t") long freeMemory() throws NativeError;
        @Name("Lock") public native void lock() throws NativeError;
        @Name("Unlock") public native void unlock() throws NativeError;
        @Name("EnsureSessionInfo") public native boolean ensureSessionInfo(@StdString String session, int creatorId) throws NativeError;
        @Name("EnsureEventCounter") public native void ensureEventCounter() throws NativeError;
        @Name("IncrementEventCounter") public native void incrementEventCounter() throws NativeError;
        @Name("IncrementDeviceCounter") public native @Cast("std::int64_t") long incrementDeviceCounter() throws NativeError;
        @Name("DecrementDeviceCounter") public native @Cast("std::int64_t") long decrementDeviceCounter() throws NativeError;
        @Name("EnsureMaps") public native void ensureMaps() throws NativeError;
        @Name("SegmentAlgorithm") public native int segmentAlgorithm(int id) throws NativeError;
        @Name("RegisterSegment") public native boolean registerSegment(int id, int algorithm) throws NativeError;
        @Name("NextRegionId") public native int nextRegionId() throws NativeError;
        @Name("RegisterRegion") public native boolean registerRegion(int id, @StdString String path, int flags,
                @Cast("std::uint64_t") long userFlags, @Cast("std::uint64_t") long size,
                @Cast("std::uint64_t") long rcSegmentSize) throws NativeError;
        @Name("MarkRegionDestroyed") public native boolean markRegionDestroyed(int id) throws NativeError;
        @Name("Beat") public native void beat() throws NativeError;
        @Name("HeartbeatCount") public native @Cast("std::int64_t") long heartbeatCount() throws NativeError;
        @Name("DeviceCount") public native @Cast("std::int64_t") long deviceCount() throws NativeError;
        @Name("EventCount") public native @Cast("std::int64_t") long eventCount() throws NativeError;
        @Name("RegionCount") public native @Cast("std::int64_t") long regionCount() throws NativeError;
        @Name("SessionName") public native @StdString String sessionName() throws NativeError;
        @Name("CreatorId") public native int creatorId() throws NativeError;
        @Name("HasSegmentMap") public native boolean hasSegmentMap() throws NativeError;
        @Name("HasRegionMap") public native boolean hasRegionMap() throws NativeError;
        @Name("Segments") public native @StdString String segments() throws NativeError;
        @Name("Regions") public native @StdString String regions() throws NativeError;
        @Name("UniqueKeys") public native @StdString String uniqueKeys() throws NativeError;
    }

    @Name("fair::mq::shmem::v110::jni::DataSegment")
    public static final class DataSegment extends Pointer {
        static {
            Loader.load(ShmNative110.class);
        }

        public DataSegment(int mode, String name, long size, int algorithm) throws NativeError {
            allocate(mode, name, size, algorithm);
        }

        private native void allocate(int mode, @StdString String name, @Cast("std::size_t") long size, int algorithm)
                throws NativeError;

        @Name("Address") @NoException public native @Cast("std::intptr_t") long baseAddress();
        @Name("Size") @NoException public native @Cast("std::size_t") long size();
        @Name("Algorithm") @NoException public native int algorithm();
        @Name("FreeMemory") public native @Cast("std::size_t") long freeMemory() throws NativeError;
        /** Handle of a new chunk with its ShmHeader, -1 when the segment is full, -2 on a lock timeout. */
        @Name("Allocate") @NoException
        public native @Cast("std::int64_t") long allocateChunk(@Cast("std::size_t") long size, @Cast("std::size_t") long alignment);
        /** 0 for a live chunk start holding {@code size} user bytes, else a ChunkCheck code. */
        @Name("Validate") @NoException public native int validate(@Cast("std::int64_t") long handle, @Cast("std::uint64_t") long size);
        @Name("DataOffset") @NoException public native @Cast("std::int64_t") long dataOffset(@Cast("std::int64_t") long handle);
        @Name("RefCount") @NoException public native int refCount(@Cast("std::int64_t") long handle);
        @Name("AddReference") @NoException public native int addReference(@Cast("std::int64_t") long handle);
        /** 1 freed, 0 references remain, -2 lock timeout (reference gone, chunk kept), -3 Boost refused. */
        @Name("Release") @NoException public native int release(@Cast("std::int64_t") long handle);
        /** The chunks still allocated (jni/AllocatedBlocks.h): "count bytes blockBytes", then up to maxListed "offset size" lines. */
        @Name("AllocatedBlocksText") public native @StdString String allocatedBlocksText(long maxListed) throws NativeError;
        @Name("ZeroFreeMemory") public native void zeroFreeMemory() throws NativeError;
        /** 2.8 [EXPERIMENTAL]: a fresh segment manager in place; every chunk forgotten. */
        @Name("ResetContent") public native void resetContent() throws NativeError;
        @Name("LockPages") @NoException public native int lockPages();
        /** Replaces this process's mapping by an empty-file placeholder (jni/VacatedRange.h): 0 or errno. */
        @Name("Vacate") @NoException public native int vacate();
    }

    @Name("fair::mq::shmem::v110::jni::RefCountSegment")
    public static final class RefCountSegment extends Pointer {
        static {
            Loader.load(ShmNative110.class);
        }

        public RefCountSegment(int mode, String name, long size) throws NativeError {
            allocate(mode, name, size);
        }

        private native void allocate(int mode, @StdString String name, @Cast("std::size_t") long size) throws NativeError;

        @Name("Size") @NoException public native @Cast("std::size_t") long size();
        @Name("FreeMemory") @NoException public native @Cast("std::size_t") long freeMemory();
        /** Handle of a new RefCount, -1 when full, -2 on a lock timeout. */
        @Name("Allocate") @NoException public native @Cast("std::int64_t") long allocateCount(int initial);
        @Name("IsPlausible") @NoException public native boolean isPlausible(@Cast("std::int64_t") long handle);
        @Name("Count") @NoException public native int count(@Cast("std::int64_t") long handle);
        @Name("AddReference") @NoException public native int addReference(@Cast("std::int64_t") long handle);
        @Name("Release") @NoException public native int release(@Cast("std::int64_t") long handle);
    }
}
