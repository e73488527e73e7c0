package org.fairmq.transport.shmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.fairmq.interop.MessagePlan;
import org.fairmq.interop.Payloads;
import org.fairmq.interop.PlanReceiver;
import org.fairmq.interop.PlanSender;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.testing.ThreadPerTask;
import org.fairmq.transport.Message;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.Transfer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Java to Java over the shmem transport: two transports (as two devices) in one process. */
class ShmTransportTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("shmtp");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    private ShmOptions options(long segmentSize) {
        return ShmOptions.defaults("java").withNames(ShmNames.withPrefix(shm.prefix())).withSegmentSize(segmentSize);
    }

    private ShmTransportFactory transport(long segmentSize) {
        ShmTransportFactory factory = ShmTransportFactory.create(options(segmentSize));
        toClose.add(0, factory);
        return factory;
    }

    private String endpoint(String kind) {
        switch (kind) {
            case "ipc": return "ipc:///tmp/" + shm.prefix() + "data.ipc";
            case "inproc": return "inproc://" + shm.prefix();
            default: return "tcp://127.0.0.1:" + org.fairmq.testing.FreeTcpPort.pick();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        NamedMutex.remove(ShmNames.withPrefix(shm.prefix()).mutex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ipc"})
    void shouldCarryPatternMessagesAndReturnEveryChunk(String kind) throws Exception {
        ShmTransportFactory sender = transport(64 << 20);
        ShmTransportFactory receiver = transport(64 << 20);
        assertEquals(OptionalLong.of(2), sender.session().main().findDeviceCounter());
        long free = receiver.freeMemory();
        var pull = receiver.createSocket(SocketType.PULL, "data[0]");
        assertTrue(pull.bind(endpoint(kind)));
        var push = sender.createSocket(SocketType.PUSH, "data[0]");
        assertTrue(push.connect(pull.lastEndpoint()));

        MessagePlan plan = MessagePlan.random(3, 100_000);
        PlanSender out = new PlanSender(sender, push, plan, null);
        PlanReceiver in = new PlanReceiver(receiver, pull, plan);
        CompletableFuture<Void> sending = ThreadPerTask.run(() -> {
            for (int k = 0; k < 500; k++) {
                assertEquals(plan.size(k, 0), out.send(k));
            }
        });
        for (int k = 0; k < 500; k++) {
            assertTrue(in.receive(k, 5000) >= 0, "message " + k);
        }
        sending.get();
        in.close();
        assertEquals(List.of(), in.problems());
        assertEquals(out.checksum(), in.checksum());
        assertEquals(500, pull.messagesReceived());
        assertEquals(out.bytes(), pull.bytesReceived());
        assertEquals(free, receiver.freeMemory() + sender.session().main().cachedBytes(),
                "every chunk freed by the receiver (the sender's stock of chunks aside)");
    }

    @Test
    void shouldSendEmptyAndZeroSizeMessagesAsTheReferenceDoes() {
        ShmTransportFactory t = transport(1 << 20);
        var pull = t.createSocket(SocketType.PULL, "in");
        pull.bind(endpoint("inproc"));
        var push = t.createSocket(SocketType.PUSH, "out");
        push.connect(endpoint("inproc"));
        long free = t.freeMemory();

        try (Message empty = t.createMessage(); Message zero = t.createMessage(0); Message in = t.createMessage()) {
            assertEquals(0, push.send(empty)); // a zero-length frame, not counted
            assertEquals(0, push.messagesSent());
            assertEquals(0, push.send(zero)); // a MetaHeader {0, 0, handle} with a real chunk
            assertEquals(1, push.messagesSent());
            assertEquals(0, pull.receive(in));
            assertEquals(0, in.size());
            assertEquals(0, in.data().capacity(), "no payload, never the segment base (11.16)");
            assertEquals(0, pull.receive(in));
            assertEquals(2, pull.messagesReceived(), "a zero-length receive counts (3.6)");
        }
        assertEquals(free, t.freeMemory(), "the zero-size chunk was freed by the receiver");
    }

    @Test
    void shouldSendAnEmptyFrameWhenASentMessageIsSentAgain() {
        ShmTransportFactory t = transport(1 << 20);
        var pull = t.createSocket(SocketType.PULL, "in");
        pull.bind(endpoint("inproc"));
        var push = t.createSocket(SocketType.PUSH, "out");
        push.connect(endpoint("inproc"));
        long free = t.freeMemory();
        try (ShmMessage m = t.createMessage(100); ShmMessage in = t.createMessage()) {
            assertEquals(100, push.send(m));
            assertEquals(0, push.send(m), "3.4: the second send of one object is an empty frame");
            m.rebuild(); // never frees the receiver's chunk (11.17, D9)
            assertEquals(100, pull.receive(in));
            assertEquals(0, pull.receive(in));
        }
        assertEquals(free, t.freeMemory());
    }

    @Test
    void shouldCarryMultipartWithEmptyZeroSizeAndLargeParts() {
        ShmTransportFactory t = transport(512L << 20);
        var pull = t.createSocket(SocketType.PULL, "in");
        pull.bind(endpoint("inproc"));
        var push = t.createSocket(SocketType.PUSH, "out");
        push.connect(endpoint("inproc"));
        long free = t.freeMemory();
        List<Message> parts = new ArrayList<>();
        parts.add(t.createMessage(ByteBuffer.wrap("abc".getBytes())));
        parts.add(t.createMessage());
        parts.add(t.createMessage(0));
        ShmMessage big = t.createMessage(64L << 20);
        Payloads.fill(big.data(), 64);
        parts.add(big);
        parts.add(t.createMessage(ByteBuffer.wrap("defgh".getBytes())));
        assertEquals(3 + 0 + 0 + (64L << 20) + 5, push.send(parts));
        parts.forEach(Message::close);

        List<Message> in = new ArrayList<>();
        assertEquals(3 + (64L << 20) + 5, pull.receive(in));
        assertEquals(5, in.size());
        assertEquals(List.of(3L, 0L, 0L, 64L << 20, 5L), in.stream().map(Message::size).toList());
        assertEquals(-1, Payloads.firstMismatch(in.get(3).data(), 64));
        assertEquals(1, pull.messagesReceived(), "a multipart counts as one message");
        in.forEach(Message::close);
        assertEquals(free, t.freeMemory());
        assertEquals(Transfer.ERROR, push.send(List.of()), "an empty vector is not sent");
    }

    @Test
    void shouldSendRegionMessagesThatNobodyFrees() {
        ShmTransportFactory sender = transport(1 << 20);
        ShmTransportFactory receiver = transport(1 << 20);
        var pull = receiver.createSocket(SocketType.PULL, "in");
        pull.bind(endpoint("ipc"));
        var push = sender.createSocket(SocketType.PUSH, "out");
        push.connect(endpoint("ipc"));
        long free = receiver.freeMemory();
        try (ShmUnmanagedRegion region = sender.createRegion(1 << 20); ShmMessage in = receiver.createMessage()) {
            assertEquals(1, region.id());
            MessagePlan plan = MessagePlan.fixed(9, 4000).inRegion(1 << 20);
            PlanSender out = new PlanSender(sender, push, plan, region);
            PlanReceiver check = new PlanReceiver(receiver, pull, plan);
            for (int k = 0; k < 50; k++) {
                out.send(k);
                assertEquals(4000, check.receive(k, 5000));
            }
            check.close();
            assertEquals(List.of(), check.problems());
            assertEquals(out.checksum(), check.checksum());
            assertEquals(free, receiver.freeMemory(), "region payloads never touch the main segment");
        }
        assertEquals(List.of(), DevShm.leftWith(shm.prefix() + "region_"), "the creator removed its region");
    }

    @Test
    void shouldBlockASenderOnAFullSegmentUntilTheReceiverFrees() throws Exception {
        ShmTransportFactory sender = transport(8 << 20);
        ShmTransportFactory receiver = transport(8 << 20);
        var pull = receiver.createSocket(SocketType.PULL, "in");
        pull.bind(endpoint("ipc"));
        var push = sender.createSocket(SocketType.PUSH, "out");
        push.connect(endpoint("ipc"));
        long free = receiver.freeMemory();
        MessagePlan plan = MessagePlan.fixed(5, 1 << 20);
        PlanSender out = new PlanSender(sender, push, plan, null);
        PlanReceiver in = new PlanReceiver(receiver, pull, plan);
        CompletableFuture<Void> sending = ThreadPerTask.run(() -> {
            for (int k = 0; k < 100; k++) {
                out.send(k); // 100 MiB through an 8 MiB segment
            }
        });
        for (int k = 0; k < 100; k++) {
            Thread.sleep(2); // a slow receiver
            assertTrue(in.receive(k, 10_000) >= 0);
        }
        sending.get();
        in.close();
        assertEquals(List.of(), in.problems());
        assertEquals(out.checksum(), in.checksum());
        assertEquals(free, receiver.freeMemory());
    }

    @Test
    void shouldRefuseRequestsLargerThanTheSegment() {
        ShmTransportFactory t = transport(1 << 20);
        assertThrows(org.fairmq.ipc.ShmOutOfMemoryException.class, () -> t.createMessage(2 << 20));
    }

    @Test
    void shouldTimeOutAndInterrupt() throws Exception {
        ShmTransportFactory t = transport(1 << 20);
        var pull = t.createSocket(SocketType.PULL, "in");
        pull.bind(endpoint("inproc"));
        var push = t.createSocket(SocketType.PUSH, "out");
        push.bind(endpoint("ipc"));
        try (ShmMessage m = t.createMessage(10); ShmMessage in = t.createMessage()) {
            assertEquals(Transfer.TIMEOUT, pull.receive(in, 100));
            assertEquals(Transfer.TIMEOUT, push.send(m, 100));
            assertEquals(Transfer.TIMEOUT, pull.tryReceive(in));
            CompletableFuture<Long> blocked = ThreadPerTask.supply(() -> pull.receive(in));
            Thread.sleep(100);
            t.interrupt();
            assertEquals(Transfer.TIMEOUT, blocked.get());
            assertEquals(Transfer.ERROR, push.send(m), "send while interrupted (3.5 step 1)");
            t.resume();
        }
    }

    @Test
    void shouldRefuseFanOutSocketTypes() {
        ShmTransportFactory t = transport(1 << 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.createSocket(SocketType.PUB, "data[0]"));
        assertTrue(e.getMessage().startsWith("socket type pub is not supported by the shmem transport"), e.getMessage());
    }

    @Test
    void shouldUseReferenceIdentityAndCopyIntoTheMainSegment() {
        ShmTransportFactory t = transport(1 << 20);
        assertEquals("java.data[0].push", t.createSocket(SocketType.PUSH, "data[0]").id());
        try (ShmUnmanagedRegion region = t.createRegion(4096);
                ShmMessage source = t.createMessage(region, 0, 16);
                ShmMessage copy = t.createMessage()) {
            source.data().put(0, (byte) 42);
            copy.copy(source); // a region payload at offset 0 is a valid source (D20 fixed)
            assertEquals(0, copy.regionId());
            assertEquals(42, copy.data().get(0));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> copy.copy(source));
            assertEquals("FairMQMessageSHM::Copy() fail: target message already initialized!", e.getMessage());
        }
    }

    @Test
    void shouldRemoveTheConfiguredSegmentsWhenTheLastTransportCloses() throws Exception {
        ShmTransportFactory first = ShmTransportFactory.create(options(1 << 20));
        ShmTransportFactory second = ShmTransportFactory.create(options(1 << 20));
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        second.close();
        try (ManagedSegment main = ManagedSegment.openOnly(names.mainSegment())) {
            assertEquals(OptionalLong.of(1), main.findDeviceCounter());
        }
        first.close();
        assertEquals(List.of("sem." + names.mutex()), DevShm.leftWith(shm.prefix()));
    }
}
