package org.fairmq.shm.transport.shmem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.fairmq.shm.ipc.ManagedSegment;
import org.fairmq.shm.ipc.SharedRegion;
import org.fairmq.shm.ipc.ShmException;
import org.fairmq.shm.protocol.MetaHeaderDescriptor;
import org.fairmq.shm.transport.InterruptFlag;
import org.fairmq.shm.transport.Message;
import org.fairmq.shm.transport.SocketType;
import org.fairmq.shm.transport.Transfer;
import org.fairmq.shm.transport.ZmqBackedSocket;
import org.fairmq.shm.zmq.Zmq;
import org.fairmq.shm.zmq.ZmqContext;

/**
 * A shmem socket: every non-empty message is one 32-byte MetaHeader frame, an empty message a
 * zero-length frame (PROTOCOL.md 3.1, 3.3); multipart is zmq multipart, one frame per part (3.7).
 *
 * <p>Receiving validates every frame before it becomes a message (the reference trusts them, D18): a
 * wrong length, a handle outside the segment or a size past its end, an unknown region raise an
 * {@link InvalidFrameException} for that frame; nothing is freed and the socket keeps working.
 *
 * <p>Hot path: the frame lives in one native buffer per socket; send and receive make one JNI call
 * each and allocate nothing. Not thread-safe.
 */
public final class ShmSocket extends ZmqBackedSocket {
    private final ShmTransportFactory transport;
    private final ManagedSegment main;
    private final ByteBuffer frame;
    private final long frameAddress;

    ShmSocket(ShmTransportFactory transport, ZmqContext context, String name, SocketType type, InterruptFlag interrupt,
            Runnable onClose) {
        super(context, transport.id(), name, type, interrupt, onClose);
        this.transport = transport;
        this.main = transport.session().main();
        this.frame = ByteBuffer.allocateDirect(MetaHeaderDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (BytePointer pointer = new BytePointer(frame)) {
            this.frameAddress = pointer.address();
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
        int n = receiveFrame(frameAddress, MetaHeaderDescriptor.LENGTH, flags);
        if (n < 0) {
            return failure(n, "receiving");
        }
        messagesReceived++;
        if (n == 0) {
            return 0;
        }
        long size = decodeInto(shm, n);
        bytesReceived += size;
        return size;
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
        int n = receiveFrame(frameAddress, MetaHeaderDescriptor.LENGTH, flags);
        if (n < 0) {
            return failure(n, "receiving");
        }
        List<ShmMessage> received = new ArrayList<>();
        InvalidFrameException firstError = null;
        long total = 0;
        for (int index = 0;; index++) {
            ShmMessage part = transport.createMessage();
            received.add(part);
            if (n > 0) {
                try {
                    total += decodeInto(part, n);
                } catch (InvalidFrameException e) {
                    if (firstError == null) {
                        firstError = new InvalidFrameException("part " + index + ": " + e.getMessage(), e);
                    }
                }
            }
            if (!zmq.more()) {
                break;
            }
            n = receiveFrame(frameAddress, MetaHeaderDescriptor.LENGTH, flags & ~Zmq.DONTWAIT);
            if (n < 0) {
                received.forEach(ShmMessage::close);
                return failure(n, "receiving");
            }
        }
        messagesReceived++;
        if (firstError != null) {
            received.forEach(ShmMessage::close); // valid parts were ours: free them with the message
            throw firstError;
        }
        parts.addAll(received); // appended, as the reference does (D43 kept: it is the documented API)
        bytesReceived += total;
        return total;
    }

    /** Validates the frame in {@link #frame} and makes {@code message} its payload; returns the size. */
    private long decodeInto(ShmMessage message, int length) {
        if (length != MetaHeaderDescriptor.LENGTH) {
            throw new InvalidFrameException("socket " + id() + ": malformed shmem metadata frame: length=" + length
                    + ", expected=32 (or 0 for an empty message); frame dropped");
        }
        long size = frame.getLong(MetaHeaderDescriptor.SIZE_OFFSET);
        long regionId = frame.getLong(MetaHeaderDescriptor.REGION_ID_OFFSET);
        long handle = frame.getLong(MetaHeaderDescriptor.HANDLE_OFFSET);
        if (regionId == 0) {
            if (!main.isPlausibleChunk(handle, size)) {
                throw new InvalidFrameException("socket " + id() + ": handle " + handle + " with size "
                        + Long.toUnsignedString(size) + " is not a chunk of shared memory segment \"" + main.name()
                        + "\" (" + main.size() + " bytes); frame dropped, nothing freed");
            }
            message.adoptChunk(handle, size);
            return size;
        }
        SharedRegion region;
        try {
            region = transport.regions().resolve(regionId);
        } catch (ShmException e) {
            throw new InvalidFrameException("socket " + id() + ": unknown region " + Long.toUnsignedString(regionId)
                    + ": " + e.getMessage() + "; frame dropped", e);
        }
        if (!region.contains(handle, size)) {
            throw new InvalidFrameException("socket " + id() + ": offset " + handle + " with size "
                    + Long.toUnsignedString(size) + " is outside region \"" + region.name() + "\" (" + region.size()
                    + " bytes); frame dropped");
        }
        message.adoptRegion(regionId, region, handle, size);
        return size;
    }

    private ShmMessage requireOwn(Message message) {
        if (!(message instanceof ShmMessage)) {
            throw new IllegalArgumentException("cannot receive into a " + message.transportType().text()
                    + " message on shmem socket " + id() + "; create it with this transport");
        }
        return (ShmMessage) message;
    }
}
