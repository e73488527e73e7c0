package org.fairmq.ipc;

import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/**
 * A boost::interprocess {@code message_queue}, such as the control queue of PROTOCOL.md 2.3/5.4.
 *
 * <p>Only timed operations are offered: a JNI call blocked inside Boost cannot be interrupted from
 * Java, so callers loop on short deadlines. Send and receive are thread-safe; {@link #close()}
 * must not race with them. Closing never removes the name; use {@link #remove}.
 */
public final class MessageQueue implements AutoCloseable {
    private final String name;
    private final ShmNative.MessageQueue queue;
    private boolean closed;

    private MessageQueue(OpenMode mode, String name, long maxMessages, long maxMessageSize) {
        this.name = name;
        try {
            this.queue = new ShmNative.MessageQueue(mode.code, name, maxMessages, maxMessageSize);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public static MessageQueue createOnly(String name, long maxMessages, long maxMessageSize) {
        return new MessageQueue(OpenMode.CREATE_ONLY, name, maxMessages, maxMessageSize);
    }

    /** Opens an existing queue; {@link ShmNotFoundException} if there is none. */
    public static MessageQueue openOnly(String name) {
        return new MessageQueue(OpenMode.OPEN_ONLY, name, 0, 0);
    }

    /** Opens the queue or creates it with the given capacity (ignored if it exists). */
    public static MessageQueue openOrCreate(String name, long maxMessages, long maxMessageSize) {
        return new MessageQueue(OpenMode.OPEN_OR_CREATE, name, maxMessages, maxMessageSize);
    }

    /** Removes the name; false if there was no such queue. */
    public static boolean remove(String name) {
        try {
            return ShmNative.MessageQueue.remove(name);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public String name() {
        return name;
    }

    /** Sends one byte with priority 0; false if the queue stayed full until the deadline. */
    public boolean sendByte(int value, long timeoutMs) {
        ensureOpen();
        try {
            return queue.timedSendByte(value, timeoutMs);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** Receives a one-byte message: its value 0..255, or -1 if nothing arrived before the deadline. */
    public int receiveByte(long timeoutMs) {
        ensureOpen();
        try {
            return queue.timedReceiveByte(timeoutMs);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** Sends the remaining bytes of a direct buffer; false on timeout. */
    public boolean send(ByteBuffer message, int priority, long timeoutMs) {
        ensureOpen();
        try {
            return queue.timedSend(addressOf(message), message.remaining(), priority, timeoutMs);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /**
     * Receives into the remaining space of a direct buffer and advances its position; returns the
     * message size, or -1 on timeout.
     */
    public long receive(ByteBuffer into, long timeoutMs) {
        ensureOpen();
        try {
            long size = queue.timedReceive(addressOf(into), into.remaining(), timeoutMs);
            if (size > 0) {
                into.position(into.position() + (int) size);
            }
            return size;
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public long messageCount() {
        ensureOpen();
        try {
            return queue.numMessages();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public long maxMessages() {
        ensureOpen();
        try {
            return queue.maxMessages();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public long maxMessageSize() {
        ensureOpen();
        try {
            return queue.maxMessageSize();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            queue.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("message_queue \"" + name + "\" is closed");
        }
    }

    private static long addressOf(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("message queue buffers must be direct");
        }
        try (BytePointer pointer = new BytePointer(buffer)) {
            return pointer.address() + buffer.position();
        }
    }
}
