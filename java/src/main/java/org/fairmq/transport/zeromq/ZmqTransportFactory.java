package org.fairmq.transport.zeromq;

import java.nio.ByteBuffer;
import java.util.List;
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
 * The zeromq transport (PROTOCOL.md 7): every socket type, payloads in plain frames that are moved,
 * not copied ({@link ZmqMessage}); the transport that crosses hosts. Owns its context and sockets.
 * Creation methods are thread-safe.
 */
public final class ZmqTransportFactory implements TransportFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ZmqTransportFactory.class);

    /**
     * Default for {@link #create(String, int, long)}: 1 GiB. libzmq allocates a frame as large as its
     * sender announces before a single byte of it arrived; without a limit one bad peer can make
     * this process allocate any size (libzmq aborts when that fails).
     */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 1L << 30;

    private final String id;
    private final long maxMessageSize;
    private final ZmqContext context = new ZmqContext();
    private final InterruptFlag interrupt = new InterruptFlag();
    private final SocketRegistry sockets = new SocketRegistry();
    private volatile long drainTimeoutMs = ZmqBackedSocket.DEFAULT_DRAIN_TIMEOUT_MS;
    private boolean closed;

    private ZmqTransportFactory(String id, int ioThreads, long maxMessageSize) {
        if (maxMessageSize < -1 || maxMessageSize == 0) {
            throw new IllegalArgumentException("zeromq max message size must be positive or -1 (no limit), got "
                    + maxMessageSize);
        }
        this.id = id;
        this.maxMessageSize = maxMessageSize;
        if (context.set(Zmq.IO_THREADS, ioThreads) != 0 || context.set(Zmq.MAX_SOCKETS, Protocol2017.MAX_SOCKETS) != 0) {
            LOG.error("zeromq: failed configuring context");
        }
    }

    /** A transport whose sockets accept frames of up to {@link #DEFAULT_MAX_MESSAGE_SIZE} bytes. */
    public static ZmqTransportFactory create(String id, int ioThreads) {
        return create(id, ioThreads, DEFAULT_MAX_MESSAGE_SIZE);
    }

    /**
     * A transport whose sockets accept frames of up to {@code maxMessageSize} bytes (-1: any size, as
     * plain libzmq); libzmq drops the connection of a peer that announces a larger one.
     */
    public static ZmqTransportFactory create(String id, int ioThreads, long maxMessageSize) {
        return new ZmqTransportFactory(id, ioThreads, maxMessageSize);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public TransportType type() {
        return TransportType.ZEROMQ;
    }

    @Override
    public Message createMessage() {
        return new ZmqMessage();
    }

    @Override
    public Message createMessage(long size) {
        return new ZmqMessage(size);
    }

    /** A copy of {@code data}'s remaining bytes (the buffer is not changed and may be reused at once). */
    @Override
    public Message createMessage(ByteBuffer data) {
        ZmqMessage message = new ZmqMessage(data.remaining());
        message.data().put(data.duplicate());
        return message;
    }

    /**
     * A message over {@code buffer}'s remaining bytes without a copy ({@code zmq_msg_init_data},
     * PROTOCOL.md 7). libzmq reads the bytes when it sends them, which may be after
     * {@link Socket#send} returned (ipc, tcp: in its I/O thread; inproc: the receiver gets this very
     * memory), so the buffer must not be changed until libzmq has released it; this transport keeps
     * it strongly reachable until then, also after the message is closed. The buffer must be direct
     * and writable; its position and limit are not changed.
     */
    public Message createMessageWithoutCopy(ByteBuffer buffer) {
        ZmqMessage message = new ZmqMessage();
        try {
            message.lend(buffer);
        } catch (RuntimeException | Error e) {
            message.close();
            throw e;
        }
        return message;
    }

    /** zeromq regions are process memory; messages made from them are copies (3.10). */
    @Override
    public Message createMessage(UnmanagedRegion region, long offset, long size) {
        ByteBuffer source = region.data();
        if (offset < 0 || size < 0 || offset + size > source.capacity()) {
            throw new IllegalArgumentException("offset " + offset + " with size " + size + " is outside the region ("
                    + source.capacity() + " bytes)");
        }
        return createMessage(source.position((int) offset).limit((int) (offset + size)));
    }

    @Override
    public UnmanagedRegion createRegion(long size) {
        ByteBuffer memory = ByteBuffer.allocateDirect(Math.toIntExact(size));
        return new UnmanagedRegion() {
            @Override
            public ByteBuffer data() {
                return memory.duplicate();
            }

            @Override
            public long size() {
                return memory.capacity();
            }

            @Override
            public void close() {
                // garbage-collected memory
            }
        };
    }

    @Override
    public Socket createSocket(SocketType type, String name) {
        ZmqTransportSocket socket = sockets.register(onClose -> new ZmqTransportSocket(context, id, name, type, interrupt,
                maxMessageSize, onClose));
        socket.configureDrain(drainTimeoutMs, 0); // frame sizes vary: unread bytes are reported as bytes
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

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        sockets.closeAll();
        int errno = context.terminate();
        if (errno != 0) {
            LOG.error("zeromq: failed closing context, reason: {}", Zmq.strerror(errno));
        }
        LentBuffers.settle(); // the sockets' queues are gone: what they held is released

    }
}
