package org.fairmq.transport.zeromq;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqFrame;
import org.fairmq.zmq.ZmqRelease;

/**
 * Direct buffers lent to libzmq without a copy ({@link ZmqTransportFactory#createMessageWithoutCopy}),
 * kept strongly reachable until libzmq released them: a direct buffer's memory is freed when the
 * buffer is garbage-collected, so a buffer that only the message referenced could be freed under
 * libzmq's I/O thread. The frame's free function only marks a {@link ZmqRelease} (it runs in a
 * libzmq thread, never calls into the JVM); this class lets a buffer go, and frees its flag, the
 * next time it {@link #settle settles} after the mark: at the next lend, when a lent message is
 * closed, when a zeromq transport closes, and in {@link #outstanding()}. Process-wide,
 * thread-safe.
 */
final class LentBuffers {
    private record Loan(ByteBuffer buffer, ZmqRelease release) {}

    private static final List<Loan> LOANS = new ArrayList<>();

    private LentBuffers() {}

    /** Makes {@code frame} a frame over {@code buffer}'s remaining bytes and keeps the buffer until released. */
    static void lend(ZmqFrame frame, ByteBuffer buffer) {
        if (!buffer.isDirect() || buffer.isReadOnly()) {
            throw new IllegalArgumentException("only a writable direct buffer can be lent to zeromq without a copy, got "
                    + buffer);
        }
        ZmqRelease release = new ZmqRelease();
        int errno = frame.rebuildOver(address(buffer) + buffer.position(), buffer.remaining(), release);
        if (errno != 0) {
            release.close(); // never lent
            throw new OutOfMemoryError("zeromq: cannot make a message over a buffer: " + Zmq.strerror(errno));
        }
        synchronized (LOANS) {
            settleLocked();
            LOANS.add(new Loan(buffer, release));
        }
    }

    /** The address of {@code buffer}'s first byte (its position 0). */
    private static long address(ByteBuffer buffer) {
        try (BytePointer pointer = new BytePointer(buffer)) {
            return pointer.address();
        }
    }

    /** Lets go of every buffer libzmq has released. */
    static void settle() {
        synchronized (LOANS) {
            settleLocked();
        }
    }

    /** Buffers libzmq still holds (after settling). */
    static int outstanding() {
        synchronized (LOANS) {
            settleLocked();
            return LOANS.size();
        }
    }

    private static void settleLocked() {
        LOANS.removeIf(loan -> {
            if (!loan.release().released()) {
                return false;
            }
            loan.release().close();
            return true;
        });
    }
}
