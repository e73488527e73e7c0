package org.fairmq.transport.shmem;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.fairmq.ipc.LockTimeout;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NativeInfo;
import org.fairmq.ipc.ShmTimeoutException;
import org.fairmq.protocol.MetaHeaderDescriptor;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.transport.InterruptFlag;
import org.fairmq.transport.Message;
import org.fairmq.transport.Poller;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketRegistry;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.TransportType;
import org.fairmq.transport.UnmanagedRegion;
import org.fairmq.transport.ZmqBackedSocket;
import org.fairmq.transport.ZmqBackedPoller;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shmem transport (PROTOCOL.md 2, 3, 4): payloads in the main segment or in regions, 32-byte
 * MetaHeaders over libzmq sockets. Creation follows 2.1 (named mutex, zmq context, management
 * segment, main segment, locked DeviceCounter increment, heartbeat thread); {@link #close()}
 * follows 2.2 (heartbeats stop, sockets close, context terminates, locked decrement, last-out
 * removal of the configured main segment and the management segment).
 *
 * <p>Ownership: owns its context, sockets and shared-memory session; close it after its messages.
 * Creation methods and the {@link ShmTransportStatistics} view are thread-safe; close once.
 */
public final class ShmTransportFactory implements TransportFactory, ShmTransportStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(ShmTransportFactory.class);
    /** A MetaHeader on the wire: the 32-byte frame and ZMTP's 2-byte short-frame header. */
    private static final int METAHEADER_WIRE_BYTES = MetaHeaderDescriptor.LENGTH + 2;

    private final ShmOptions options;
    private final ZmqContext context;
    private final ShmSession session;
    private final InterruptFlag interrupt = new InterruptFlag();
    private final ChunkAllocator allocator;
    private final ChunkViews chunkViews;
    private final RegionMappings regions;
    private final HeartbeatSender heartbeat;
    private final SocketRegistry sockets = new SocketRegistry();
    private final AtomicBoolean warnedAboutExposedEndpoint = new AtomicBoolean();
    private volatile FrameRejectionListener rejectionListener;
    private final LongAdder leakedChunks = new LongAdder();
    private volatile long drainTimeoutMs = ZmqBackedSocket.DEFAULT_DRAIN_TIMEOUT_MS;
    private boolean closed;

    private ShmTransportFactory(ShmOptions options) {
        this.options = options;
        LOG.debug("Transport: Using ZeroMQ ({}) & boost::interprocess ({})", Zmq.version(), NativeInfo.boostVersion());
        this.context = new ZmqContext();
        LockTimeout.set(options.lockTimeoutMs()); // process-wide: Boost reads it in every lock
        this.session = ShmSession.open(options.names(), options.segmentSize(), options.reserve(), options.monitor());
        logIfFailed("io threads", context.set(Zmq.IO_THREADS, options.ioThreads()));
        logIfFailed("max sockets", context.set(Zmq.MAX_SOCKETS, Protocol2017.MAX_SOCKETS));
        this.allocator = new ChunkAllocator(session.main(), interrupt);
        this.chunkViews = new ChunkViews(session.main());
        this.regions = new RegionMappings(options.names());
        this.heartbeat = HeartbeatSender.start(options.names().controlQueue());
    }

    /** Opens (or creates) the topology's shared memory and starts heartbeats. */
    public static ShmTransportFactory create(ShmOptions options) {
        return new ShmTransportFactory(options);
    }

    private static void logIfFailed(String what, int errno) {
        if (errno != 0) {
            LOG.error("shmem: failed configuring context ({}), reason: {}", what, Zmq.strerror(errno));
        }
    }

    @Override
    public String id() {
        return options.id();
    }

    @Override
    public TransportType type() {
        return TransportType.SHMEM;
    }

    public ShmOptions options() {
        return options;
    }

    ShmSession session() {
        return session;
    }

    ChunkAllocator allocator() {
        return allocator;
    }

    RegionMappings regions() {
        return regions;
    }

    /**
     * Tells {@code listener} about every frame the sockets of this transport drop as invalid (null:
     * nobody). They are counted and logged either way ({@link ShmSocket#rejectedFrames()}).
     */
    public void setRejectionListener(FrameRejectionListener listener) {
        this.rejectionListener = listener;
    }

    FrameRejectionListener rejectionListener() {
        return rejectionListener;
    }

    /** The shmem trust warning (README, "Hostile input"), once per transport. */
    void warnOnceAboutExposedEndpoint(String socketId, String endpoint) {
        if (warnedAboutExposedEndpoint.compareAndSet(false, true)) {
            LOG.warn("shmem: socket {} binds {}, which other hosts can reach: a peer there can send metadata frames "
                    + "that name chunks of this host's shared memory, which no check can tell from real ones if forged "
                    + "with care; bind shmem channels to loopback or ipc:// on trusted hosts", socketId, endpoint);
        }
    }

    /**
     * Messages of this transport dropped without {@code close()} while they owned a chunk: each
     * chunk stays allocated until the segment is removed (the Cleaner reports, never frees).
     */
    public long leakedChunks() {
        return leakedChunks.sum();
    }

    ChunkViews chunkViews() {
        return chunkViews;
    }

    LongAdder leakCounter() {
        return leakedChunks;
    }

    /**
     * Free bytes in the main segment for this process: Boost's free memory after this process's
     * pending frees went back, plus its stock of cached chunks (allocated in the segment, but
     * available to this process's next messages). Other processes see Boost's figure alone, which
     * is lower by at most {@link #heldBackBytes()}.
     */
    public long freeMemory() {
        ManagedSegment main = session.main();
        main.flushFrees();
        return main.freeMemory() + main.cachedBytes();
    }

    /**
     * Bytes of the main segment this process holds back for speed: its stock of same-size chunks
     * (each at most a 64th of the segment, 8 MiB) and the chunks of closed messages not yet freed
     * (freed in batches, and before any receive or poll waits). Both go back on close.
     */
    public long heldBackBytes() {
        ManagedSegment main = session.main();
        return main.cachedBytes() + main.pendingFreeBytes();
    }

    @Override
    public String profile() {
        return "2017";
    }

    /** The prefix of the topology's names. */
    @Override
    public String topology() {
        return options.names().prefix();
    }

    @Override
    public String segmentName() {
        return options.names().mainSegment();
    }

    @Override
    public long segmentSize() {
        return session.main().size();
    }

    @Override
    public long segmentFreeMemory() {
        return session.main().freeMemory();
    }

    @Override
    public long deviceCount() {
        return session.main().findDeviceCounter().orElse(-1);
    }

    @Override
    public long regionCount() {
        return session.management().findRegionCounter().orElse(0);
    }

    @Override
    public long nanosSinceLastHeartbeat() {
        return heartbeat.nanosSinceLastSent();
    }

    @Override
    public FullSegmentWaits fullSegmentWaits() {
        return allocator.waits();
    }

    @Override
    public Runnable watchSockets(SocketRegistry.Watcher watcher) {
        return sockets.watch(watcher);
    }

    @Override
    public ShmMessage createMessage() {
        return new ShmMessage(this);
    }

    /**
     * A message with a new main-segment chunk; waits while the segment is full (3.9), throws
     * {@link org.fairmq.transport.TransportInterruptedException} if interrupted meanwhile.
     */
    @Override
    public ShmMessage createMessage(long size) {
        ShmMessage message = new ShmMessage(this);
        message.allocate(size);
        return message;
    }

    /** One copy of the remaining bytes of {@code data} into a new chunk (3.3). */
    @Override
    public ShmMessage createMessage(ByteBuffer data) {
        ShmMessage message = createMessage(data.remaining());
        message.data().put(data.duplicate());
        return message;
    }

    @Override
    public ShmMessage createMessage(UnmanagedRegion region, long offset, long size) {
        if (!(region instanceof ShmUnmanagedRegion)) {
            throw new IllegalArgumentException("not a region of a shmem transport: " + region);
        }
        ShmUnmanagedRegion shm = (ShmUnmanagedRegion) region;
        shm.mapping().checkRange(offset, size);
        ShmMessage message = new ShmMessage(this);
        message.adoptRegion(shm.id(), shm.mapping(), offset, size);
        return message;
    }

    @Override
    public ShmUnmanagedRegion createRegion(long size) {
        return ShmUnmanagedRegion.create(this, size);
    }

    /** PUB/SUB/XPUB/XSUB are refused: fan-out would free one chunk in every receiver (D19). */
    @Override
    public ShmSocket createSocket(SocketType type, String name) {
        if (type.isFanOut()) {
            throw new IllegalArgumentException("socket type " + type.text() + " is not supported by the shmem transport: "
                    + "fan-out delivers one chunk to several receivers, each of which would free it (PROTOCOL.md D19); "
                    + "use the zeromq transport for this channel");
        }
        if (type == SocketType.ROUTER || type == SocketType.DEALER) {
            throw new IllegalArgumentException("socket type " + type.text() + " is not supported by the shmem transport: "
                    + "routing identity frames are not MetaHeaders (PROTOCOL.md A3); use the zeromq transport");
        }
        ShmSocket socket = sockets.register(onClose -> new ShmSocket(this, context, name, type, interrupt, onClose));
        socket.configureDrain(drainTimeoutMs, METAHEADER_WIRE_BYTES);
        return socket;
    }

    @Override
    public void setDrainTimeout(long timeoutMs) {
        drainTimeoutMs = timeoutMs;
    }

    @Override
    public Poller createPoller(List<? extends Socket> list) {
        ManagedSegment main = session.main();
        return new ZmqBackedPoller(list, () -> {
            if (main.pendingFreeBytes() > 0) {
                try {
                    main.flushFrees(); // about to wait: the chunks of closed messages go back first
                } catch (ShmTimeoutException e) {
                    LOG.warn("shmem: {}", e.getMessage()); // they stay pending; the poll goes on
                }
            }
        });
    }

    @Override
    public void releaseHeldBackMemory() {
        ManagedSegment main = session.main();
        try {
            main.flushFrees();
            main.releaseCachedChunks();
        } catch (ShmTimeoutException e) {
            LOG.warn("shmem: {}", e.getMessage()); // kept; they go back on close, or with the segment
        }
    }

    @Override
    public void interrupt() {
        interrupt.set();
    }

    @Override
    public void resume() {
        interrupt.clear();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.close();
        sockets.closeAll();
        int errno = context.terminate();
        if (errno == Zmq.EINTR) {
            LOG.error("shmem: failed closing context, reason: {}", Zmq.strerror(errno));
            context.terminate();
        } else if (errno != 0) {
            // the reference returns here without decrementing the counter (D8); we still leave cleanly
            LOG.error("shmem: failed closing context, reason: {}", Zmq.strerror(errno));
        }
        regions.close();
        releaseHeldBackMemory(); // before the detach: a last one out then sees the segment as its peers left it
        session.close();
        if (leakedChunks.sum() > 0) {
            LOG.warn("shmem: {} message(s) of this transport were dropped without close(); their chunks stay allocated"
                    + " until the segment is removed", leakedChunks.sum());
        }
    }
}
