package org.fairmq.transport.zeromq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fairmq.interop.CppDevice;
import org.fairmq.interop.MessagePlan;
import org.fairmq.interop.Payloads;
import org.fairmq.interop.PlanReceiver;
import org.fairmq.interop.PlanSender;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.transport.Message;
import org.fairmq.transport.Poller;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames that are moved, not copied, against the C++ device peer over ipc://: 16 MiB messages
 * both ways, multipart messages over lent buffers, and a peer killed with SIGKILL while lent
 * frames are queued for it.
 */
class ZmqZeroCopyInteropTest {
    private static final long TIMEOUT_MS = 60_000;

    private final ZmqTransportFactory java = ZmqTransportFactory.create("java", 1);
    private int outstandingBefore;
    @TempDir
    Path dir;

    @BeforeEach
    void countLoans() {
        outstandingBefore = LentBuffers.outstanding();
    }

    @AfterEach
    void close() {
        java.close();
    }

    private String endpoint(String name) {
        return "ipc://" + dir.resolve(name);
    }

    private static List<String> options(MessagePlan plan, String... more) {
        List<String> options = new ArrayList<>(List.of(more));
        options.addAll(List.of("--transport", "zeromq", "--heartbeat", "0"));
        options.addAll(List.of(plan.deviceOptions()));
        return options;
    }

    /** Part {@code j} of message {@code k} of the plan over a fresh lent buffer (empty parts: plain). */
    private Message lentPart(MessagePlan plan, long k, int j, long[] checksum) {
        if (plan.isEmpty(k, j)) {
            return java.createMessage();
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) plan.size(k, j));
        checksum[0] = Payloads.fillAndHash(buffer.duplicate(), plan.patternSeed(k, j), checksum[0]);
        return java.createMessageWithoutCopy(buffer);
    }

    private long sendLent(Socket push, MessagePlan plan, long k, long[] checksum, long timeoutMs) {
        if (plan.parts() == 1) {
            try (Message message = lentPart(plan, k, 0, checksum)) {
                return push.send(message, timeoutMs);
            }
        }
        List<Message> parts = new ArrayList<>();
        for (int j = 0; j < plan.parts(); j++) {
            parts.add(lentPart(plan, k, j, checksum));
        }
        long n = push.send(parts);
        parts.forEach(Message::close);
        return n;
    }

    @Test
    void shouldCarry16MiBMessagesBothWays() throws Exception {
        MessagePlan plan = MessagePlan.fixed(21, 16L << 20);
        int count = 6;
        String toCpp = endpoint("to-cpp");
        try (CppDevice cpp = CppDevice.start(InteropBinaries.device(), options(plan, "--role", "pull", "--endpoint",
                toCpp, "--method", "bind", "--num-msgs", Integer.toString(count)))) {
            cpp.awaitReady(10_000);
            Socket push = java.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(toCpp));
            PlanSender sender = new PlanSender(java, push, plan, null);
            for (int k = 0; k < count; k++) {
                assertEquals(16L << 20, sender.send(k));
            }
            assertEquals(0, cpp.awaitExit(TIMEOUT_MS), cpp.output().toString());
            assertEquals(Long.toUnsignedString(sender.checksum()), cpp.summary().get("checksum"));
        }
        Socket pull = java.createSocket(SocketType.PULL, "data[1]");
        String fromCpp = endpoint("from-cpp");
        assertTrue(pull.bind(fromCpp));
        try (CppDevice cpp = CppDevice.start(InteropBinaries.device(), options(plan, "--role", "push", "--endpoint",
                fromCpp, "--method", "connect", "--num-msgs", Integer.toString(count), "--hold-ms", "60000"))) {
            PlanReceiver receiver = new PlanReceiver(java, pull, plan);
            for (int k = 0; k < count; k++) {
                assertEquals(16L << 20, receiver.receive(k, TIMEOUT_MS));
            }
            assertEquals(List.of(), receiver.problems());
            cpp.terminate();
            assertEquals(0, cpp.awaitExit(TIMEOUT_MS));
            assertEquals(Long.toUnsignedString(receiver.checksum()), cpp.summary().get("checksum"));
            receiver.close();
        }
    }

    @Test
    void shouldSendMultipartMessagesOverLentBuffersToTheCppDevice() throws Exception {
        MessagePlan plan = MessagePlan.random(31, 300_000).withParts(4, 3);
        int count = 100;
        String address = endpoint("multipart");
        long[] checksum = {Payloads.fnv1aInit()};
        try (CppDevice cpp = CppDevice.start(InteropBinaries.device(), options(plan, "--role", "pull", "--endpoint",
                address, "--method", "bind", "--num-msgs", Integer.toString(count)))) {
            cpp.awaitReady(10_000);
            Socket push = java.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(address));
            for (int k = 0; k < count; k++) {
                assertTrue(sendLent(push, plan, k, checksum, TIMEOUT_MS) >= 0);
            }
            assertEquals(0, cpp.awaitExit(TIMEOUT_MS), cpp.output().toString());
            assertEquals(Long.toUnsignedString(checksum[0]), cpp.summary().get("checksum"));
        }
        awaitLoansSettled(null);
    }

    /**
     * A C++ receiver stalls with lent 64 KiB frames queued for it and is killed with SIGKILL: libzmq
     * drops what was queued for the dead connection and releases every buffer, the JVM goes on, and
     * the same socket serves the next receiver.
     */
    @Test
    void shouldReleaseLentFramesOfAKilledPeerAndGoOn() throws Exception {
        MessagePlan plan = MessagePlan.fixed(41, 64 << 10);
        Socket push = java.createSocket(SocketType.PUSH, "data[0]");
        push.configure(16, 16, 0, 0);
        String address = endpoint("crash");
        assertTrue(push.bind(address));
        long[] unused = {Payloads.fnv1aInit()};
        try (CppDevice stalled = CppDevice.start(InteropBinaries.device(), options(plan, "--role", "pull", "--endpoint",
                address, "--method", "connect", "--num-msgs", "100000", "--hwm", "16", "--pause-after", "5",
                "--pause-ms", "600000"))) {
            long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
            for (long k = 0; !(sendLent(push, plan, k, unused, 200) < 0 && paused(stalled)); k++) {
                // the first messages reach the peer, then every queue towards it fills
                assertTrue(System.nanoTime() < deadline, stalled.output().toString());
            }
            assertTrue(LentBuffers.outstanding() - outstandingBefore > 0, "frames in flight when the peer dies");
            stalled.process().destroyForcibly().waitFor();
        }
        try (CppDevice next = CppDevice.start(InteropBinaries.device(), options(plan, "--role", "pull", "--endpoint",
                address, "--method", "connect", "--num-msgs", "50"))) {
            PlanSender sender = new PlanSender(java, push, plan, null);
            for (int k = 0; k < 50; k++) {
                assertEquals(64 << 10, sender.send(k));
            }
            assertEquals(0, next.awaitExit(TIMEOUT_MS), next.output().toString());
            assertEquals(Long.toUnsignedString(sender.checksum()), next.summary().get("checksum"));
        }
        awaitLoansSettled(push);
    }

    private static boolean paused(CppDevice device) {
        return device.output().stream().anyMatch(line -> line.startsWith("PAUSE"));
    }

    /**
     * Waits until libzmq released every buffer lent in this test. A socket processes the end of a
     * dead connection's queue in its own thread's calls: polling it gives it those calls.
     */
    private void awaitLoansSettled(Socket socket) throws InterruptedException {
        Poller poller = socket == null ? null : java.createPoller(List.of(socket));
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
        while (LentBuffers.outstanding() != outstandingBefore) {
            assertTrue(System.nanoTime() < deadline, (LentBuffers.outstanding() - outstandingBefore)
                    + " lent buffers not released");
            if (poller != null) {
                poller.poll(10);
            } else {
                Thread.sleep(1);
            }
        }
        if (poller != null) {
            poller.close();
        }
    }
}
