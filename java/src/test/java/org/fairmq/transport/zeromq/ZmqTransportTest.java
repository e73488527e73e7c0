package org.fairmq.transport.zeromq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fairmq.interop.CppDevice;
import org.fairmq.interop.MessagePlan;
import org.fairmq.interop.PlanReceiver;
import org.fairmq.interop.PlanSender;
import org.fairmq.testing.FreeTcpPort;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.transport.Message;
import org.fairmq.transport.Poller;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.Transfer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The zeromq transport (PROTOCOL.md 7): Java to Java, and against the C++ device peer. */
class ZmqTransportTest {
    private final ZmqTransportFactory java = ZmqTransportFactory.create("java", 1);

    @AfterEach
    void close() {
        java.close();
    }

    private static String tcp() {
        return "tcp://127.0.0.1:" + FreeTcpPort.pick();
    }

    @Test
    void shouldCarryPayloadBytesAndMultipart() {
        Socket pull = java.createSocket(SocketType.PULL, "in");
        pull.bind("inproc://zmq-test");
        Socket push = java.createSocket(SocketType.PUSH, "out");
        push.connect("inproc://zmq-test");
        assertEquals(5, push.send(java.createMessage(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)))));
        Message in = java.createMessage();
        assertEquals(5, pull.receive(in));
        assertEquals("hello", StandardCharsets.UTF_8.decode(in.data()).toString());
        assertEquals(8, push.send(List.of(java.createMessage(ByteBuffer.wrap("abc".getBytes())), java.createMessage(),
                java.createMessage(ByteBuffer.wrap("defgh".getBytes())))));
        List<Message> parts = new ArrayList<>();
        assertEquals(8, pull.receive(parts), "the sum of part sizes (3.7)");
        assertEquals(3, parts.size());
        assertEquals(Transfer.TIMEOUT, pull.receive(in, 50));
    }

    @Test
    void shouldReuseThePayloadBufferAndStillShowExactlyThePayload() {
        Socket pull = java.createSocket(SocketType.PULL, "in");
        pull.bind("inproc://zmq-reuse");
        Socket push = java.createSocket(SocketType.PUSH, "out");
        push.connect("inproc://zmq-reuse");
        Message out = java.createMessage(1000);
        Message in = java.createMessage();
        for (int size : new int[] {1000, 10, 0, 700, 2000}) {
            out.rebuild(size);
            assertEquals(size, out.size());
            ByteBuffer data = out.data();
            assertEquals(0, data.position());
            assertEquals(size, data.capacity(), "a view of exactly the payload, as a fresh buffer would be");
            for (int i = 0; i < size; i++) {
                data.put(i, (byte) (size + i));
            }
            assertEquals(size, push.send(out));
            assertEquals(size, pull.receive(in)); // into the used message: its previous frame is released
            ByteBuffer received = in.data();
            assertEquals(size, received.capacity());
            for (int i = 0; i < size; i++) {
                assertEquals((byte) (size + i), received.get(i), "byte " + i + " of " + size);
            }
        }
        out.close();
        in.close();
        assertEquals(0, in.size());
        assertEquals(0, in.data().capacity());
    }

    @Test
    void shouldFanOutWithPubSubAndPoll() {
        Socket pub = java.createSocket(SocketType.PUB, "data[0]");
        String endpoint = tcp();
        pub.bind(endpoint);
        Socket sub1 = java.createSocket(SocketType.SUB, "data[0]");
        Socket sub2 = java.createSocket(SocketType.SUB, "data[1]");
        sub1.connect(endpoint);
        sub2.connect(endpoint);
        Poller poller = java.createPoller(List.of(sub1, sub2));
        long deadline = System.currentTimeMillis() + 5000;
        boolean both = false;
        while (!both && System.currentTimeMillis() < deadline) {
            pub.send(java.createMessage(ByteBuffer.wrap(new byte[] {7})));
            poller.poll(50);
            both = poller.checkInput(0) && poller.checkInput(1);
        }
        assertTrue(both, "both subscribers (subscribed to everything, 4.3) got data");
        poller.close();
    }

    @Test
    void shouldInteroperateWithTheCppDeviceBothWays() throws Exception {
        MessagePlan plan = MessagePlan.random(11, 100_000).withParts(3, 3);
        String endpoint = tcp();
        List<String> common = List.of("--transport", "zeromq", "--num-msgs", "200", "--heartbeat", "0");
        List<String> pullOptions = new ArrayList<>(List.of("--role", "pull", "--endpoint", endpoint, "--method", "bind"));
        pullOptions.addAll(common);
        pullOptions.addAll(List.of(plan.deviceOptions()));
        try (CppDevice cpp = CppDevice.start(InteropBinaries.device(), pullOptions)) {
            cpp.awaitReady(10_000);
            Socket push = java.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(endpoint));
            PlanSender sender = new PlanSender(java, push, plan, null);
            for (int k = 0; k < 200; k++) {
                assertTrue(sender.send(k) >= 0);
            }
            assertEquals(0, cpp.awaitExit(30_000), cpp.output().toString());
            Map<String, String> summary = cpp.summary();
            assertEquals(Long.toUnsignedString(sender.checksum()), summary.get("checksum"));
        }
        Socket pull = java.createSocket(SocketType.PULL, "data[1]");
        assertTrue(pull.bind(tcp()));
        List<String> pushOptions = new ArrayList<>(List.of("--role", "push", "--endpoint", pull.lastEndpoint(), "--method",
                "connect", "--hold-ms", "60000"));
        pushOptions.addAll(common);
        pushOptions.addAll(List.of(plan.deviceOptions()));
        try (CppDevice cpp = CppDevice.start(InteropBinaries.device(), pushOptions)) {
            PlanReceiver receiver = new PlanReceiver(java, pull, plan);
            for (int k = 0; k < 200; k++) {
                assertTrue(receiver.receive(k, 10_000) >= 0);
            }
            assertEquals(List.of(), receiver.problems());
            cpp.terminate();
            assertEquals(0, cpp.awaitExit(30_000));
            assertEquals(Long.toUnsignedString(receiver.checksum()), cpp.summary().get("checksum"));
        }
    }
}
