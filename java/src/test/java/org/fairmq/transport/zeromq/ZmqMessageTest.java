package org.fairmq.transport.zeromq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.Transfer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Ownership of a zeromq message's zmq_msg_t (ZmqMessage's class comment), in one process over
 * inproc. Frames over lent buffers make libzmq's releases observable: {@link LentBuffers#outstanding()}
 * counts those libzmq has not released yet.
 */
class ZmqMessageTest {
    private static final int BIG = 1000; // above libzmq's 33-byte in-place messages

    private ZmqTransportFactory zmq;
    private Socket push;
    private Socket pull;
    private int outstandingBefore;

    @BeforeEach
    void open(TestInfo test) {
        zmq = ZmqTransportFactory.create("test", 1);
        String endpoint = "inproc://" + test.getTestMethod().orElseThrow().getName();
        pull = zmq.createSocket(SocketType.PULL, "in");
        assertTrue(pull.bind(endpoint));
        push = zmq.createSocket(SocketType.PUSH, "out");
        assertTrue(push.connect(endpoint));
        outstandingBefore = LentBuffers.outstanding();
    }

    @AfterEach
    void close() {
        zmq.close();
    }

    private static ByteBuffer pattern(int size, int seed) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            buffer.put(i, (byte) (seed + i));
        }
        return buffer;
    }

    private int lentOutstanding() {
        return LentBuffers.outstanding() - outstandingBefore;
    }

    /** Waits for a condition that another thread (libzmq's reaper) makes true. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "within 10 s: " + what);
            Thread.sleep(1);
        }
    }

    @Test
    void shouldBeEmptyAfterSendAndSendAZeroLengthFrameWhenSentAgain() {
        Message out = zmq.createMessage(BIG);
        assertEquals(BIG, push.send(out));
        assertEquals(0, out.size(), "libzmq owns the frame after zmq_msg_send");
        assertEquals(0, out.data().capacity());
        assertEquals(0, push.send(out), "the reference's second send of one message: an empty frame (3.4)");
        out.close();
        out.close();
        Message in = zmq.createMessage();
        assertEquals(BIG, pull.receive(in));
        assertEquals(0, pull.receive(in));
        assertEquals(0, in.size());
        in.close();
    }

    @Test
    void shouldStopTheHandedOutBufferAtSendRebuildReceiveCopyAndClose() {
        Message out = zmq.createMessage(BIG);
        ByteBuffer sentView = out.data();
        push.send(out);
        assertThrows(IndexOutOfBoundsException.class, () -> sentView.get(0));

        out.rebuild(BIG);
        ByteBuffer rebuiltView = out.data();
        out.rebuild(BIG + 1);
        assertThrows(IndexOutOfBoundsException.class, () -> rebuiltView.put(0, (byte) 1));
        assertEquals(BIG + 1, out.data().capacity());

        Message in = zmq.createMessage();
        push.send(zmq.createMessage(BIG));
        pull.receive(in);
        ByteBuffer receivedView = in.data();
        push.send(zmq.createMessage(BIG));
        pull.receive(in);
        assertThrows(IndexOutOfBoundsException.class, () -> receivedView.get(BIG - 1));

        ByteBuffer copiedOver = in.data();
        in.copy(out);
        assertThrows(IndexOutOfBoundsException.class, () -> copiedOver.get(0));

        ByteBuffer closedView = out.data();
        out.close();
        assertThrows(IndexOutOfBoundsException.class, () -> closedView.get(0));
        assertEquals(0, out.size());
        in.close();
    }

    @Test
    void shouldHandOutOneBufferPerPayloadAtPositionZero() {
        Message out = zmq.createMessage(BIG);
        ByteBuffer first = out.data();
        first.position(10).limit(20);
        ByteBuffer second = out.data();
        assertSame(first, second, "no garbage per data() call");
        assertEquals(0, second.position());
        assertEquals(BIG, second.limit());
        out.close();
    }

    @Test
    void shouldReleaseTheFrameAtRebuildCloseAndReceiveIntoAUsedMessage() throws InterruptedException {
        Message rebuilt = zmq.createMessageWithoutCopy(pattern(BIG, 1));
        assertEquals(1, lentOutstanding());
        rebuilt.rebuild(10);
        assertEquals(0, lentOutstanding(), "rebuild releases");

        Message closed = zmq.createMessageWithoutCopy(pattern(BIG, 2));
        closed.close();
        assertEquals(0, lentOutstanding(), "close releases");

        Message in = zmq.createMessage();
        assertEquals(BIG, push.send(zmq.createMessageWithoutCopy(pattern(BIG, 3))));
        assertEquals(BIG, pull.receive(in));
        assertEquals(1, lentOutstanding(), "inproc: the receiver holds the sender's very memory");
        assertEquals((byte) 3, in.data().get(0));
        push.send(zmq.createMessage(5));
        pull.receive(in);
        assertEquals(0, lentOutstanding(), "receiving into a used message releases its frame");

        push.send(zmq.createMessageWithoutCopy(pattern(BIG, 4)));
        assertEquals(BIG, pull.receive(in));
        assertEquals(1, lentOutstanding());
        assertEquals(Transfer.TIMEOUT, pull.tryReceive(in));
        assertEquals(0, in.size(), "a failed receive leaves the message empty, as zmq_msg_recv does");
        assertEquals(0, lentOutstanding());
        in.close();
        rebuilt.close();
    }

    @Test
    void shouldReleaseEveryPartOfAMultipartMessage() {
        List<Message> out = List.of(zmq.createMessageWithoutCopy(pattern(BIG, 1)), zmq.createMessage(),
                zmq.createMessageWithoutCopy(pattern(BIG, 3)));
        assertEquals(2 * BIG, push.send(out));
        out.forEach(part -> assertEquals(0, part.size()));
        out.forEach(Message::close);
        List<Message> in = new ArrayList<>();
        in.add(zmq.createMessage(7)); // parts are appended (3.7)
        assertEquals(2 * BIG, pull.receive(in));
        assertEquals(List.of(7L, (long) BIG, 0L, (long) BIG), in.stream().map(Message::size).toList());
        assertEquals((byte) 3, in.get(3).data().get(0));
        assertEquals(2, lentOutstanding());
        in.forEach(Message::close);
        assertEquals(0, lentOutstanding());
    }

    @Test
    void shouldShareLargeCopiesAndCopySmallOnesByValue() {
        Message source = zmq.createMessageWithoutCopy(pattern(BIG, 1));
        Message copy = zmq.createMessage();
        copy.copy(source);
        assertEquals(BIG, copy.size());
        copy.data().put(0, (byte) 99);
        assertEquals((byte) 99, source.data().get(0), "zmq_msg_copy shares content above 33 bytes (3.8)");
        source.close();
        assertEquals(1, lentOutstanding(), "the copy still holds the lent memory");
        copy.close();
        assertEquals(0, lentOutstanding());

        Message small = zmq.createMessage(33);
        small.data().put(0, (byte) 1);
        Message smallCopy = zmq.createMessage();
        smallCopy.copy(small);
        smallCopy.data().put(0, (byte) 2);
        assertEquals((byte) 1, small.data().get(0), "33 bytes and less are copied by value (3.8)");
        small.close();
        smallCopy.close();
    }

    @Test
    void shouldKeepALentBufferUntilLibzmqReleasedIt() throws InterruptedException {
        ByteBuffer buffer = pattern(1 << 20, 5);
        WeakReference<ByteBuffer> lent = new WeakReference<>(buffer);
        Message out = zmq.createMessageWithoutCopy(buffer);
        buffer = null;
        assertEquals(1 << 20, push.send(out));
        out.close(); // the message is gone, libzmq still holds the memory in the inproc pipe
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertNotNull(lent.get(), "strongly reachable while libzmq holds it");
        assertEquals(1, lentOutstanding());
        Message in = zmq.createMessage();
        assertEquals(1 << 20, pull.receive(in));
        ByteBuffer data = in.data();
        for (int i = 0; i < 1 << 20; i += 4093) {
            assertEquals((byte) (5 + i), data.get(i), "byte " + i);
        }
        in.close();
        assertEquals(0, lentOutstanding());
        await(() -> {
            System.gc();
            return lent.get() == null;
        }, "the buffer can go once libzmq released it");
    }

    @Test
    void shouldReleaseLentBuffersQueuedForAPeerThatClosed() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            assertEquals(BIG, push.send(zmq.createMessageWithoutCopy(pattern(BIG, i))));
        }
        assertEquals(5, lentOutstanding());
        pull.close(); // unread: libzmq drops the pipe's frames when both ends are done with it
        push.close();
        await(() -> lentOutstanding() == 0, "the dropped frames released their buffers");
    }

    @Test
    void shouldRefuseBuffersThatCannotBeLent() {
        assertThrows(IllegalArgumentException.class, () -> zmq.createMessageWithoutCopy(ByteBuffer.allocate(8)));
        assertThrows(IllegalArgumentException.class,
                () -> zmq.createMessageWithoutCopy(ByteBuffer.allocateDirect(8).asReadOnlyBuffer()));
        assertEquals(0, lentOutstanding());
    }
}
