package org.fairmq.device.testdevice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.testing.ThreadPerTask;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.fairmq.transport.zeromq.ZmqTransportFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PushPull.ST_* and PushPull.MT_* (PROTOCOL.md 8), in process and without a device: one stand-alone
 * transport, a "Push" socket binding and a "Pull" socket connecting, a 3-part message "1", "2",
 * "3"; received and concatenated it must read "123". ST: one thread; MT: sender and receiver in two
 * threads. The reference's {@code ipc://test} becomes a file in a temporary directory.
 */
class PushPullMultipartTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("tdmp");

    @TempDir
    Path dir;

    @AfterEach
    void removeMutex() {
        NamedMutex.remove(ShmNames.withPrefix(shm.prefix()).mutex());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "ST, zeromq, inproc", "ST, shmem, inproc", "ST, zeromq, ipc", "ST, shmem, ipc",
        "MT, zeromq, inproc", "MT, shmem, inproc", "MT, zeromq, ipc", "MT, shmem, ipc",
    })
    void shouldReceiveTheThreePartsInOrder(String threads, String transport, String kind) throws Exception {
        String address = kind.equals("inproc") ? "inproc://test" : "ipc://" + dir.resolve("test");
        try (TransportFactory factory = transport.equals("shmem")
                ? ShmTransportFactory.create(new ShmOptions("", ShmNames.withPrefix(shm.prefix()),
                        ProtocolRun.SEGMENT_SIZE, 1))
                : ZmqTransportFactory.create("", 1);
             Socket push = factory.createSocket(SocketType.PUSH, "Push");
             Socket pull = factory.createSocket(SocketType.PULL, "Pull")) {
            push.bind(address);
            pull.connect(address);
            if (threads.equals("ST")) {
                send(factory, push);
                assertEquals("123", receive(pull));
            } else {
                CompletableFuture<Void> sender = ThreadPerTask.run(() -> send(factory, push));
                CompletableFuture<String> receiver = ThreadPerTask.supply(() -> receive(pull));
                sender.get(10, TimeUnit.SECONDS);
                assertEquals("123", receiver.get(10, TimeUnit.SECONDS));
            }
        }
    }

    /** "1", "2", "3" as simple messages (a copy of the bytes, 3.3), sent as one multipart message. */
    private static void send(TransportFactory factory, Socket push) {
        List<Message> parts = new ArrayList<>();
        try {
            for (String s : List.of("1", "2", "3")) {
                parts.add(factory.createMessage(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII))));
            }
            assertEquals(3, push.send(parts));
        } finally {
            parts.forEach(Message::close);
        }
    }

    private static String receive(Socket pull) {
        List<Message> parts = new ArrayList<>();
        try {
            assertEquals(3, pull.receive(parts));
            StringBuilder out = new StringBuilder();
            for (Message part : parts) {
                out.append(StandardCharsets.US_ASCII.decode(part.data()));
            }
            return out.toString();
        } finally {
            parts.forEach(Message::close);
        }
    }
}
