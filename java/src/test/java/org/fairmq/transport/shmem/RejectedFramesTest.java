package org.fairmq.transport.shmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.MetaHeaderDescriptor;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.transport.Message;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.Transfer;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqContext;
import org.fairmq.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a shmem socket drops frames: raw frames from a plain zmq socket in this process (the C++
 * hostile and fuzz samplers cover the kinds, HostileFramesTest): multipart messages with a bad
 * part are dropped whole and their valid chunks freed, a non-blocking receive after a bad frame
 * reports "nothing now", counts and the listener agree.
 */
class RejectedFramesTest {
    private static final int ZMQ_PUSH = 8;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("rejected");

    private final ByteBuffer frame = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
    private long frameAddress; // known once the native library is loaded (by the transport)

    @AfterEach
    void removeMutex() {
        NamedMutex.remove(ShmNames.withPrefix(shm.prefix()).mutex());
    }

    private void send(ZmqSocket raw, long size, long regionId, long handle, int length, boolean more) {
        frame.clear();
        frame.putLong(MetaHeaderDescriptor.SIZE_OFFSET, size);
        frame.putLong(MetaHeaderDescriptor.REGION_ID_OFFSET, regionId);
        frame.putLong(MetaHeaderDescriptor.HANDLE_OFFSET, handle);
        frame.putLong(MetaHeaderDescriptor.PADDING_OFFSET, 0);
        assertEquals(length, raw.send(frameAddress, length, more ? Zmq.SNDMORE : 0));
    }

    @Test
    void aMultipartMessageWithABadPartIsDroppedWholeAndItsValidChunksFreed() {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        try (ShmTransportFactory transport = ShmTransportFactory.create(
                     ShmOptions.defaults("java").withNames(names).withSegmentSize(1 << 22));
             ZmqContext context = new ZmqContext()) {
            try (BytePointer pointer = new BytePointer(frame)) {
                frameAddress = pointer.address();
            }
            List<String> told = new ArrayList<>();
            transport.setRejectionListener((socket, cause, detail, total) -> told.add(socket + " " + cause + " " + total));
            ShmSocket pull = transport.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind("ipc:///tmp/" + shm.prefix() + "raw.ipc"));
            long freeBefore = transport.freeMemory();
            ManagedSegment main = transport.session().main();
            long first = main.allocate(100);
            long second = main.allocate(200);
            long third = main.allocate(300);
            try (ZmqSocket raw = new ZmqSocket(context, ZMQ_PUSH, "raw")) {
                assertEquals(0, raw.setInt(Zmq.LINGER, 0));
                assertEquals(0, raw.connect(pull.lastEndpoint()));
                // [valid][bad][valid]: dropped whole, both valid chunks freed with it
                send(raw, 100, 0, first, 32, true);
                send(raw, 16, 0, first + 48, 32, true);
                send(raw, 200, 0, second, 32, false);
                // then a good multipart message
                send(raw, 300, 0, third, 32, true);
                send(raw, 0, 0, 0, 0, false);
                List<Message> parts = new ArrayList<>();
                assertEquals(300, pull.receive(parts, 10_000));
                assertEquals(2, parts.size());
                assertEquals(300, parts.get(0).size());
                parts.forEach(Message::close);
                // a single bad frame, then nothing: a non-blocking receive says "nothing now"
                send(raw, 16, 0, 16, 32, false);
                try (Message message = transport.createMessage()) {
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    long n;
                    while ((n = pull.tryReceive(message)) == Transfer.TIMEOUT && pull.framesRejected() < 4
                            && System.nanoTime() < deadline) {
                        Thread.onSpinWait(); // until the frame has arrived and was dropped
                    }
                    assertEquals(Transfer.TIMEOUT, n, "the bad frame is no message");
                }
            }
            assertEquals(Map.of(FrameRejection.NOT_A_CHUNK, 1L, FrameRejection.PART_OF_REJECTED_MESSAGE, 2L,
                    FrameRejection.OUTSIDE_CHUNKS, 1L), pull.rejectedFrames().byCause());
            assertEquals(4, pull.framesRejected());
            assertEquals(List.of("java.data[0].pull NOT_A_CHUNK 1", "java.data[0].pull PART_OF_REJECTED_MESSAGE 2",
                    "java.data[0].pull PART_OF_REJECTED_MESSAGE 3", "java.data[0].pull OUTSIDE_CHUNKS 4"), told);
            assertEquals(1, pull.messagesReceived());
            assertEquals(freeBefore, transport.freeMemory(), "the dropped message's valid chunks were freed");
            assertTrue(main.checkSanity());
        }
    }
}
