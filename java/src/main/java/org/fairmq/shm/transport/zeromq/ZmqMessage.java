package org.fairmq.shm.transport.zeromq;

import java.nio.ByteBuffer;
import org.fairmq.shm.transport.Message;
import org.fairmq.shm.transport.TransportType;

/**
 * A zeromq-transport message: the payload lives in a direct buffer of this process and is copied
 * into the zmq frame on send (PROTOCOL.md 7). Not thread-safe.
 */
public final class ZmqMessage implements Message {
    private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocateDirect(0);

    private ByteBuffer payload = NO_PAYLOAD;
    private long address;

    ZmqMessage() {}

    ZmqMessage(long size) {
        allocate(size);
    }

    private void allocate(long size) {
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("zeromq message size out of range: " + size);
        }
        payload = size == 0 ? NO_PAYLOAD : ByteBuffer.allocateDirect((int) size);
        address = size == 0 ? 0 : NativeBuffers.address(payload);
    }

    /** Makes room for a received frame of {@code size} bytes, reusing the buffer when it fits. */
    long prepareReceive(long size) {
        if (size > payload.capacity() || payload == NO_PAYLOAD) {
            allocate(size);
        }
        payload.clear().limit((int) size);
        return address;
    }

    long address() {
        return address;
    }

    @Override
    public long size() {
        return payload.limit();
    }

    @Override
    public ByteBuffer data() {
        return payload.duplicate();
    }

    @Override
    public void rebuild() {
        payload = NO_PAYLOAD;
        address = 0;
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
        rebuild();
    }
}
