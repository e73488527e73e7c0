package org.fairmq.transport.shmem.v110;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bytedeco.javacpp.BytePointer;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.testing.DevShm;
import org.fairmq.transport.Message;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.shmem.FrameRejection;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqContext;
import org.fairmq.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java <-> Java over the v1.10 profile (PROTOCOL-V110.md 2.1, 2.3, 3), one session per test. */
class V110TransportTest {
    private static final long SEGMENT = 4 << 20;

    @TempDir
    java.nio.file.Path dir;

    private final String session = "jtest-" + UUID.randomUUID();
    private final SessionNames names = V110Options.defaults("x", session).names();

    @AfterEach
    void nothingLeft() {
        assertEquals(List.of(), DevShm.leftWith(names.prefix()));
    }

    private V110Options options(String id) {
        return V110Options.defaults(id, session).withSegmentSize(SEGMENT);
    }

    private String endpoint() {
        return "ipc://" + dir.resolve("v110.ipc");
    }

    @Test
    void joinsCountsAndTheLastOneRemovesTheSession() {
        V110TransportFactory first = V110TransportFactory.create(options("a"));
        assertEquals(1, first.deviceCount());
        assertTrue(DevShm.leftWith(names.prefix()).containsAll(List.of(names.management(), names.segment(0))));
        V110TransportFactory second = V110TransportFactory.create(options("b"));
        assertEquals(2, first.deviceCount());
        assertEquals(first.freeMemory(), second.freeMemory());
        first.close();
        assertEquals(1, second.deviceCount());
        assertFalse(DevShm.leftWith(names.prefix()).isEmpty());
        second.close();
    }

    @Test
    void singleMultipartEmptyAndCopiedMessagesTravelAndComeBack() {
        try (V110TransportFactory sender = V110TransportFactory.create(options("s"));
                V110TransportFactory receiver = V110TransportFactory.create(options("r").withMetadataMsgSize(256))) {
            long free = sender.freeMemory();
            var push = sender.createSocket(SocketType.PUSH, "data[0]");
            var pull = receiver.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint()));
            assertTrue(push.connect(endpoint()));

            V110Message one = sender.createMessage(16);
            one.data().put("0123456789ABCDEF".getBytes());
            assertEquals(16, push.send(one));
            assertEquals(0, one.size()); // the reference went with the frame
            try (V110Message in = receiver.createMessage()) {
                assertEquals(16, pull.receive(in));
                byte[] bytes = new byte[16];
                in.data().get(bytes);
                assertEquals("0123456789ABCDEF", new String(bytes));
                assertEquals(1, in.refCount());
            }

            V110Message original = sender.createMessage(32);
            V110Message copy = sender.createMessage();
            copy.copy(original);
            assertEquals(2, original.refCount());
            assertEquals(32, push.send(copy));
            try (V110Message in = receiver.createMessage()) {
                assertEquals(32, pull.receive(in));
                assertEquals(2, in.refCount());
                original.close();
                assertEquals(1, in.refCount());
            }

            List<Message> parts = new ArrayList<>(List.of(sender.createMessage(3), sender.createMessage(0),
                    sender.createMessage(5)));
            parts.get(0).data().put("abc".getBytes());
            parts.get(2).data().put("defgh".getBytes());
            assertEquals(8, push.send(parts));
            List<Message> received = new ArrayList<>();
            assertEquals(8, pull.receive(received));
            assertEquals(List.of(3L, 0L, 5L), received.stream().map(Message::size).toList());
            received.forEach(Message::close);

            assertEquals(0, push.send(new ArrayList<Message>()));
            received.clear();
            assertEquals(0, pull.receive(received));
            assertEquals(0, received.size());

            assertEquals(free, sender.freeMemory());
            assertEquals(0, pull.framesRejected());
        }
    }

    @Test
    void hostileFramesAreDroppedAndCounted() {
        try (V110TransportFactory receiver = V110TransportFactory.create(options("r"));
                ZmqContext context = new ZmqContext();
                ZmqSocket raw = new ZmqSocket(context, SocketType.PUSH.zmqType(), "raw")) {
            var pull = receiver.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint()));
            assertEquals(0, raw.connect(endpoint()));
            ByteBuffer frame = ByteBuffer.allocateDirect(128).order(ByteOrder.LITTLE_ENDIAN);
            long address;
            try (BytePointer pointer = new BytePointer(frame)) {
                address = pointer.address();
            }
            raw.send(address, 20, 0);                                                  // too short
            org.fairmq.protocol.v110.MetaHeaderLayout.write(frame, 0, 16, 0, 176, -1, 0, 7, true); // unknown segment
            raw.send(address, 40, 0);
            org.fairmq.protocol.v110.MetaHeaderLayout.write(frame, 0, 16, 0, 16, -1, 0, 0, true);  // not a chunk
            raw.send(address, 40, 0);
            org.fairmq.protocol.v110.MetaHeaderLayout.write(frame, 0, 16, 0, -1, -1, 0, 0, true);  // size, no buffer
            raw.send(address, 40, 0);
            frame.put(36, (byte) 0x7f);                                                   // fManaged not a bool
            raw.send(address, 40, 0);
            org.fairmq.protocol.v110.MetaHeaderLayout.write(frame, 0, 0, 0, -1, -1, 0, 0, true);   // a real empty message
            raw.send(address, 40, 0);
            try (V110Message in = receiver.createMessage()) {
                assertEquals(0, pull.receive(in));
            }
            var rejected = ((V110Socket) pull).rejectedFrames();
            assertEquals(5, rejected.total());
            assertEquals(1, rejected.count(FrameRejection.MALFORMED_LENGTH));
            assertEquals(1, rejected.count(FrameRejection.UNKNOWN_SEGMENT));
            assertEquals(2, rejected.count(FrameRejection.MALFORMED_HEADER));
            pull.close();
        }
    }

    @Test
    void aFullSegmentFailsAsTheReferenceDoes() {
        try (V110TransportFactory transport = V110TransportFactory.create(options("a").withSegmentSize(100_000))) {
            MessageBadAllocException tooLarge = assertThrows(MessageBadAllocException.class,
                    () -> transport.createMessage(200_000));
            assertEquals("Requested message size (200024) exceeds segment size (100000)", tooLarge.getMessage());
            List<V110Message> held = new ArrayList<>();
            MessageBadAllocException full = assertThrows(MessageBadAllocException.class, () -> {
                for (;;) {
                    held.add(transport.createMessage(30_000));
                }
            });
            assertTrue(full.getMessage().startsWith("shmem: could not create a message of size 30000, alignment: 16,"
                    + " free memory: "), full.getMessage());
            held.forEach(V110Message::close);
        }
    }

    /** 4.1-4.7 Java -> Java: a region, its messages and a copy, the acknowledgements, the events. */
    @Test
    void regionMessagesCopiesAcknowledgementsAndEvents() throws Exception {
        try (V110TransportFactory controller = V110TransportFactory.create(options("c"));
                V110TransportFactory viewer = V110TransportFactory.create(options("v"))) {
            java.util.concurrent.BlockingQueue<RegionInfo> events = new java.util.concurrent.LinkedBlockingQueue<>();
            viewer.subscribeToRegionEvents(events::add);
            assertEquals(new RegionInfo(true, 0, SEGMENT, 0, RegionInfo.Event.CREATED),
                    events.poll(30, java.util.concurrent.TimeUnit.SECONDS));
            java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
            V110Region region = controller.createRegion(1 << 20, null, 1_000_000, 77, (offset, size, hint) -> {
                assertEquals(offset + 1000, hint);
                acked.addAndGet(size);
            });
            assertEquals(new RegionInfo(false, 1024, 1 << 20, 77, RegionInfo.Event.CREATED),
                    events.poll(30, java.util.concurrent.TimeUnit.SECONDS));
            var push = controller.createSocket(SocketType.PUSH, "data[0]");
            var pull = viewer.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint()));
            assertTrue(push.connect(endpoint()));
            region.data().put(4096, (byte) 42);
            assertEquals(64, push.send(controller.createMessage(region, 4096, 64, 4096 + 1000)));
            V110Message original = controller.createMessage(region, 8192, 128, 8192 + 1000);
            V110Message copy = controller.createMessage();
            copy.copy(original);
            assertEquals(2, original.refCount());
            assertEquals(128, push.send(copy));
            try (V110Message in = viewer.createMessage(); V110Message second = viewer.createMessage()) {
                assertEquals(64, pull.receive(in));
                assertTrue(in.isRegionMessage());
                assertEquals(42, in.data().get(0));
                assertEquals(128, pull.receive(second));
                assertEquals(2, second.refCount());
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (acked.get() < 64 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(64, acked.get(), "the unshared block was acknowledged, the shared one not yet");
            original.close();
            while (acked.get() < 64 + 128 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(64 + 128, acked.get());
            assertEquals(2, region.acknowledged());
            region.close();
            assertEquals(new RegionInfo(false, 1024, 1 << 20, 77, RegionInfo.Event.DESTROYED),
                    events.poll(30, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(DevShm.leftWith(names.prefix()).stream().noneMatch(n -> n.contains("_rg")),
                    "rg, rgq, rrc removed with the region");
            IllegalStateException reused = assertThrows(IllegalStateException.class,
                    () -> controller.createRegion(4096, 1024, 0, 0, null));
            assertTrue(reused.getMessage().contains("has already been registered"), reused.getMessage()); // S18
        }
    }

    /** 1.4, 2.1 step 12e: a second segment id with simple_seq_fit, opened lazily by the receiver; mlock and zeroing. */
    @Test
    void segmentsByIdWithEitherAlgorithmAndTheMemoryOptions() {
        try (V110TransportFactory receiver = V110TransportFactory.create(options("r").withMemoryOptions(true, false, false,
                    true));
                V110TransportFactory sender = V110TransportFactory.create(options("s")
                        .withSegment(1, 2_000_000, org.fairmq.protocol.v110.ProtocolV110.SIMPLE_SEQ_FIT)
                        .withMemoryOptions(false, true, true, false))) {
            assertTrue(DevShm.leftWith(names.prefix()).contains(names.segment(1)));
            assertEquals(List.of(0, 1), receiver.regionInfo().stream().map(RegionInfo::id).sorted().toList());
            var push = sender.createSocket(SocketType.PUSH, "data[0]");
            var pull = receiver.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint()));
            assertTrue(push.connect(endpoint()));
            long free = sender.freeMemory();
            V110Message out = sender.createMessage(1000);
            out.data().put(999, (byte) 9);
            assertEquals(1000, push.send(out));
            try (V110Message in = receiver.createMessage()) {
                assertEquals(1000, pull.receive(in));
                assertEquals(1, in.segmentId());
                assertEquals(9, in.data().get(999));
            }
            assertEquals(free, sender.freeMemory(), "the receiver freed the chunk in segment 1");
        }
    }

    /** 4.6 at the transport's close: a region its user left open is destroyed with it, nothing stays. */
    @Test
    void aRegionLeftOpenIsDestroyedWithItsTransport() {
        V110TransportFactory other = V110TransportFactory.create(options("o"));
        try (V110TransportFactory transport = V110TransportFactory.create(options("t"))) {
            V110Region region = transport.createRegion(4096);
            assertTrue(DevShm.leftWith(names.prefix()).contains(names.region(region.id())));
        }
        assertTrue(DevShm.leftWith(names.prefix()).stream().noneMatch(n -> n.contains("_rg")),
                DevShm.leftWith(names.prefix()).toString());
        assertTrue(other.regionInfo().stream().anyMatch(i -> !i.managed() && i.event() == RegionInfo.Event.DESTROYED));
        other.close();
    }
}
