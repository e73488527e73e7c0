package org.fairmq.transport.shmem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.fairmq.ipc.ChunkCheck;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.MetaHeaderReceiver;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.ipc.ShmException;
import org.fairmq.ipc.ShmTimeoutException;
import org.fairmq.protocol.MetaHeaderDescriptor;
import org.fairmq.transport.InterruptFlag;
import org.fairmq.transport.Message;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TcpEndpoints;
import org.fairmq.transport.Transfer;
import org.fairmq.transport.ZmqBackedSocket;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqContext;

/**
 * A shmem socket: every non-empty message is one 32-byte MetaHeader frame, an empty message a
 * zero-length frame (PROTOCOL.md 3.1, 3.3); multipart is zmq multipart, one frame per part (3.7).
 *
 * <p>Receiving validates every frame before it becomes a message (the reference trusts them, D18): a
 * wrong length, a handle that is no allocated chunk of the main segment (checked against Boost's
 * block headers, {@link ManagedSegment#validateChunk}), a size past its chunk, an unknown region or
 * a range outside it. Such a frame is dropped, counted by cause ({@link #rejectedFrames()}) and
 * reported (rate-limited, and to the transport's {@link FrameRejectionListener}); nothing is freed
 * and the receive goes on with the next frame. A multipart message with an invalid part is dropped
 * whole, its valid parts freed. Frames longer than {@link #MAX_INBOUND_FRAME} never reach us:
 * {@code ZMQ_MAXMSGSIZE} makes libzmq drop the connection of a peer that announces one, before
 * assembling it.
 *
 * <p>Hot path: the frames live in native buffers of the socket; send and receive make one JNI call
 * each (the receive validates the chunk in the same call, {@link MetaHeaderReceiver}) and allocate
 * nothing. Not thread-safe.
 */
public final class ShmSocket extends ZmqBackedSocket implements ShmSocketCounters {
    /**
     * {@code ZMQ_MAXMSGSIZE}: libzmq drops the connection of a peer that announces a larger frame,
     * before assembling it. Not the 32 bytes of a MetaHeader: the limit also applies to the ZMTP
     * handshake, whose READY command carries the socket's identity (up to 255 bytes) for REQ
     * sockets. Frames of 33 bytes up to this limit arrive, and are dropped as malformed.
     */
    static final long MAX_INBOUND_FRAME = 1024;

    private final ShmTransportFactory transport;
    private final ManagedSegment main;
    private final ByteBuffer frame;       // the frame being sent
    private final long frameAddress;
    private final MetaHeaderReceiver receiver;
    private final ByteBuffer received;    // the frame last received (the receiver's buffer)
    private final RejectedFrames rejectedFrames;

    ShmSocket(ShmTransportFactory transport, ZmqContext context, String name, SocketType type, InterruptFlag interrupt,
            Runnable onClose) {
        super(context, transport.id(), name, type, interrupt, onClose);
        this.transport = transport;
        this.main = transport.session().main();
        this.frame = ByteBuffer.allocateDirect(MetaHeaderDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (BytePointer pointer = new BytePointer(frame)) {
            this.frameAddress = pointer.address();
        }
        this.receiver = new MetaHeaderReceiver(zmq, main);
        this.received = receiver.frame();
        this.rejectedFrames = new RejectedFrames(id());
        int errno = zmq.setLong(Zmq.MAXMSGSIZE, MAX_INBOUND_FRAME);
        if (errno != 0) {
            throw new IllegalStateException("cannot limit frames of shmem socket " + id() + " to " + MAX_INBOUND_FRAME
                    + " bytes: " + Zmq.strerror(errno));
        }
    }

    @Override
    protected long sendMessage(Message message, int flags) {
        if (interrupt.isSet()) {
            return Transfer.ERROR; // the reference's check on entry (3.5 step 1, D14)
        }
        if (!(message instanceof ShmMessage)) {
            return sendConverted(message, flags);
        }
        ShmMessage shm = (ShmMessage) message;
        int n = sendFrame(shm, flags);
        if (n < 0) {
            return failure(n, "sending");
        }
        if (n == 0) {
            return 0; // an empty message: not counted (3.5)
        }
        long size = shm.size();
        shm.markSent();
        bytesSent += size;
        messagesSent++;
        return size;
    }

    /** 3.11: a message of another transport goes out as a copy in a new shmem message. */
    private long sendConverted(Message message, int flags) {
        ShmMessage copy = transport.createMessage(message.size());
        try {
            copy.data().put(message.data());
            return sendMessage(copy, flags);
        } finally {
            copy.close();
        }
    }

    private int sendFrame(ShmMessage message, int flags) {
        if (!message.hasPayload()) {
            return sendFrame(frameAddress, 0, flags);
        }
        frame.putLong(MetaHeaderDescriptor.SIZE_OFFSET, message.size());
        frame.putLong(MetaHeaderDescriptor.REGION_ID_OFFSET, message.regionId());
        frame.putLong(MetaHeaderDescriptor.HANDLE_OFFSET, message.handle());
        frame.putLong(MetaHeaderDescriptor.PADDING_OFFSET, 0L);
        return sendFrame(frameAddress, MetaHeaderDescriptor.LENGTH, flags);
    }

    @Override
    protected long receiveMessage(Message message, int flags) {
        ShmMessage shm = requireOwn(message);
        shm.rebuild(); // frees a chunk it still owns, never one it sent (11.17)
        for (;;) {
            int n = receiveMetaHeader(flags);
            if (n < 0) {
                return failure(n, "receiving");
            }
            if (n == 0) {
                messagesReceived++;
                return 0;
            }
            FrameRejection rejection = decodeInto(shm, n);
            if (rejection == null) {
                long size = shm.size();
                messagesReceived++;
                bytesReceived += size;
                return size;
            }
            reject(rejection, describeFrame(rejection, n));
            // and on to the next frame: a bad frame never ends a receive
        }
    }

    @Override
    protected long sendParts(List<? extends Message> parts, int flags) {
        if (interrupt.isSet()) {
            return Transfer.ERROR;
        }
        long total = 0;
        int last = parts.size() - 1;
        for (int i = 0; i <= last; i++) {
            Message part = parts.get(i);
            if (!(part instanceof ShmMessage)) {
                throw new IllegalArgumentException("part " + i + " of a multipart message for " + id()
                        + " is a " + part.transportType().text() + " message; create parts with this shmem transport");
            }
            ShmMessage shm = (ShmMessage) part;
            int n = sendFrame(shm, i < last ? flags | Zmq.SNDMORE : flags);
            if (n < 0) {
                // after the first part libzmq takes the rest of the message atomically (no D13 restart)
                return failure(n, "sending");
            }
            long size = shm.size();
            if (n > 0) {
                shm.markSent();
            }
            total += size;
        }
        bytesSent += total;
        messagesSent++;
        return total;
    }

    @Override
    protected long receiveParts(List<Message> parts, int flags) {
        for (;;) {
            int n = receiveMetaHeader(flags);
            if (n < 0) {
                return failure(n, "receiving");
            }
            int first = parts.size(); // appended, as the reference does (D43 kept: it is the documented API)
            boolean rejected = false;
            long total = 0;
            for (int index = 0;; index++) {
                ShmMessage part = transport.createMessage();
                parts.add(part);
                if (n > 0) {
                    FrameRejection rejection = decodeInto(part, n);
                    if (rejection == null) {
                        total += part.size();
                    } else {
                        rejected = true;
                        reject(rejection, "part " + index + ": " + describeFrame(rejection, n));
                    }
                }
                if (!zmq.more()) {
                    break;
                }
                // libzmq delivers the rest of a multipart message atomically: no waiting here
                n = receiveMetaHeader(flags & ~Zmq.DONTWAIT);
                if (n < 0) {
                    dropParts(parts, first, false);
                    return failure(n, "receiving");
                }
            }
            if (rejected) {
                // the valid parts were handed to us with the message: free them with it, then go on
                dropParts(parts, first, true);
                continue;
            }
            messagesReceived++;
            bytesReceived += total;
            return total;
        }
    }

    /** Closes and removes the parts from {@code first} on; {@code report}: as parts of a rejected message. */
    private void dropParts(List<Message> parts, int first, boolean report) {
        List<Message> received = parts.subList(first, parts.size());
        for (int index = 0; index < received.size(); index++) {
            ShmMessage part = (ShmMessage) received.get(index);
            if (report && part.hasPayload()) {
                reject(FrameRejection.PART_OF_REJECTED_MESSAGE, "part " + index + ": " + part);
            }
            part.close();
        }
        received.clear();
    }

    /** One frame into {@link #received}, validated when it names a main-segment chunk; retried as {@link #receiveFrame}. */
    private int receiveMetaHeader(int flags) {
        for (;;) {
            int n = receiver.receive(flags);
            if (n != -Zmq.EAGAIN || (flags & Zmq.DONTWAIT) != 0 || interrupt.isSet()) {
                return n;
            }
        }
    }

    /**
     * Validates the frame in {@link #received} (checked on receipt by the native receiver) and, if it names a payload this process may take,
     * makes {@code message} its owner (or view). Returns null for a valid frame, else why it is not;
     * then the message is untouched and nothing is freed. Allocates nothing.
     */
    private FrameRejection decodeInto(ShmMessage message, int length) {
        if (length != MetaHeaderDescriptor.LENGTH) {
            return FrameRejection.MALFORMED_LENGTH;
        }
        long size = received.getLong(MetaHeaderDescriptor.SIZE_OFFSET);
        long regionId = received.getLong(MetaHeaderDescriptor.REGION_ID_OFFSET);
        long handle = received.getLong(MetaHeaderDescriptor.HANDLE_OFFSET);
        if (regionId == 0) {
            ChunkCheck check = receiver.chunkCheck();
            if (check == ChunkCheck.LOCK_TIMED_OUT) {
                throw new ShmTimeoutException("socket " + id() + ": cannot tell whether handle " + handle
                        + " is a chunk of shared memory segment \"" + main.name() + "\": its allocator lock is held by"
                        + " another process for too long, which may be dead; stop the topology's devices, then"
                        + " fairmq-shmmonitor --cleanup");
            }
            if (check != ChunkCheck.VALID) {
                return FrameRejection.of(check);
            }
            message.adoptChunk(handle, size);
            return null;
        }
        SharedRegion region;
        try {
            region = transport.regions().resolve(regionId);
        } catch (ShmException e) {
            return FrameRejection.UNKNOWN_REGION;
        }
        if (!region.contains(handle, size)) {
            return FrameRejection.OUTSIDE_REGION;
        }
        message.adoptRegion(regionId, region, handle, size);
        return null;
    }

    /** The fields of the rejected frame still in {@link #received}, for the report. */
    private String describeFrame(FrameRejection rejection, int length) {
        if (rejection == FrameRejection.MALFORMED_LENGTH) {
            return "length " + length + ", expected 32 (or 0 for an empty message)";
        }
        long size = received.getLong(MetaHeaderDescriptor.SIZE_OFFSET);
        long regionId = received.getLong(MetaHeaderDescriptor.REGION_ID_OFFSET);
        long handle = received.getLong(MetaHeaderDescriptor.HANDLE_OFFSET);
        if (regionId == 0) {
            return "handle " + handle + " with size " + Long.toUnsignedString(size) + " in shared memory segment \""
                    + main.name() + "\" (" + main.size() + " bytes) is " + rejection.text();
        }
        return "region " + Long.toUnsignedString(regionId) + " offset " + handle + " with size "
                + Long.toUnsignedString(size) + ": " + rejection.text();
    }

    private void reject(FrameRejection rejection, String detail) {
        rejectedFrames.record(rejection, detail, transport.rejectionListener());
    }

    /** The frames this socket dropped so far, by cause. */
    public RejectedFrames rejectedFrames() {
        return rejectedFrames;
    }

    @Override
    public long framesRejected() {
        return rejectedFrames.total();
    }

    @Override
    public String framesRejectedByCause() {
        return rejectedFrames.summary();
    }

    /** Warns once per transport when metadata would be reachable from other hosts (README, "Hostile input"). */
    @Override
    protected void beforeBind(String endpoint) {
        if (!TcpEndpoints.isLoopback(endpoint)) {
            transport.warnOnceAboutExposedEndpoint(id(), endpoint);
        }
    }

    /** Chunks of closed messages waiting in the segment's free batch (they go back before a receive waits). */
    @Override
    protected boolean holdsBackMemory() {
        return main.pendingFreeBytes() > 0;
    }

    @Override
    protected void releaseHeldBackMemory() {
        main.flushFrees();
    }

    @Override
    public void close() {
        rejectedFrames.close();
        receiver.close(); // before the zmq socket it uses
        super.close();
    }

    private ShmMessage requireOwn(Message message) {
        if (!(message instanceof ShmMessage)) {
            throw new IllegalArgumentException("cannot receive into a " + message.transportType().text()
                    + " message on shmem socket " + id() + "; create it with this transport");
        }
        return (ShmMessage) message;
    }
}
