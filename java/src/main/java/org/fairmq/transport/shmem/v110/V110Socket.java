package org.fairmq.transport.shmem.v110;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.fairmq.bindings.ShmNative110;
import org.fairmq.ipc.ChunkCheck;
import org.fairmq.ipc.DataSegment;
import org.fairmq.protocol.v110.MetaHeaderLayout;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.transport.InterruptFlag;
import org.fairmq.transport.Message;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TcpEndpoints;
import org.fairmq.transport.Transfer;
import org.fairmq.transport.ZmqBackedSocket;
import org.fairmq.transport.shmem.FrameRejection;
import org.fairmq.transport.shmem.RejectedFrames;
import org.fairmq.transport.shmem.ShmSocketCounters;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqContext;
import org.fairmq.zmq.ZmqFrame;

/**
 * A socket of the v1.10 profile: every message is one frame, a 40-byte MetaHeader (PROTOCOL-V110.md
 * 3.2), every multipart message one frame of a part count and one MetaHeader per part (3.3), both
 * padded to {@code --shm-metadata-msg-size} (3.4). An empty part list is a frame with count 0.
 *
 * <p>Receiving validates every frame before it becomes a message (the reference checks only the
 * 40-byte minimum, S5): its length for the API called (a multipart frame must hold 8 + 40n bytes),
 * fManaged 0 or 1, a segment id the session's segment map knows, and a handle that starts a live
 * chunk holding the size ({@link DataSegment#validate}). A bad frame is dropped, counted by cause
 * and reported ({@link #rejectedFrames()}); nothing it names is released, and the receive goes on
 * (the reference throws or terminates, S4, S7, S8). A multipart frame with a bad part is dropped
 * whole, its valid parts released. A region message (fManaged 0) must name a live region of the
 * session (opened as a viewer on first use), a range inside it, and, if shared, a plausible
 * RefCount (4.4).
 *
 * <p>Not thread-safe.
 */
public final class V110Socket extends ZmqBackedSocket implements ShmSocketCounters {
    /** {@code ZMQ_MAXMSGSIZE} at least: a multipart frame of 26,214 parts, or the padded size. */
    static final long MAX_INBOUND_FRAME = 1 << 20;

    private final V110TransportFactory transport;
    private final Session session;
    private final int metadataSize;
    private ByteBuffer frame;
    private long frameAddress;
    private final ZmqFrame receivedFrame = new ZmqFrame();
    private ByteBuffer received;          // the last received frame, copied out of libzmq's message
    private long receivedAddress;
    private final RejectedFrames rejectedFrames;

    V110Socket(V110TransportFactory transport, ZmqContext context, String name, SocketType type, InterruptFlag interrupt,
            Runnable onClose) {
        super(context, transport.id(), name, type, interrupt, onClose, ProtocolV110.SOCKET_LINGER_MS,
                ProtocolV110.SOCKET_TIMEOUT_MS);
        this.transport = transport;
        this.session = transport.session();
        this.metadataSize = transport.options().metadataMsgSize();
        this.rejectedFrames = new RejectedFrames(id());
        ensureFrame(MetaHeaderLayout.singleFrameLength(metadataSize));
        ensureReceived(MetaHeaderLayout.singleFrameLength(metadataSize));
        int errno = zmq.setLong(Zmq.MAXMSGSIZE, Math.max(MAX_INBOUND_FRAME, metadataSize));
        if (errno != 0) {
            throw new IllegalStateException("cannot limit frames of shmem socket " + id() + ": " + Zmq.strerror(errno));
        }
    }

    private void ensureFrame(long length) {
        if (frame == null || frame.capacity() < length) {
            if (length > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a metadata frame of " + length + " bytes is too large");
            }
            frame = ByteBuffer.allocateDirect((int) length).order(ByteOrder.LITTLE_ENDIAN);
            try (BytePointer pointer = new BytePointer(frame)) {
                frameAddress = pointer.address();
            }
        }
    }

    // -- sending ------------------------------------------------------------------------------------

    @Override
    protected long sendMessage(Message message, int flags) {
        if (!(message instanceof V110Message)) {
            return sendConverted(message, flags);
        }
        V110Message shm = (V110Message) message;
        int length = MetaHeaderLayout.singleFrameLength(metadataSize);
        writeHeader(0, shm);
        zeroPadding(MetaHeaderLayout.LENGTH, length);
        int n = sendFrame(frameAddress, length, flags);
        if (n < 0) {
            return failure(n, "sending");
        }
        long size = shm.size();
        shm.markSent();
        bytesSent += size;
        messagesSent++;
        return size;
    }

    /** 3.13: a message of another transport goes out as a copy in a new message of this one. */
    private long sendConverted(Message message, int flags) {
        V110Message copy = transport.createMessage(message.size());
        try {
            copy.data().put(message.data());
            return sendMessage(copy, flags);
        } finally {
            copy.close();
        }
    }

    @Override
    protected long sendParts(List<? extends Message> parts, int flags) {
        int count = parts.size();
        for (int i = 0; i < count; i++) {
            Message part = parts.get(i);
            if (!(part instanceof V110Message) || ((V110Message) part).transport() != transport) {
                throw new IllegalArgumentException("part " + i + " of a multipart message for " + id()
                        + " is not a message of this transport; create parts with it");
            }
        }
        long length = MetaHeaderLayout.multipartFrameLength(count, metadataSize);
        ensureFrame(length);
        frame.putLong(0, count);
        long total = 0;
        for (int i = 0; i < count; i++) {
            V110Message part = (V110Message) parts.get(i);
            writeHeader(MetaHeaderLayout.partOffset(i), part);
            total += part.size();
        }
        zeroPadding(MetaHeaderLayout.partOffset(count), (int) length);
        int n = sendFrame(frameAddress, length, flags);
        if (n < 0) {
            return failure(n, "sending");
        }
        for (Message part : parts) {
            ((V110Message) part).markSent();
        }
        bytesSent += total;
        messagesSent++;
        return total;
    }

    /** 3.3: an empty part list is a frame with a count of 0; it returns 0. */
    @Override
    protected long sendNoParts(int flags) {
        long length = MetaHeaderLayout.multipartFrameLength(0, metadataSize);
        ensureFrame(length);
        frame.putLong(0, 0);
        zeroPadding(MetaHeaderLayout.PART_COUNT_LENGTH, (int) length);
        int n = sendFrame(frameAddress, length, flags);
        if (n < 0) {
            return failure(n, "sending");
        }
        messagesSent++;
        return 0;
    }

    private void writeHeader(int at, V110Message message) {
        if (message.isRegionMessage()) {
            MetaHeaderLayout.write(frame, at, message.size(), message.hint(), message.handle(), message.shared(),
                    message.regionId(), message.segmentId(), false);
        } else {
            MetaHeaderLayout.write(frame, at, message.size(), 0, message.handle(), MetaHeaderLayout.NO_HANDLE, 0,
                    message.segmentId(), true);
        }
    }

    private void zeroPadding(int from, int to) {
        for (int i = from; i < to; i++) {
            frame.put(i, (byte) 0);
        }
    }

    // -- receiving ----------------------------------------------------------------------------------

    @Override
    protected long receiveMessage(Message message, int flags) {
        V110Message shm = requireOwn(message);
        shm.rebuild(); // gives back what it held (unlike the reference, S1, S2)
        for (;;) {
            long n = receiveFrame(flags);
            if (n < 0) {
                return failure((int) n, "receiving");
            }
            ByteBuffer received = receivedBuffer(n);
            if (n < MetaHeaderLayout.LENGTH) {
                reject(FrameRejection.MALFORMED_LENGTH, "length " + n + ", expected at least 40");
                continue;
            }
            FrameRejection rejection = decodeInto(shm, received, 0);
            if (rejection == null) {
                long size = shm.size();
                messagesReceived++;
                bytesReceived += size;
                return size;
            }
            reject(rejection, describe(received, 0, rejection));
        }
    }

    @Override
    protected long receiveParts(List<Message> parts, int flags) {
        for (;;) {
            long n = receiveFrame(flags);
            if (n < 0) {
                return failure((int) n, "receiving");
            }
            ByteBuffer received = receivedBuffer(n);
            if (n < MetaHeaderLayout.PART_COUNT_LENGTH) {
                reject(FrameRejection.MALFORMED_LENGTH, "length " + n + ", expected at least 8 for a multipart frame");
                continue;
            }
            long count = received.getLong(0);
            if (count < 0 || count > (n - MetaHeaderLayout.PART_COUNT_LENGTH) / MetaHeaderLayout.LENGTH) {
                reject(FrameRejection.MALFORMED_LENGTH, "length " + n + " cannot hold the " + Long.toUnsignedString(count)
                        + " parts it announces (8 + 40 per part)");
                continue;
            }
            int first = parts.size(); // appended, as the reference does
            boolean rejected = false;
            long total = 0;
            for (int i = 0; i < count; i++) {
                V110Message part = transport.createMessage();
                parts.add(part);
                int at = MetaHeaderLayout.partOffset(i);
                FrameRejection rejection = decodeInto(part, received, at);
                if (rejection == null) {
                    total += part.size();
                } else {
                    rejected = true;
                    reject(rejection, "part " + i + ": " + describe(received, at, rejection));
                }
            }
            if (rejected) {
                List<Message> mine = parts.subList(first, parts.size());
                for (Message part : mine) {
                    if (((V110Message) part).holdsChunk()) {
                        reject(FrameRejection.PART_OF_REJECTED_MESSAGE, part.toString());
                    }
                    part.close(); // the valid parts' references came with the frame: given back
                }
                mine.clear();
                continue;
            }
            messagesReceived++;
            bytesReceived += total;
            return total;
        }
    }

    private long receiveFrame(int flags) {
        for (;;) {
            long n = zmq.receive(receivedFrame, flags);
            if (n != -Zmq.EAGAIN || (flags & Zmq.DONTWAIT) != 0 || interrupt.isSet()) {
                return n;
            }
        }
    }

    /** The received frame's bytes in this socket's own buffer (grown to the largest frame): no garbage per frame. */
    private ByteBuffer receivedBuffer(long length) {
        ensureReceived(length);
        if (length > 0) {
            ShmNative110.copy(receivedAddress, receivedFrame.data(), length);
        }
        received.clear().limit((int) length);
        return received;
    }

    private void ensureReceived(long length) {
        if (received == null || received.capacity() < length) {
            received = ByteBuffer.allocateDirect((int) Math.max(length, MetaHeaderLayout.LENGTH)).order(ByteOrder.LITTLE_ENDIAN);
            try (BytePointer pointer = new BytePointer(received)) {
                receivedAddress = pointer.address();
            }
        }
    }

    /**
     * Checks the header at {@code at} and, if it names a chunk this process may take, makes
     * {@code message} its owner. Null for a valid header, else why not (nothing released then).
     */
    private FrameRejection decodeInto(V110Message message, ByteBuffer frame, int at) {
        int managed = MetaHeaderLayout.managedByte(frame, at);
        if (managed == 0) {
            return decodeRegionInto(message, frame, at);
        }
        if (managed != 1) {
            return FrameRejection.MALFORMED_HEADER;
        }
        long size = MetaHeaderLayout.size(frame, at);
        long handle = MetaHeaderLayout.handle(frame, at);
        if (MetaHeaderLayout.shared(frame, at) != MetaHeaderLayout.NO_HANDLE) {
            return FrameRejection.MALFORMED_HEADER; // always -1 for managed messages (3.1)
        }
        if (handle == MetaHeaderLayout.NO_HANDLE) {
            return size == 0 ? null : FrameRejection.MALFORMED_HEADER; // an empty message, or a size without buffer
        }
        int segmentId = MetaHeaderLayout.segmentId(frame, at);
        DataSegment segment = session.segment(segmentId);
        if (segment == null) {
            return FrameRejection.UNKNOWN_SEGMENT;
        }
        int check = segment.validate(handle, size);
        if (check != 0) {
            ChunkCheck result = ChunkCheck.of(check);
            if (result == ChunkCheck.LOCK_TIMED_OUT) {
                throw new org.fairmq.ipc.ShmTimeoutException("socket " + id() + ": cannot tell whether handle " + handle
                        + " is a chunk of " + segment.name() + ": its allocator lock is held by another process for"
                        + " too long, which may be dead; stop the session's devices, then fairmq-shmmonitor --cleanup");
            }
            return FrameRejection.of(result);
        }
        message.adopt(segment, segmentId, handle, size, segment.dataOffset(handle));
        return null;
    }

    /** 3.5, 4.3, 4.4: a region message names a live region, a range inside it and, if shared, a plausible RefCount. */
    private FrameRejection decodeRegionInto(V110Message message, ByteBuffer frame, int at) {
        RegionAccess region = transport.regions().lookup(MetaHeaderLayout.regionId(frame, at));
        if (region == null) {
            return FrameRejection.UNKNOWN_REGION;
        }
        long size = MetaHeaderLayout.size(frame, at);
        long offset = MetaHeaderLayout.handle(frame, at);
        if (!region.mapping().contains(offset, size)) {
            return FrameRejection.OUTSIDE_REGION;
        }
        long shared = MetaHeaderLayout.shared(frame, at);
        int segmentId = MetaHeaderLayout.segmentId(frame, at);
        if (shared != MetaHeaderLayout.NO_HANDLE) {
            if (region.refCounts() != null) {
                if (!region.refCounts().isPlausible(shared)) {
                    return FrameRejection.MALFORMED_HEADER;
                }
            } else {
                DataSegment counts = session.segment(segmentId);
                if (counts == null) {
                    return FrameRejection.UNKNOWN_SEGMENT;
                }
                if (counts.validate(shared, 2) != 0) {
                    return FrameRejection.MALFORMED_HEADER;
                }
            }
        }
        message.adoptRegion(region, offset, size, MetaHeaderLayout.hint(frame, at), shared, segmentId);
        return null;
    }

    private static String describe(ByteBuffer frame, int at, FrameRejection rejection) {
        return "MetaHeader {size " + Long.toUnsignedString(MetaHeaderLayout.size(frame, at)) + ", handle "
                + MetaHeaderLayout.handle(frame, at) + ", shared " + MetaHeaderLayout.shared(frame, at) + ", region "
                + MetaHeaderLayout.regionId(frame, at) + ", segment " + MetaHeaderLayout.segmentId(frame, at)
                + ", managed " + MetaHeaderLayout.managedByte(frame, at) + "}: " + rejection.text();
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

    @Override
    protected void beforeBind(String endpoint) {
        if (!TcpEndpoints.isLoopback(endpoint)) {
            transport.warnOnceAboutExposedEndpoint(id(), endpoint);
        }
    }

    @Override
    public void close() {
        rejectedFrames.close();
        super.close();
        receivedFrame.close();
    }

    private V110Message requireOwn(Message message) {
        if (!(message instanceof V110Message) || ((V110Message) message).transport() != transport) {
            throw new IllegalArgumentException("cannot receive into a message of another transport on shmem socket "
                    + id() + "; create it with this transport");
        }
        return (V110Message) message;
    }
}
