package org.fairmq.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.zeromq.ZmqTransportFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Java to Java over the zeromq transport, the twin of {@link ShmRoundTripBenchmark}: a fresh
 * payload per message (the sender rebuilds its message with {@code size} bytes and sends it), the
 * receiver receives into one reused message (which releases the previous payload). Uses only the
 * public transport API, so the same source also measures older transports. Run with
 * {@code -prof gc}: the hot path should allocate 0 bytes/op.
 *
 * <ul>
 *   <li>{@code roundTrip}: send then receive in one thread; ns per message.
 *   <li>{@code roundTripTouchingPayload}: as roundTrip, the sender writes a byte through
 *       {@code data()}, the receiver reads one: what a payload view costs.
 *   <li>{@code pipeline}: a sender and a receiver thread; messages per microsecond (the
 *       {@code receive} line), ended as in ShmRoundTripBenchmark.
 * </ul>
 *
 * <p>{@code inproc://} puts both sockets in one transport (one zmq context, as inproc requires);
 * {@code ipc://} uses two transports, as two devices would.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ZmqRoundTripBenchmark {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** Two connected sockets and the two reused messages; one thread sends and receives. */
    @State(Scope.Thread)
    public static class ThreadLink {
        @Param({"inproc", "ipc"})
        public String endpoint;

        @Param({"1024", "65536"})
        public int size;

        ZmqTransportFactory sending;
        ZmqTransportFactory receiving;
        Socket push;
        Socket pull;
        private SocketPair sockets;
        Message out;
        Message in;

        @Setup(Level.Trial)
        public void open() {
            String name = "fmqbench_zrt_" + ProcessHandle.current().pid() + "_" + INSTANCES.incrementAndGet();
            sending = ZmqTransportFactory.create("bench", 1);
            receiving = "inproc".equals(endpoint) ? sending : ZmqTransportFactory.create("bench", 1);
            sockets = new SocketPair(sending, receiving, endpoint, name);
            push = sockets.push;
            pull = sockets.pull;
            out = sending.createMessage();
            in = receiving.createMessage();
        }

        @TearDown(Level.Trial)
        public void close() {
            out.close();
            in.close();
            sockets.close();
            if (receiving != sending) {
                receiving.close();
            }
            sending.close();
        }
    }

    /** The sender and the receiver thread of one pipeline share it (the parameters are ThreadLink's). */
    @State(Scope.Group)
    public static class GroupLink extends ThreadLink {
        @Setup(Level.Iteration)
        public void resume() {
            sending.resume();
            receiving.resume();
        }

        /** Ends the iteration for the other side too, which may be blocked in libzmq. */
        void stopIfMeasurementEnded(Control control) {
            if (control.stopMeasurement) {
                sending.interrupt();
                receiving.interrupt();
            }
        }
    }

    @Benchmark
    public long roundTrip(ThreadLink link) {
        link.out.rebuild(link.size);
        link.push.send(link.out);
        return link.pull.receive(link.in);
    }

    @Benchmark
    public byte roundTripTouchingPayload(ThreadLink link) {
        link.out.rebuild(link.size);
        link.out.data().put(0, (byte) 1);
        link.push.send(link.out);
        link.pull.receive(link.in);
        return link.in.data().get(0);
    }

    @Benchmark
    @Group("pipeline")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long send(GroupLink link, Control control) {
        link.out.rebuild(link.size);
        long n = link.push.send(link.out);
        link.stopIfMeasurementEnded(control);
        return n;
    }

    @Benchmark
    @Group("pipeline")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long receive(GroupLink link, Control control) {
        long n = link.pull.receive(link.in);
        link.stopIfMeasurementEnded(control);
        return n;
    }
}
