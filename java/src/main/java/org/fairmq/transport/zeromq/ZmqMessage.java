package org.fairmq.transport.zeromq;

import java.nio.ByteBuffer;
import org.fairmq.transport.Message;
import org.fairmq.transport.TransportType;

/**
 * A zeromq-transport message: the payload lives in a direct buffer of this process and is copied
 * into the zmq frame on send (PROTOCOL.md 7). The buffer is kept across {@link #rebuild} and
 * receives and reused whenever it is large enough, so a message reused for same-size payloads
 * allocates (and zeroes) memory once; {@link #close()} lets it go. Not thread-safe.
 */
public final class ZmqMessage implements Message {
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocateDirect(0);

    private ByteBuffer payload = NO_PAYLOAD;
    private ByteBuffer buffer; // the reusable direct buffer, null until the first payload
    private long address;       // of buffer

    ZmqMessage() {}

    ZmqMessage(long size) {
        allocate(size);
    }

    /** Makes this message's payload {@code size} bytes (contents unspecified), reusing the buffer when it fits. */
    private void allocate(long size) {
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("zeromq message size out of range: " + size);
        }
        if (size == 0) {
            payload = NO_PAYLOAD;
            return;
        }
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect((int) size);
            address = NativeBuffers.address(buffer);
        }
        payload = buffer;
        payload.clear().limit((int) size);
    }

    /** Makes room for a received frame of {@code size} bytes, reusing the buffer when it fits. */
    long prepareReceive(long size) {
        allocate(size);
        return address();
    }

    long address() {
        return payload == NO_PAYLOAD ? 0 : address;
    }

    @Override
    public long size() {
        return payload.limit();
    }

    /** A view of exactly the payload (position 0, capacity = size), as a buffer of its own would be. */
    @Override
    public ByteBuffer data() {
        return payload == NO_PAYLOAD ? NO_PAYLOAD.duplicate() : payload.slice(0, payload.limit());
    }

    /** Becomes empty; the buffer stays for the next payload (views of the old one are invalid, see {@link #data()}). */
    @Override
    public void rebuild() {
        payload = NO_PAYLOAD;
    }

    @Override
    public void rebuild(long size) {
        allocate(size);
    }

    /** A copy of the source's bytes (the reference shares buffers above 33 bytes, 3.8; a copy is safe). */
    @Override
    public void copy(Message source) {
        allocate(source.size());
        payload.put(0, bytes(source.data()));
    }

    private static byte[] bytes(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }

    @Override
    public TransportType transportType() {
        return TransportType.ZEROMQ;
    }

    @Override
    public void close() {
        payload = NO_PAYLOAD;
        buffer = null; // freed by its cleaner when unreachable
        address = 0;
    }
}
