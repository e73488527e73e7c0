package org.fairmq.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.fairmq.metrics.ShmTopologies.Profile;
import org.fairmq.metrics.ShmTopologies.Topology;
import org.fairmq.metrics.ShmTopologies.TopologyV110;
import org.bytedeco.javacpp.BytePointer;
import org.fairmq.testing.ThreadPerTask;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.shmem.FrameRejection;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.fairmq.transport.shmem.v110.MessageBadAllocException;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqContext;
import org.fairmq.zmq.ZmqSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ShmTransportMetrics} of both profiles in a {@link SimpleMeterRegistry}: socket counters equal
 * what the sockets did and go with the socket, segment, device and region gauges equal the shared
 * memory, the heartbeat age, and full-segment waits counted with their time.
 */
class ShmTransportMetricsTest {
    private static final long SEGMENT_SIZE = 8L << 20;
    private static final long DEADLINE_MS = 30_000;

    /** A fresh registry with {@code metrics} bound to it. */
    private static SimpleMeterRegistry boundTo(ShmTransportMetrics metrics) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        return registry;
    }

    private static RequiredSearch meter(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(tags);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Profile.class)
    void shouldCountWhatTheSocketsDid(Profile profile) {
        try (Topology t = profile.open(SEGMENT_SIZE);
                ShmTransportMetrics metrics = new ShmTransportMetrics(t.stats)) {
            SimpleMeterRegistry registry = boundTo(metrics);
            Socket pull = t.factory.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind("inproc://" + t.prefix + "data"));
            Socket push = t.factory.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect("inproc://" + t.prefix + "data"));
            try (Message in = t.factory.createMessage()) {
                for (int i = 0; i < 7; i++) {
                    assertEquals(100, push.send(t.factory.createMessage(100)));
                    assertEquals(100, pull.receive(in));
                }
            }
            assertEquals(7, meter(registry, MeterNames.MESSAGES_SENT, "socket", push.id()).functionCounter().count());
            assertEquals(700, meter(registry, MeterNames.BYTES_SENT, "socket", push.id()).functionCounter().count());
            assertEquals(7, meter(registry, MeterNames.MESSAGES_RECEIVED, "socket", pull.id()).functionCounter().count());
            assertEquals(700, meter(registry, MeterNames.BYTES_RECEIVED, "socket", pull.id()).functionCounter().count());
            assertEquals(0, meter(registry, MeterNames.MESSAGES_RECEIVED, "socket", push.id()).functionCounter().count());
            assertEquals(FrameRejection.values().length,
                    meter(registry, MeterNames.FRAMES_REJECTED, "socket", pull.id()).functionCounters().size());
            assertEquals(0, meter(registry, MeterNames.FRAMES_REJECTED, "socket", pull.id(), "cause", "NOT_A_CHUNK")
                    .functionCounter().count());
            String[] profileTags = {"profile", t.stats.profile(), "topology", t.stats.topology(), "reporter", "java"};
            assertEquals(SEGMENT_SIZE, meter(registry, MeterNames.SEGMENT_SIZE, "segment", t.stats.segmentName())
                    .tags(profileTags).gauge().value());
            double free = meter(registry, MeterNames.SEGMENT_FREE).gauge().value();
            assertTrue(free > 0 && free < SEGMENT_SIZE, "free " + free);
            assertEquals(SEGMENT_SIZE - free, meter(registry, MeterNames.SEGMENT_USED).gauge().value(), 4096,
                    "used = size - free (read a moment apart)");
            assertEquals(1, meter(registry, MeterNames.DEVICES).gauge().value());
            assertEquals(0, meter(registry, MeterNames.REGIONS).gauge().value());
            assertEquals(0, meter(registry, MeterNames.FULL_SEGMENT_WAITS).functionTimer().count());

            pull.close();
            assertNull(registry.find(MeterNames.MESSAGES_RECEIVED).tags("socket", pull.id()).functionCounter(),
                    "a closed socket's meters are removed");
            metrics.close();
            assertNull(registry.find(MeterNames.MESSAGES_SENT).functionCounter(), "close removes the socket meters");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Profile.class)
    void shouldCountRejectedFramesByCause(Profile profile) throws Exception {
        try (Topology t = profile.open(SEGMENT_SIZE);
                ShmTransportMetrics metrics = new ShmTransportMetrics(t.stats);
                ZmqContext context = new ZmqContext();
                ZmqSocket raw = new ZmqSocket(context, SocketType.PUSH.zmqType(), "raw")) {
            SimpleMeterRegistry registry = boundTo(metrics);
            assertEquals(0, raw.setInt(Zmq.LINGER, 0));
            String endpoint = "ipc:///tmp/" + t.prefix + "rejected.ipc";
            Socket pull = t.factory.createSocket(SocketType.PULL, "data[0]");
            assertTrue(pull.bind(endpoint));
            Socket push = t.factory.createSocket(SocketType.PUSH, "data[0]");
            assertTrue(push.connect(endpoint));
            assertEquals(0, raw.connect(endpoint));
            ByteBuffer frame = ByteBuffer.allocateDirect(20);
            try (BytePointer pointer = new BytePointer(frame)) {
                assertEquals(20, raw.send(pointer.address(), 20, 0)); // neither profile's MetaHeader length
            }
            // the pull socket takes turns between its two peers: valid messages until the bad frame came by
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
            try (Message in = t.factory.createMessage()) {
                while (pull.framesRejected() == 0) {
                    assertTrue(System.nanoTime() < deadline, "the bad frame never arrived");
                    assertEquals(8, push.send(t.factory.createMessage(8)));
                    assertEquals(8, pull.receive(in, DEADLINE_MS));
                }
            }
            assertEquals(1, meter(registry, MeterNames.FRAMES_REJECTED, "socket", pull.id(), "cause",
                    FrameRejection.MALFORMED_LENGTH.name()).functionCounter().count());
            assertEquals(0, meter(registry, MeterNames.FRAMES_REJECTED, "socket", pull.id(), "cause",
                    FrameRejection.UNKNOWN_REGION.name()).functionCounter().count());
            pull.close();
            push.close();
            Files.deleteIfExists(Path.of(endpoint.substring("ipc://".length())));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Profile.class)
    void shouldCountDevicesAndRegionsOfTheTopology(Profile profile) {
        try (Topology t = profile.open(SEGMENT_SIZE);
                ShmTransportMetrics metrics = new ShmTransportMetrics(t.stats)) {
            SimpleMeterRegistry registry = boundTo(metrics);
            try (TransportFactory second = t.another("second"); var region = second.createRegion(65536)) {
                assertEquals(2, meter(registry, MeterNames.DEVICES).gauge().value());
                assertEquals(1, meter(registry, MeterNames.REGIONS).gauge().value());
            }
            assertEquals(1, meter(registry, MeterNames.DEVICES).gauge().value());
        }
    }

    @Test
    void shouldShowTheAgeOfTheOwnHeartbeat() throws Exception {
        // v1.10 beats into the management segment from the start; 2017 only into a monitor's queue
        try (Topology t = Profile.V110.open(SEGMENT_SIZE); ShmTransportMetrics metrics = new ShmTransportMetrics(t.stats);
                Topology none = Profile.V2017.open(SEGMENT_SIZE);
                ShmTransportMetrics noneMetrics = new ShmTransportMetrics(none.stats)) {
            SimpleMeterRegistry registry = boundTo(metrics);
            noneMetrics.bindTo(registry);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
            double age;
            while (Double.isNaN(age = meter(registry, MeterNames.HEARTBEAT_AGE, "profile", "1.10").gauge().value())) {
                assertTrue(System.nanoTime() < deadline, "no heartbeat within " + DEADLINE_MS + " ms");
                Thread.sleep(10);
            }
            assertTrue(age >= 0 && age < DEADLINE_MS / 1000.0, "age " + age);
            assertTrue(Double.isNaN(meter(registry, MeterNames.HEARTBEAT_AGE, "profile", "2017").gauge().value()),
                    "2017 without a monitor: no heartbeat reached a control queue");
        }
    }

    @Test
    void shouldCountAV110WaitForAFullSegmentWithItsTime() {
        try (Topology t = new TopologyV110(1L << 20, o -> o.withBadAlloc(3, 20));
                ShmTransportMetrics metrics = new ShmTransportMetrics(t.stats)) {
            SimpleMeterRegistry registry = boundTo(metrics);
            try (Message held = t.factory.createMessage(700_000)) {
                assertThrows(MessageBadAllocException.class, () -> t.factory.createMessage(700_000));
            }
            var waits = meter(registry, MeterNames.FULL_SEGMENT_WAITS).functionTimer();
            assertEquals(1, waits.count(), "one allocation waited");
            assertTrue(waits.totalTime(TimeUnit.MILLISECONDS) >= 40, "two intervals of 20 ms: " + waits.totalTime(
                    TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void shouldCountA2017WaitForAFullSegmentWithItsTime() throws Exception {
        try (Topology t = Profile.V2017.open(2L << 20);
                ShmTransportMetrics metrics = new ShmTransportMetrics(t.stats)) {
            SimpleMeterRegistry registry = boundTo(metrics);
            ShmTransportFactory transport = (ShmTransportFactory) t.factory;
            Message held = transport.createMessage(1_200_000);
            AtomicReference<Thread> waiter = new AtomicReference<>();
            var second = ThreadPerTask.run(() -> {
                waiter.set(Thread.currentThread());
                transport.createMessage(1_200_000).close();
            });
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
            while (waiter.get() == null || waiter.get().getState() != Thread.State.TIMED_WAITING) {
                assertTrue(System.nanoTime() < deadline, "the second allocation never waited");
                Thread.onSpinWait();
            }
            held.close(); // a chunk that large is freed at once: the waiting allocation gets it
            second.get();
            var waits = meter(registry, MeterNames.FULL_SEGMENT_WAITS).functionTimer();
            assertEquals(1, waits.count(), "one allocation waited");
            assertTrue(waits.totalTime(TimeUnit.NANOSECONDS) > 0);
        }
    }
}
