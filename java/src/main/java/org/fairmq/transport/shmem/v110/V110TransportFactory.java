package org.fairmq.transport.shmem.v110;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.fairmq.ipc.NativeInfo;
import org.fairmq.protocol.v110.MetaHeaderLayout;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.transport.InterruptFlag;
import org.fairmq.transport.Poller;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketRegistry;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.TransportType;
import org.fairmq.transport.UnmanagedRegion;
import org.fairmq.transport.ZmqBackedPoller;
import org.fairmq.transport.ZmqBackedSocket;
import org.fairmq.transport.shmem.FrameRejectionListener;
import org.fairmq.transport.shmem.FullSegmentWaits;
import org.fairmq.transport.shmem.ShmTransportStatistics;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shmem transport of the v1.10 profile (PROTOCOL-V110.md 2.1, 2.3, 3, 5): one zmq context and
 * one membership of the session ({@link Session}); messages are refcounted chunks of the session's
 * managed segments, sent as 40-byte MetaHeaders. {@link #close()} follows 2.3: sockets close, the
 * context terminates, the session is left (the last user removes it).
 *
 * <p>Unmanaged regions (4): {@link #createRegion(long, Integer, long, long, RegionAckListener)} makes
 * one this transport controls; regions of other processes are opened when their messages arrive.
 *
 * <p>Ownership: owns its context, sockets and session membership; close it after its messages.
 * Creation methods and the {@link ShmTransportStatistics} view are thread-safe; close once.
 */
public final class V110TransportFactory implements TransportFactory, ShmTransportStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(V110TransportFactory.class);
    /** A MetaHeader on the wire: 40 bytes and ZMTP's 2-byte short-frame header. */
    private static final int METAHEADER_WIRE_BYTES = 42;

    private final V110Options options;
    private final ZmqContext context;
    private final Session session;
    private final InterruptFlag interrupt = new InterruptFlag();
    private final ChunkAllocator allocator;
    private final Regions regions;
    private final SocketRegistry sockets = new SocketRegistry();
    private final LongAdder leakedChunks = new LongAdder();
    private final AtomicBoolean warnedAboutExposedEndpoint = new AtomicBoolean();
    private volatile FrameRejectionListener rejectionListener;
    private RegionEvents regionEvents;
    private volatile long drainTimeoutMs = ZmqBackedSocket.DEFAULT_DRAIN_TIMEOUT_MS;
    private boolean closed;

    private V110TransportFactory(V110Options options) {
        this.options = options;
        LOG.debug("Transport: Using ZeroMQ ({}) & boost::interprocess ({})", Zmq.version(), NativeInfo.boostVersion());
        this.context = new ZmqContext();
        logIfFailed("io threads", context.set(Zmq.IO_THREADS, options.ioThreads()));
        logIfFailed("max sockets", context.set(Zmq.MAX_SOCKETS, ProtocolV110.MAX_SOCKETS));
        try {
            this.session = Session.join(options);
        } catch (RuntimeException e) {
            context.terminate();
            throw new IllegalStateException("Could not initialize shared memory transport: " + e.getMessage(), e);
        }
        this.allocator = new ChunkAllocator(session.own(), interrupt, options.badAllocMaxAttempts(),
                options.badAllocAttemptIntervalMs());
        this.regions = new Regions(session);
    }

    /** Joins (or creates) the session of {@code options} and starts heartbeats (2.1). */
    public static V110TransportFactory create(V110Options options) {
        return new V110TransportFactory(options);
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

    public V110Options options() {
        return options;
    }

    Session session() {
        return session;
    }

    ChunkAllocator allocator() {
        return allocator;
    }

    Regions regions() {
        return regions;
    }

    LongAdder leakCounter() {
        return leakedChunks;
    }

    /** Messages of this transport dropped without {@code close()} while they held a reference (never released). */
    public long leakedChunks() {
        return leakedChunks.sum();
    }

    /** Free bytes of this transport's segment ({@code Monitor::GetFreeMemory}, 6.10). */
    public long freeMemory() {
        return session.own().freeMemory();
    }

    /** The session's live transports, as its DeviceCounter says. */
    @Override
    public long deviceCount() {
        return session.management().deviceCount();
    }

    @Override
    public String profile() {
        return "1.10";
    }

    /** The session's shm id. */
    @Override
    public String topology() {
        return options.shmId().toString();
    }

    @Override
    public String segmentName() {
        return session.names().segment(options.segmentId());
    }

    @Override
    public long segmentSize() {
        return session.own().size();
    }

    @Override
    public long segmentFreeMemory() {
        return session.own().freeMemory();
    }

    /** The regions of the session's region map not marked destroyed. */
    @Override
    public long regionCount() {
        return session.management().regions().values().stream().filter(r -> !r.destroyed()).count();
    }

    @Override
    public long nanosSinceLastHeartbeat() {
        return session.nanosSinceLastHeartbeat();
    }

    @Override
    public FullSegmentWaits fullSegmentWaits() {
        return allocator.waits();
    }

    @Override
    public Runnable watchSockets(SocketRegistry.Watcher watcher) {
        return sockets.watch(watcher);
    }

    /** Tells {@code listener} about every frame the sockets of this transport drop as invalid. */
    public void setRejectionListener(FrameRejectionListener listener) {
        this.rejectionListener = listener;
    }

    FrameRejectionListener rejectionListener() {
        return rejectionListener;
    }

    void warnOnceAboutExposedEndpoint(String socketId, String endpoint) {
        if (warnedAboutExposedEndpoint.compareAndSet(false, true)) {
            LOG.warn("shmem: socket {} binds {}, which other hosts can reach: a peer there can send metadata frames "
                    + "that name chunks of this host's shared memory; bind shmem channels to loopback or ipc://",
                    socketId, endpoint);
        }
    }

    @Override
    public V110Message createMessage() {
        return new V110Message(this);
    }

    /** A message with a new chunk of {@code size} bytes (3.10); {@link MessageBadAllocException} if it cannot have one. */
    @Override
    public V110Message createMessage(long size) {
        return createMessage(size, 0);
    }

    /** With the user data aligned to {@code alignment} bytes (at least 16, 3.6). */
    @Override
    public V110Message createMessage(long size, long alignment) {
        V110Message message = new V110Message(this);
        message.allocate(size, alignment);
        return message;
    }

    /** One copy of the remaining bytes of {@code data} into a new chunk (3.7: the reference copies too). */
    @Override
    public V110Message createMessage(ByteBuffer data) {
        V110Message message = createMessage(data.remaining());
        message.data().put(data.duplicate());
        return message;
    }

    @Override
    public V110Message createMessage(UnmanagedRegion region, long offset, long size) {
        return createMessage(region, offset, size, 0);
    }

    /** 4.3: a message of {@code size} bytes at {@code offset} of {@code region}; {@code hint} comes back in its ack. */
    public V110Message createMessage(UnmanagedRegion region, long offset, long size, long hint) {
        if (!(region instanceof V110Region) || ((V110Region) region).transport() != this) {
            throw new IllegalArgumentException("region type does not match message type: not a region of this transport");
        }
        RegionAccess access = ((V110Region) region).access();
        if (!access.mapping().contains(offset, size)) {
            throw new IllegalArgumentException("trying to create region message with data from outside the region");
        }
        V110Message message = new V110Message(this);
        message.adoptRegion(access, offset, size, hint, MetaHeaderLayout.NO_HANDLE, options.segmentId());
        return message;
    }

    /** A region with an automatic id, the default reference-count segment and no listener (acks are counted). */
    @Override
    public V110Region createRegion(long size) {
        return createRegion(size, null, ProtocolV110.DEFAULT_RC_SEGMENT_SIZE, 0, null);
    }

    /**
     * 4.1: a region of {@code size} bytes this transport controls; {@code id} null for an automatic
     * one (from 1024); {@code rcSegmentSize} 0 for no reference-count segment; {@code listener}
     * (may be null) hears every acknowledged block.
     */
    public V110Region createRegion(long size, Integer id, long rcSegmentSize, long userFlags, RegionAckListener listener) {
        return V110Region.create(this, size, id, rcSegmentSize, userFlags, listener);
    }

    /**
     * {@code GetRegionInfo} (4.7): every managed segment of the session's segment map and every
     * region of its region map (destroyed ones too), in the maps' order.
     */
    public List<RegionInfo> regionInfo() {
        List<RegionInfo> infos = new ArrayList<>();
        for (var segment : session.management().segments()) {
            var mapped = session.segment(segment.id());
            infos.add(new RegionInfo(true, segment.id(), mapped == null ? 0 : mapped.size(), 0, RegionInfo.Event.CREATED));
        }
        for (var region : session.management().regions().values()) {
            infos.add(new RegionInfo(false, region.id(), region.size(), region.userFlags(),
                    region.destroyed() ? RegionInfo.Event.DESTROYED : RegionInfo.Event.CREATED));
        }
        return infos;
    }

    /**
     * {@code SubscribeToRegionEvents} (4.7): {@code listener} hears, on a thread of this transport,
     * of every segment and region as it is created and destroyed; a second call replaces the first.
     */
    public synchronized void subscribeToRegionEvents(Consumer<RegionInfo> listener) {
        if (regionEvents != null) {
            LOG.debug("Already subscribed. Overwriting previous subscription.");
            regionEvents.close();
        }
        regionEvents = new RegionEvents(this, listener);
    }

    public synchronized void unsubscribeFromRegionEvents() {
        if (regionEvents != null) {
            regionEvents.close();
            regionEvents = null;
        }
    }

    /** PUB/SUB/XPUB/XSUB and ROUTER/DEALER are refused (5.2, S35, 14.13). */
    @Override
    public V110Socket createSocket(SocketType type, String name) {
        if (type.isFanOut() || type == SocketType.ROUTER || type == SocketType.DEALER) {
            throw new IllegalArgumentException("socket type " + type.text() + " is not supported for shared memory "
                    + "transport: fan-out and routing frames break the protocol (PROTOCOL-V110.md S35)");
        }
        V110Socket socket = sockets.register(onClose -> new V110Socket(this, context, name, type, interrupt, onClose));
        socket.configureDrain(drainTimeoutMs, METAHEADER_WIRE_BYTES);
        return socket;
    }

    @Override
    public void setDrainTimeout(long timeoutMs) {
        drainTimeoutMs = timeoutMs;
    }

    @Override
    public Poller createPoller(List<? extends Socket> list) {
        return new ZmqBackedPoller(list);
    }

    @Override
    public void interrupt() {
        interrupt.set();
    }

    @Override
    public void resume() {
        interrupt.clear();
    }

    /** 2.3. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.debug("Destroying Shared Memory transport...");
        unsubscribeFromRegionEvents();
        sockets.closeAll();
        int errno = context.terminate();
        if (errno == Zmq.EINTR) {
            context.terminate();
        } else if (errno != 0) {
            LOG.error("shmem: failed closing context, reason: {}", Zmq.strerror(errno));
        }
        regions.close();
        session.close();
        if (leakedChunks.sum() > 0) {
            LOG.warn("shmem: {} message(s) of this transport were dropped without close(); their chunks stay allocated"
                    + " until the segment is removed", leakedChunks.sum());
        }
    }
}
