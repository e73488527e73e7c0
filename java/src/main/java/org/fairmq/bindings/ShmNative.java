package org.fairmq.bindings;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.ByRef;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.StdString;

/**
 * The one JNI library of this project: every nested class binds the C++ class of the same name in
 * {@code native/include/fairmq/shmem/jni/} (all included by {@code Bindings.h}), and is owned by
 * the Java class of that name in {@link org.fairmq.ipc} or {@link org.fairmq.zmq}, which checks
 * arguments and maps errors. Internal: not exported by the module.
 *
 * <p>What can and cannot reach the JVM: a C++ exception, and a failed Boost assertion (which
 * {@code AssertHandler.h} turns into an exception), thrown by a method not marked
 * {@link NoException} arrives as {@link NativeError}. Methods marked {@link NoException} are
 * {@code noexcept} in C++ and report through their return value. A wrong address or handle is not
 * caught here: it would fault in native code and end the process, which is why the owners
 * validate every handle (see {@code ChunkValidator.h}) and every mapping's lifetime before a
 * call.
 *
 * <p>The library is {@code org/fairmq/bindings/linux-x86_64/libjniShmNative.so} inside the jar;
 * JavaCPP's Loader extracts it to its cache and loads it, class path or module path, without
 * {@code java.library.path}. Every nested class loads it through {@link #load()}, so a missing
 * libzmq always fails with the one message of {@link #load()}, whichever class is used first.
 *
 * <p>Instances are freed with {@link Pointer#close()} by their owner; not thread-safe as objects.
 */
@Platform(
        value = "linux-x86_64",
        compiler = "cpp17",
        define = {"BOOST_ENABLE_ASSERT_HANDLER"},
        include = {"fairmq/shmem/jni/Bindings.h"},
        link = {"zmq"})
public final class ShmNative {
    /** The libzmq the JNI library links against ({@code link = {"zmq"}}), by its soname. */
    static final String LIBZMQ = "libzmq.so.5";

    static {
        load();
    }

    private ShmNative() {}

    /**
     * Loads the JNI library (JavaCPP does the work once per process). If the dynamic loader cannot load
     * {@value #LIBZMQ}, throws an {@link UnsatisfiedLinkError} that names it and the packages that
     * provide it, instead of JavaCPP's chain (whose first line, "no jniShmNative in
     * java.library.path", points elsewhere). Any other failure is JavaCPP's own.
     */
    static void load() {
        try {
            Loader.load(ShmNative.class);
        } catch (UnsatisfiedLinkError e) {
            String reason = libzmqReason(e);
            if (reason == null) {
                throw e;
            }
            throw new UnsatisfiedLinkError(missingLibzmq(reason));
        }
    }

    /** The text of {@link #load()}'s error; {@code reason} is the dynamic loader's. */
    static String missingLibzmq(String reason) {
        return "fairmq-shmem-java needs " + LIBZMQ + " (ZeroMQ 4), which the dynamic loader cannot load ("
                + reason + "). Install it: package libzmq5 on Debian and Ubuntu (apt-get install libzmq5), zeromq"
                + " on RPM-based systems (dnf install zeromq)";
    }

    /**
     * The dynamic loader's words about libzmq somewhere in JavaCPP's chain, e.g. {@code
     * libzmq.so.5: cannot open shared object file: No such file or directory}, or null if no
     * message of the chain names libzmq.
     */
    private static String libzmqReason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage();
            int at = message == null ? -1 : message.indexOf("libzmq.so");
            if (at >= 0) {
                // "<path of libjniShmNative.so>: <path or name of libzmq>: <cause>": from the second part
                int start = message.lastIndexOf(": ", at);
                return message.substring(start < 0 ? 0 : start + 2);
            }
        }
        return null;
    }

    /**
     * A direct ByteBuffer over {@code size} bytes at {@code address} (JNI NewDirectByteBuffer). It
     * keeps nothing mapped and holds no reference: its owner decides how long the address is valid.
     */
    public static ByteBuffer directBuffer(long address, int size) {
        return new AddressPointer(address).capacity(size).limit(size).asByteBuffer();
    }

    /** A pointer at a given address, only to make {@link #directBuffer} through JavaCPP. */
    private static final class AddressPointer extends BytePointer {
        AddressPointer(long address) {
            this.address = address;
        }
    }

    /** The Boost version the native code was compiled with, e.g. {@code 1.74.0}. */
    @Name("fair::mq::shmem::jni::BoostVersion")
    public static native @StdString String boostVersion() throws NativeError;

    /** The libzmq version linked, e.g. {@code 4.3.4}. */
    @Name("fair::mq::shmem::jni::ZmqVersion")
    public static native @StdString String zmqVersion() throws NativeError;

    /**
     * Sets the process-wide bound on waiting for a lock inside shared memory (jni/LockTimeout.h:
     * Boost's own timed locking, enabled by that header rather than by a define here because its
     * duration is an expression that reads this value); at least 1 ms. Returns the previous bound.
     */
    @Name("fair::mq::shmem::jni::SetLockTimeoutMs") @NoException
    public static native long setLockTimeoutMs(long ms);

    /** The current bound on waiting for a lock inside shared memory, in ms. */
    @Name("fair::mq::shmem::jni::LockTimeoutMs") @NoException
    public static native long lockTimeoutMs();

    /** Test support (jni/ThreadSignal.h): the calling thread's kernel thread id. */
    @Name("fair::mq::shmem::jni::CurrentThreadId") @NoException
    public static native long currentThreadId();

    /**
     * Test support (jni/ThreadSignal.h): SIGURG to that thread of this process, with a no-op
     * handler and no SA_RESTART, as a sampler's signal would interrupt its blocking call. 0 or errno.
     */
    @Name("fair::mq::shmem::jni::InterruptThread") @NoException
    public static native int interruptThread(long threadId);

    /** zmq_strerror. */
    @Name("fair::mq::shmem::jni::ZmqErrorText")
    public static native @StdString String zmqErrorText(int errnum) throws NativeError;

    /** {@code jni::ZmqContext}: a zmq context. */
    @Name("fair::mq::shmem::jni::ZmqContext")
    public static final class ZmqContext extends Pointer {
        static {
            ShmNative.load();
        }

        public ZmqContext() throws NativeError {
            allocate();
        }

        private native void allocate() throws NativeError;

        /** zmq_ctx_set: 0 or errno. */
        @Name("Set") @NoException public native int set(int option, int value);
        /** zmq_ctx_term: 0 or errno; blocks until all sockets are closed. */
        @Name("Terminate") @NoException public native int terminate();
    }

    /** {@code jni::ZmqSocket}: a zmq socket; hot calls return -errno instead of throwing. */
    @Name("fair::mq::shmem::jni::ZmqSocket")
    public static final class ZmqSocket extends Pointer {
        static {
            ShmNative.load();
        }

        public ZmqSocket(ZmqContext context, int type, String id) throws NativeError {
            allocate(context, type, id);
        }

        private native void allocate(@ByRef ZmqContext context, int type, @StdString String id) throws NativeError;

        @Name("Close") @NoException public native void closeSocket();
        @Name("SetInt") @NoException public native int setInt(int option, int value);
        @Name("SetLong") @NoException public native int setLong(int option, @Cast("std::int64_t") long value);
        @Name("SetBytes") public native int setBytes(int option, @StdString String value) throws NativeError;
        @Name("GetInt") @NoException public native int getInt(int option);
        @Name("LastEndpoint") public native @StdString String lastEndpoint() throws NativeError;
        @Name("Bind") public native int bind(@StdString String endpoint) throws NativeError;
        @Name("Connect") public native int connect(@StdString String endpoint) throws NativeError;
        @Name("Unbind") public native int unbind(@StdString String endpoint) throws NativeError;
        @Name("Disconnect") public native int disconnect(@StdString String endpoint) throws NativeError;
        @Name("Send") @NoException public native int send(@Cast("std::intptr_t") long buffer, @Cast("std::size_t") long size, int flags);
        /** zmq_msg_send of the frame's content: its length or -errno; the frame is empty after a success. */
        @Name("SendFrame") @NoException public native long sendFrame(@ByRef ZmqFrame frame, int flags);
        /** zmq_msg_recv into the frame (its old content released): the length, or -errno with the frame empty. */
        @Name("ReceiveFrame") @NoException public native long receiveFrame(@ByRef ZmqFrame frame, int flags);
        @Name("More") @NoException public native boolean more();
    }

    /** {@code jni::ZmqPoller}: zmq_poll over a fixed set of sockets. */
    @Name("fair::mq::shmem::jni::ZmqPoller")
    public static final class ZmqPoller extends Pointer {
        static {
            ShmNative.load();
        }

        public ZmqPoller() throws NativeError {
            allocate();
        }

        private native void allocate() throws NativeError;

        @Name("Add") @NoException public native int add(@ByRef ZmqSocket socket, int events);
        @Name("Poll") @NoException public native int poll(long timeoutMs);
        @Name("Fired") @NoException public native int fired(int index);
        @Name("Size") @NoException public native int size();
    }

    /** {@code jni::ZmqConnectionWatch}: the kernel-side connections of one zmq socket (drain at close). */
    @Name("fair::mq::shmem::jni::ZmqConnectionWatch")
    public static final class ZmqConnectionWatch extends Pointer {
        static {
            ShmNative.load();
        }

        public ZmqConnectionWatch(ZmqContext context, ZmqSocket socket, String monitorEndpoint) throws NativeError {
            allocate(context, socket, monitorEndpoint);
        }

        private native void allocate(@ByRef ZmqContext context, @ByRef ZmqSocket socket, @StdString String monitorEndpoint)
                throws NativeError;

        @Name("Poll") @NoException public native int poll();
        @Name("Hold") @NoException public native int hold();
        @Name("UnreadBytes") @NoException public native long unreadBytes();
        @Name("UnreadPayloadBytes") @NoException public native long unreadPayloadBytes();
        @Name("Released") @NoException public native int released();
        @Name("HeldCount") @NoException public native int heldCount();
        @Name("ReleaseHeld") @NoException public native void releaseHeld();
        @Name("Close") @NoException public native void closeReader();
    }

    /**
     * {@code jni::MetaHeaderReceiver}: receive one frame of a shmem socket and validate its chunk in
     * one call. Holds references to the socket and the segment: close it before either.
     */
    @Name("fair::mq::shmem::jni::MetaHeaderReceiver")
    public static final class MetaHeaderReceiver extends Pointer {
        static {
            ShmNative.load();
        }

        /** Bytes of the buffer at {@code buffer} (frame, check code, flush answer). */
        public static final int BUFFER_BYTES = 40;
        public static final int CHECK_OFFSET = 32;
        public static final int FLUSH_OFFSET = 36;

        public MetaHeaderReceiver(ZmqSocket socket, ManagedSegment segment, long buffer) throws NativeError {
            allocate(socket, segment, buffer);
        }

        private native void allocate(@ByRef ZmqSocket socket, @ByRef ManagedSegment segment,
                @Cast("std::intptr_t") long buffer) throws NativeError;

        /** The frame's length or -errno; see jni/MetaHeaderReceiver.h for what lands in the buffer. */
        @Name("Receive") @NoException public native int receive(int flags);
    }

    /** {@code jni::ManagedSegment}: a boost::interprocess::managed_shared_memory. */
    @Name("fair::mq::shmem::jni::ManagedSegment")
    public static final class ManagedSegment extends Pointer {
        static {
            ShmNative.load();
        }

        public ManagedSegment(int mode, String name, long size) throws NativeError {
            allocate(mode, name, size);
        }

        /** With {@code reserve}, every page is allocated up front, or this fails (jni/SegmentSpace.h). */
        public ManagedSegment(int mode, String name, long size, boolean reserve) throws NativeError {
            allocate(mode, name, size, reserve);
        }

        private native void allocate(int mode, @StdString String name, @Cast("std::size_t") long size)
                throws NativeError;

        private native void allocate(int mode, @StdString String name, @Cast("std::size_t") long size,
                boolean reserve) throws NativeError;

        /** Why /dev/shm may not back this segment, or empty. */
        @Name("SpaceWarning") public native @StdString String spaceWarning() throws NativeError;

        @Name("Address") @NoException public native @Cast("std::intptr_t") long baseAddress();
        @Name("Size") @NoException public native @Cast("std::size_t") long size();
        /** Replaces this process's mapping by an empty-file placeholder (VacatedRange.h): 0 or errno. */
        @Name("Vacate") @NoException public native int vacate();
        @Name("FreeMemory") public native @Cast("std::size_t") long freeMemory() throws NativeError;
        @Name("CheckSanity") public native boolean checkSanity() throws NativeError;
        /**
         * Handle of a new chunk, -1 when the segment cannot satisfy the request now, -2 when its lock
         * was not released in time, -3 when this process retired it ({@link #throwAllocationFailure}).
         */
        @Name("Allocate") @NoException public native long allocateChunk(@Cast("std::size_t") long size);
        /** Throws the error of a negative {@link #allocateChunk} answer (timed_out, integrity, out_of_memory). */
        @Name("ThrowAllocationFailure")
        public native void throwAllocationFailure(long answer, @Cast("std::size_t") long size) throws NativeError;
        @Name("AllocateOrThrow") public native long allocateChunkOrThrow(@Cast("std::size_t") long size) throws NativeError;
        @Name("Deallocate") public native void deallocateChunk(long handle) throws NativeError;
        /** A ChunkCheck code: 0 if (handle, size) is an allocated chunk holding size bytes. */
        @Name("ValidateChunk") @NoException public native int validateChunk(long handle, @Cast("std::uint64_t") long size);
        @Name("ProtectObjects") public native void protectObjects() throws NativeError;
        /** The user chunks still allocated (jni/AllocatedBlocks.h): "count bytes blockBytes", then up to maxListed "offset size" lines. */
        @Name("AllocatedBlocksText") public native @StdString String allocatedBlocksText(long maxListed) throws NativeError;
        /** As {@link #allocateChunk}, from this process's stock of same-size chunks (jni/ChunkCache.h). */
        @Name("AllocateCached") @NoException public native long allocateCachedChunk(@Cast("std::size_t") long size);
        /** Frees the stock: bytes given back, or -2 (lock timeout), -3 (retired). */
        @Name("ReleaseCachedChunks") @NoException public native long releaseCachedChunks();
        @Name("CachedBytes") @NoException public native long cachedBytes();
        /** Defers a free into the batch (jni/FreeBatch.h): 0, or the answer of the flush it caused ({@link #flushFrees}). */
        @Name("DeallocateBatched") @NoException
        public native int deallocateBatched(long handle, @Cast("std::size_t") long size);
        /** Frees the batch: handles refused (>= 0), or -2 (lock timeout, kept), -3 (retired), -4 (failed). */
        @Name("FlushFrees") @NoException public native int flushFrees();
        @Name("PendingFreeBytes") @NoException public native long pendingFreeBytes();
        @Name("RefusedFrees") @NoException public native long refusedFrees();
        @Name("LastRefusal") public native @StdString String lastRefusal() throws NativeError;
        @Name("CheckHandle") public native void checkHandle(long handle, @Cast("std::uint64_t") long size, String operation)
                throws NativeError;
        @Name("HandleFromAddress") @NoException public native long handleFromAddress(@Cast("std::intptr_t") long address);
        @Name("AddressFromHandle") @NoException public native @Cast("std::intptr_t") long addressFromHandle(long handle);

        @Name("FindDeviceCounter") public native long findDeviceCounter() throws NativeError;
        @Name("ConstructDeviceCounter") public native void constructDeviceCounter(@Cast("unsigned int") int value) throws NativeError;
        @Name("AddToDeviceCounter") public native long addToDeviceCounter(int delta) throws NativeError;
        @Name("DestroyDeviceCounter") public native boolean destroyDeviceCounter() throws NativeError;
        @Name("DeviceCounterHandle") public native long deviceCounterHandle() throws NativeError;
        @Name("FindRegionCounter") public native long findRegionCounter() throws NativeError;
        @Name("ConstructRegionCounter") public native void constructRegionCounter(@Cast("unsigned int") int value) throws NativeError;
        @Name("AddToRegionCounter") public native long addToRegionCounter(int delta) throws NativeError;
        @Name("FindMonitorStatus") public native boolean findMonitorStatus() throws NativeError;
        @Name("ConstructMonitorStatus") public native void constructMonitorStatus() throws NativeError;
        @Name("DestroyMonitorStatus") public native boolean destroyMonitorStatus() throws NativeError;

        @Name("HasStringVector") public native boolean hasStringVector(@StdString String name) throws NativeError;
        @Name("ListStrings") public native @StdString String listStrings(@StdString String name) throws NativeError;
        @Name("FindNamedInt") public native long findNamedInt(@StdString String name) throws NativeError;
        @Name("ConstructQueueEntries")
        public native void constructQueueEntries(@StdString String name, @StdString String lines, int value) throws NativeError;

        @Name("Remove") public static native boolean remove(@StdString String name) throws NativeError;
    }

    /** {@code jni::MessageQueue}: a boost::interprocess::message_queue. */
    @Name("fair::mq::shmem::jni::MessageQueue")
    public static final class MessageQueue extends Pointer {
        static {
            ShmNative.load();
        }

        public MessageQueue(int mode, String name, long maxMessages, long maxMessageSize) throws NativeError {
            allocate(mode, name, maxMessages, maxMessageSize);
        }

        private native void allocate(int mode, @StdString String name, @Cast("std::size_t") long maxMessages,
                @Cast("std::size_t") long maxMessageSize) throws NativeError;

        @Name("TimedSend")
        public native boolean timedSend(@Cast("std::intptr_t") long buffer, @Cast("std::size_t") long size,
                @Cast("unsigned int") int priority, long timeoutMs) throws NativeError;
        @Name("TimedReceive")
        public native long timedReceive(@Cast("std::intptr_t") long buffer, @Cast("std::size_t") long capacity, long timeoutMs)
                throws NativeError;
        @Name("TimedSendByte") public native boolean timedSendByte(int value, long timeoutMs) throws NativeError;
        @Name("TimedReceiveByte") public native int timedReceiveByte(long timeoutMs) throws NativeError;
        @Name("NumMessages") public native long numMessages() throws NativeError;
        @Name("MaxMessages") public native long maxMessages() throws NativeError;
        @Name("MaxMessageSize") public native long maxMessageSize() throws NativeError;
        @Name("Remove") public static native boolean remove(@StdString String name) throws NativeError;
    }

    /** {@code jni::NamedMutex}: a boost::interprocess::named_mutex. */
    @Name("fair::mq::shmem::jni::NamedMutex")
    public static final class NamedMutex extends Pointer {
        static {
            ShmNative.load();
        }

        public NamedMutex(int mode, String name) throws NativeError {
            allocate(mode, name);
        }

        private native void allocate(int mode, @StdString String name) throws NativeError;

        @Name("Lock") public native void lock() throws NativeError;
        @Name("TryLock") public native boolean tryLock() throws NativeError;
        @Name("TimedLock") public native boolean timedLock(long timeoutMs) throws NativeError;
        @Name("Unlock") public native void unlock() throws NativeError;
        @Name("Remove") public static native boolean remove(@StdString String name) throws NativeError;
    }

    /** {@code jni::SharedRegion}: a bipc::shared_memory_object mapped whole by a bipc::mapped_region. */
    @Name("fair::mq::shmem::jni::SharedRegion")
    public static final class SharedRegion extends Pointer {
        static {
            ShmNative.load();
        }

        public SharedRegion(int mode, String name, long size) throws NativeError {
            allocate(mode, name, size);
        }

        private native void allocate(int mode, @StdString String name, @Cast("std::size_t") long size) throws NativeError;

        @Name("Address") @NoException public native @Cast("std::intptr_t") long baseAddress();
        @Name("Size") @NoException public native @Cast("std::size_t") long size();
        /** Replaces this process's mapping by an empty-file placeholder (VacatedRange.h): 0 or errno. */
        @Name("Vacate") @NoException public native int vacate();
        @Name("Remove") public static native boolean remove(@StdString String name) throws NativeError;
    }

    /** {@code jni::ZmqFrame}: one zmq_msg_t; every call keeps it valid, the destructor closes it. */
    @Name("fair::mq::shmem::jni::ZmqFrame")
    public static final class ZmqFrame extends Pointer {
        static {
            ShmNative.load();
        }

        public ZmqFrame() throws NativeError {
            allocate();
        }

        private native void allocate() throws NativeError;

        @Name("Rebuild") @NoException public native void rebuild();
        /** zmq_msg_init_size: 0 or errno (the frame is then empty). */
        @Name("Rebuild") @NoException public native int rebuild(@Cast("std::size_t") long size);
        /** zmq_msg_init_data whose free function only marks {@code release}: 0 or errno. */
        @Name("RebuildOver") @NoException
        public native int rebuildOver(@Cast("std::intptr_t") long data, @Cast("std::size_t") long size,
                @ByRef ZmqRelease release);
        /** zmq_msg_copy (shares content above 33 bytes): 0 or errno. */
        @Name("CopyFrom") @NoException public native int copyFrom(@ByRef ZmqFrame source);
        @Name("Data") @NoException public native @Cast("std::intptr_t") long data();
        @Name("Size") @NoException public native @Cast("std::size_t") long size();
    }

    /** {@code jni::ZmqRelease}: set by libzmq's free function of a message over user memory. */
    @Name("fair::mq::shmem::jni::ZmqRelease")
    public static final class ZmqRelease extends Pointer {
        static {
            ShmNative.load();
        }

        public ZmqRelease() throws NativeError {
            allocate();
        }

        private native void allocate() throws NativeError;

        @Name("Released") @NoException public native boolean released();
    }
}
