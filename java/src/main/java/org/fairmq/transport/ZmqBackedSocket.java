package org.fairmq.transport;

import java.util.List;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqConnectionWatch;
import org.fairmq.zmq.ZmqContext;
import org.fairmq.zmq.ZmqPoller;
import org.fairmq.zmq.ZmqSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the zeromq and shmem sockets share: the zmq socket with the options of PROTOCOL.md 4.3 in the
 * reference's order, bind/connect, the blocking loops across the 700 ms socket timeouts with the
 * interrupt check (4.7), the timed variants, return codes (4.6) and statistics. Subclasses define
 * what a message looks like on the wire. A PUSH or PAIR socket ends with a {@link SendDrain} at
 * {@link #close()}: it hangs up only when its peers have read what it sent, or when the drain
 * timeout expires (then what is left is logged). Not thread-safe. Only this module's transports
 * can extend it: its constructor, {@link #zmq} and {@link #zmq()} name {@code org.fairmq.zmq} types,
 * which the module does not export.
 */
public abstract class ZmqBackedSocket implements Socket {
    private static final Logger LOG = LoggerFactory.getLogger(ZmqBackedSocket.class);
    private static final long POLL_SLICE_MS = 100;
    /** Drain bound when the transport sets none (README, "A normal end loses nothing"). */
    public static final long DEFAULT_DRAIN_TIMEOUT_MS = 5000;
    /** Connection events are read every this many sends, so that they never pile up. */
    private static final int WATCH_POLL_EVERY = 4096;

    protected final ZmqSocket zmq;
    protected final InterruptFlag interrupt;
    private final SocketType type;
    private final String id;
    private final Runnable onClose;
    private ZmqPoller inPoller;
    private ZmqPoller outPoller;
    private final ZmqConnectionWatch connections;
    private long drainTimeoutMs = DEFAULT_DRAIN_TIMEOUT_MS;
    private int wireBytesPerMessage;
    private int sendsSinceWatchPoll;
    private boolean closed;

    protected long bytesSent;
    protected long bytesReceived;
    protected long messagesSent;
    protected long messagesReceived;

    protected ZmqBackedSocket(ZmqContext context, String transportId, String name, SocketType type,
            InterruptFlag interrupt, Runnable onClose) {
        this(context, transportId, name, type, interrupt, onClose, Protocol2017.SOCKET_LINGER_MS,
                Protocol2017.SOCKET_TIMEOUT_MS);
    }

    /** With the protocol's linger and internal send/receive timeouts (2017: 1000/700 ms, v1.10: 1000/100 ms). */
    protected ZmqBackedSocket(ZmqContext context, String transportId, String name, SocketType type,
            InterruptFlag interrupt, Runnable onClose, int lingerMs, int socketTimeoutMs) {
        this.type = type;
        this.id = transportId + "." + name + "." + type.text();
        this.interrupt = interrupt;
        this.onClose = onClose;
        this.zmq = new ZmqSocket(context, type.zmqType(), id);
        logIfFailed("identity", zmq.setBytes(Zmq.ROUTING_ID, id));
        logIfFailed("linger", zmq.setInt(Zmq.LINGER, lingerMs));
        logIfFailed("send timeout", zmq.setInt(Zmq.SNDTIMEO, socketTimeoutMs));
        logIfFailed("receive timeout", zmq.setInt(Zmq.RCVTIMEO, socketTimeoutMs));
        if (type == SocketType.SUB) {
            logIfFailed("subscribe", zmq.setBytes(Zmq.SUBSCRIBE, ""));
        }
        this.connections = type == SocketType.PUSH || type == SocketType.PAIR ? watchConnections(context) : null;
    }

    private ZmqConnectionWatch watchConnections(ZmqContext context) {
        try {
            return new ZmqConnectionWatch(context, zmq);
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot monitor its connections ({}); it will close without a drain", id, e.getMessage());
            return null;
        }
    }

    /**
     * How {@link #close()} ends a sending socket: it waits at most {@code timeoutMs} (0: not at all)
     * for the peers to read what was sent; {@code bytesPerMessage} (0: unknown) turns what is left
     * unread into a message count in the log (a shmem MetaHeader is 34 bytes on the wire).
     */
    public final void configureDrain(long timeoutMs, int bytesPerMessage) {
        this.drainTimeoutMs = Math.max(0, timeoutMs);
        this.wireBytesPerMessage = Math.max(0, bytesPerMessage);
    }

    private void logIfFailed(String option, int errno) {
        if (errno != 0) {
            LOG.error("Failed setting {} socket option on {}, reason: {}", option, id, Zmq.strerror(errno));
        }
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final SocketType type() {
        return type;
    }

    /** The underlying zmq socket (for {@link ZmqBackedPoller} and the benchmarks). */
    public final ZmqSocket zmq() {
        return zmq;
    }

    @Override
    public final void configure(int sndHwm, int rcvHwm, int sndKernelSize, int rcvKernelSize) {
        logIfFailed("send high-water mark", zmq.setInt(Zmq.SNDHWM, sndHwm));
        logIfFailed("receive high-water mark", zmq.setInt(Zmq.RCVHWM, rcvHwm));
        if (sndKernelSize != 0) {
            logIfFailed("send kernel buffer size", zmq.setInt(Zmq.SNDBUF, sndKernelSize));
        }
        if (rcvKernelSize != 0) {
            logIfFailed("receive kernel buffer size", zmq.setInt(Zmq.RCVBUF, rcvKernelSize));
        }
    }

    /** Called before every bind; the shmem socket warns about endpoints other hosts can reach. */
    protected void beforeBind(String endpoint) {}

    /** Whether this socket's transport holds back memory that should go back before a receive waits. */
    protected boolean holdsBackMemory() {
        return false;
    }

    /** Gives back what {@link #holdsBackMemory()} reported; called before a receive with timeout waits. */
    protected void releaseHeldBackMemory() {}

    @Override
    public final boolean bind(String endpoint) {
        beforeBind(endpoint);
        int errno = zmq.bind(endpoint);
        if (errno != 0) {
            LOG.error("Failed binding socket {}, address: {}, reason: {}", id, endpoint, Zmq.strerror(errno));
            return false;
        }
        return true;
    }

    @Override
    public final boolean connect(String endpoint) {
        int errno = zmq.connect(endpoint);
        if (errno != 0) {
            LOG.error("Failed connecting socket {}, reason: {}", id, Zmq.strerror(errno));
            return false;
        }
        return true;
    }

    @Override
    public final String lastEndpoint() {
        return zmq.lastEndpoint();
    }

    // -- frames ----------------------------------------------------------------------------------

    /** Sends one frame, retrying across socket timeouts unless interrupted or non-blocking. */
    protected final int sendFrame(long address, long length, int flags) {
        for (;;) {
            int n = zmq.send(address, length, flags);
            if (n != -Zmq.EAGAIN || (flags & Zmq.DONTWAIT) != 0 || interrupt.isSet()) {
                return n;
            }
        }
    }

    /** Maps a negative frame result onto -2 / -1, logging as the reference does. */
    protected final long failure(int n, String what) {
        if (n == -Zmq.EAGAIN) {
            return Transfer.TIMEOUT;
        }
        if (n == -Zmq.ETERM) {
            LOG.info("terminating socket {}", id);
            return Transfer.ERROR;
        }
        LOG.error("Failed {} on socket {}, reason: {}", what, id, Zmq.strerror(-n));
        return Transfer.ERROR;
    }

    // -- the public calls, in terms of the subclass's single attempt -------------------------

    /** Sends one message with these zmq flags (0 or DONTWAIT). */
    protected abstract long sendMessage(Message message, int flags);

    protected abstract long receiveMessage(Message message, int flags);

    protected abstract long sendParts(List<? extends Message> parts, int flags);

    protected abstract long receiveParts(List<Message> parts, int flags);

    @Override
    public final long send(Message message) {
        pollConnections();
        return sendMessage(message, 0);
    }

    @Override
    public final long trySend(Message message) {
        pollConnections();
        return sendMessage(message, Zmq.DONTWAIT);
    }

    /** Reads connection events now and then (one counter increment on the hot path). */
    private void pollConnections() {
        if (connections != null && ++sendsSinceWatchPoll >= WATCH_POLL_EVERY) {
            sendsSinceWatchPoll = 0;
            connections.poll();
        }
    }

    @Override
    public final long send(Message message, long timeoutMs) {
        pollConnections();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (waitFor(Zmq.POLLOUT, deadline)) {
            long n = sendMessage(message, Zmq.DONTWAIT);
            if (n != Transfer.TIMEOUT) {
                return n;
            }
        }
        return Transfer.TIMEOUT;
    }

    @Override
    public final long receive(Message message) {
        return receiveMessage(message, 0);
    }

    @Override
    public final long tryReceive(Message message) {
        return receiveMessage(message, Zmq.DONTWAIT);
    }

    @Override
    public final long receive(Message message, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (waitFor(Zmq.POLLIN, deadline)) {
            long n = receiveMessage(message, Zmq.DONTWAIT);
            if (n != Transfer.TIMEOUT) {
                return n;
            }
        }
        return Transfer.TIMEOUT;
    }

    @Override
    public final long send(List<? extends Message> parts) {
        if (parts.isEmpty()) {
            return sendNoParts(0);
        }
        pollConnections();
        return sendParts(parts, 0);
    }

    /**
     * An empty part list: the 2017 protocol refuses it (-1, "Will not send empty vector"); a protocol
     * that has a frame for it (v1.10: a part count of 0) overrides this.
     */
    protected long sendNoParts(int flags) {
        LOG.warn("Will not send empty vector");
        return Transfer.ERROR;
    }

    @Override
    public final long receive(List<Message> parts) {
        return receiveParts(parts, 0);
    }

    @Override
    public final long receive(List<Message> parts, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (waitFor(Zmq.POLLIN, deadline)) {
            long n = receiveParts(parts, Zmq.DONTWAIT);
            if (n != Transfer.TIMEOUT) {
                return n;
            }
        }
        return Transfer.TIMEOUT;
    }

    /** Polls for {@code event} until the deadline or an interrupt; true if the socket is ready. */
    private boolean waitFor(int event, long deadlineNanos) {
        ZmqPoller poller = event == Zmq.POLLIN ? inPoller() : outPoller();
        if (event == Zmq.POLLIN && holdsBackMemory()) {
            if (poller.poll(0) > 0) {
                return true;
            }
            releaseHeldBackMemory(); // about to wait
        }
        for (;;) {
            if (interrupt.isSet()) {
                return false;
            }
            long leftMs = (deadlineNanos - System.nanoTime() + 999_999) / 1_000_000;
            if (leftMs <= 0) {
                return poller.poll(0) > 0;
            }
            int n = poller.poll(Math.min(leftMs, POLL_SLICE_MS));
            if (n > 0) {
                return true;
            }
            if (n < 0 && n != -Zmq.EINTR) {
                return false;
            }
        }
    }

    private ZmqPoller inPoller() {
        if (inPoller == null) {
            inPoller = new ZmqPoller();
            inPoller.add(zmq, Zmq.POLLIN);
        }
        return inPoller;
    }

    private ZmqPoller outPoller() {
        if (outPoller == null) {
            outPoller = new ZmqPoller();
            outPoller.add(zmq, Zmq.POLLOUT);
        }
        return outPoller;
    }

    @Override
    public final void interrupt() {
        interrupt.set();
    }

    @Override
    public final void resume() {
        interrupt.clear();
    }

    @Override
    public final long bytesSent() {
        return bytesSent;
    }

    @Override
    public final long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public final long messagesSent() {
        return messagesSent;
    }

    @Override
    public final long messagesReceived() {
        return messagesReceived;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (inPoller != null) {
            inPoller.close();
        }
        if (outPoller != null) {
            outPoller.close();
        }
        if (connections == null || messagesSent == 0 || drainTimeoutMs == 0) {
            zmq.close();
        } else {
            report(SendDrain.close(connections, zmq::close, drainTimeoutMs));
        }
        if (connections != null) {
            connections.close(); // before the context terminates
        }
        onClose.run();
    }

    private void report(SendDrain.Outcome outcome) {
        if (outcome.complete()) {
            LOG.debug("{}: drained, {} connection(s) read to the end in {} ms", id, outcome.connections(),
                    outcome.elapsedMs());
            return;
        }
        String count = wireBytesPerMessage > 0
                ? " = " + outcome.unreadBytes() / wireBytesPerMessage + " messages (MetaHeaders whose chunks nobody will free)"
                : "";
        LOG.warn("{}: drain timeout of {} ms expired: {} bytes{} still unread by the peers of {} connection(s); libzmq"
                + " still held queued messages (not counted, up to the send high-water mark) for {} of them; closing"
                + " anyway, these are lost", id, drainTimeoutMs, outcome.unreadBytes(), count, outcome.connections(),
                outcome.stillFlushing());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + "]";
    }
}
