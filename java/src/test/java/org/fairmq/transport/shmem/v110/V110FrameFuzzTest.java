package org.fairmq.transport.shmem.v110;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.bytedeco.javacpp.BytePointer;
import org.fairmq.protocol.v110.MetaHeaderLayout;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ThreadPerTask;
import org.fairmq.transport.Message;
import org.fairmq.transport.SocketType;
import org.fairmq.zmq.ZmqContext;
import org.fairmq.zmq.ZmqSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile v1.10 frames (PROTOCOL-V110.md 3.8, S4-S9, 14.8): random bytes, and headers that are
 * well-formed but name what is no chunk of the session (forged handles, foreign segment and region
 * ids, sizes past the chunk, bad fManaged bytes, counts beyond the frame), single and multipart.
 * Every one is dropped and counted, nothing is freed, and real messages still arrive intact after.
 */
class V110FrameFuzzTest {
    private static final int FRAMES = 3000;

    @TempDir
    java.nio.file.Path dir;

    private final String session = "jfuzz-" + UUID.randomUUID();
    private final SessionNames names = V110Options.defaults("x", session).names();

    @AfterEach
    void nothingLeft() {
        assertEquals(List.of(), DevShm.leftWith(names.prefix()));
    }

    @Test
    void everyForgedFrameIsDroppedAndNothingIsFreed() throws Exception {
        String endpoint = "ipc://" + dir.resolve("fuzz.ipc");
        SplittableRandom random = new SplittableRandom(42);
        try (V110TransportFactory receiver = V110TransportFactory.create(
                    V110Options.defaults("r", session).withSegmentSize(4 << 20));
                ZmqContext context = new ZmqContext();
                ZmqSocket raw = new ZmqSocket(context, SocketType.PUSH.zmqType(), "raw")) {
            V110Socket single = receiver.createSocket(SocketType.PULL, "single[0]");
            V110Socket multi = receiver.createSocket(SocketType.PULL, "multi[0]");
            assertTrue(single.bind(endpoint + "1"));
            assertTrue(multi.bind(endpoint + "2"));
            // a live chunk the forgeries must never free
            V110Message held = receiver.createMessage(100);
            held.data().put(0, (byte) 7);
            long free = receiver.freeMemory();
            ByteBuffer frame = ByteBuffer.allocateDirect(512).order(ByteOrder.LITTLE_ENDIAN);
            long address;
            try (BytePointer pointer = new BytePointer(frame)) {
                address = pointer.address();
            }
            try (ZmqSocket rawMulti = new ZmqSocket(context, SocketType.PUSH.zmqType(), "raw2");
                    V110TransportFactory sender = V110TransportFactory.create(
                            V110Options.defaults("s", session).withSegmentSize(4 << 20))) {
                raw.setInt(org.fairmq.zmq.Zmq.LINGER, 0); // a failed test must not hang in zmq_ctx_term
                rawMulti.setInt(org.fairmq.zmq.Zmq.LINGER, 0);
                assertEquals(0, raw.connect(endpoint + "1"));
                assertEquals(0, rawMulti.connect(endpoint + "2"));
                var push = sender.createSocket(SocketType.PUSH, "data[0]");
                assertTrue(push.connect(endpoint + "1"));
                var multiPush = sender.createSocket(SocketType.PUSH, "multi[0]");
                assertTrue(multiPush.connect(endpoint + "2"));
                // the forgeries, then one real message, on one socket after the other, from another
                // thread: the receivers below drop the forgeries while they wait for the real ones
                var sending = ThreadPerTask.run(() -> {
                    for (int i = 0; i < FRAMES; i++) {
                        int length = forge(frame, random, held.handle());
                        assertTrue(raw.send(address, length, 0) >= 0);
                    }
                    // an empty message on the forgeries' own connection: it arrives after all of them
                    MetaHeaderLayout.write(frame, 0, 0, 0, -1, -1, 0, 0, true);
                    assertTrue(raw.send(address, MetaHeaderLayout.LENGTH, 0) >= 0);
                    V110Message real = sender.createMessage(16);
                    real.data().put("the real message".getBytes());
                    assertEquals(16, push.send(real));
                    for (int i = 0; i < FRAMES; i++) {
                        int parts = 1 + random.nextInt(4);
                        frame.putLong(0, random.nextInt(8) == 0 ? random.nextLong() : parts);
                        for (int p = 0; p < parts; p++) {
                            forgeHeader(frame, MetaHeaderLayout.partOffset(p), random, held.handle());
                        }
                        int multiLength = MetaHeaderLayout.partOffset(parts) - (random.nextInt(4) == 0 ? 20 : 0);
                        assertTrue(rawMulti.send(address, multiLength, 0) >= 0);
                    }
                    frame.putLong(0, 0); // an empty part list on the forgeries' connection, after all of them
                    assertTrue(rawMulti.send(address, MetaHeaderLayout.PART_COUNT_LENGTH, 0) >= 0);
                    assertEquals(5, multiPush.send(new ArrayList<Message>(List.of(sender.createMessage(5)))));
                });
                // the real message and the end marker, in either order (two connections)
                List<Long> sizes = new ArrayList<>();
                try (V110Message in = receiver.createMessage()) {
                    for (int i = 0; i < 2; i++) {
                        long n = single.receive(in, 120_000);
                        sizes.add(n);
                        if (n == 16) {
                            byte[] bytes = new byte[16];
                            in.data().get(bytes);
                            assertEquals("the real message", new String(bytes));
                        }
                    }
                }
                assertTrue(sizes.containsAll(List.of(16L, 0L)), sizes + ": " + single.framesRejectedByCause());
                sizes.clear();
                for (int i = 0; i < 2; i++) {
                    List<Message> parts = new ArrayList<>();
                    sizes.add(multi.receive(parts, 120_000));
                    parts.forEach(Message::close);
                }
                assertTrue(sizes.containsAll(List.of(5L, 0L)), sizes + ": " + multi.framesRejectedByCause());
                sending.get();
            }
            assertEquals(FRAMES, single.framesRejected(), single.framesRejectedByCause());
            assertTrue(multi.framesRejected() >= FRAMES, multi.framesRejectedByCause());
            assertEquals(free, receiver.freeMemory(), "no forged frame freed anything");
            assertEquals(1, held.refCount(), "the live chunk was never touched");
            assertEquals(7, held.data().get(0));
            held.close();
            single.close();
            multi.close();
        }
    }

    /** A single frame: random bytes, or a well-formed header naming nothing this session may release. */
    private static int forge(ByteBuffer frame, SplittableRandom random, long liveChunk) {
        if (random.nextInt(4) == 0) {
            int length = random.nextInt(120);
            for (int i = 0; i < length; i++) {
                frame.put(i, (byte) random.nextInt(256));
            }
            if (length >= 40 && frame.get(36) == 1 && frame.getLong(16) == -1 && frame.getLong(0) == 0) {
                frame.put(36, (byte) 2); // by chance a valid empty message: make sure it is not
            }
            return length < 40 && length > 0 ? length : 39;
        }
        forgeHeader(frame, 0, random, liveChunk);
        return 40 + random.nextInt(3) * 100;
    }

    private static void forgeHeader(ByteBuffer frame, int at, SplittableRandom random, long liveChunk) {
        long handle;
        long size = random.nextInt(1 << 16);
        long shared = -1;
        int segment = 0;
        int region = 0;
        boolean managed = true;
        switch (random.nextInt(8)) {
            case 0: handle = liveChunk + 16; break;                           // the user data, not the chunk
            case 1: handle = liveChunk; size = 1 << 20; break;                // past the live chunk
            case 2: handle = random.nextLong(4 << 20) & ~1L; break;          // anywhere in the segment
            case 3: handle = 176; segment = 1 + random.nextInt(100); break;  // a segment the map does not know
            case 4: handle = 0; managed = false; region = 1 + random.nextInt(60000); break; // no such region
            case 5: handle = liveChunk; shared = random.nextLong(); break;   // managed with fShared
            case 6: handle = -1; size = 1 + size; break;                      // a size without buffer
            default: handle = random.nextLong(); break;
        }
        MetaHeaderLayout.write(frame, at, size, random.nextLong(), handle, shared, region, segment, managed);
        if (random.nextInt(10) == 0) {
            frame.put(at + MetaHeaderLayout.MANAGED, (byte) (2 + random.nextInt(250))); // not a bool (S9)
        }
    }
}
