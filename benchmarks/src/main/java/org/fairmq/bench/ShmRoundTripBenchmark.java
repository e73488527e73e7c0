package org.fairmq.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.transport.Socket;
import org.fairmq.transport.shmem.ShmMessage;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;
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
 * Java to Java over the shmem transport, 1 KiB, payload untouched, a fresh chunk per message: the
 * sender rebuilds its message (allocate) and sends the 32-byte MetaHeader, the receiver receives
 * into one reused message (which frees the previous chunk). Run with {@code -prof gc}: the hot
 * path should allocate 0 bytes/op.
 *
 * <ul>
 *   <li>{@code roundTrip}: send then receive in one thread; ns per message (allocate, two zmq
 *       calls, free).
 *   <li>{@code pipeline}: a sender thread and a receiver thread with the blocking calls; messages
 *       per microsecond (the {@code receive} line). At the end of an iteration the first side to
 *       notice interrupts both transports, so that the other one returns from a blocking call
 *       (within the 700 ms socket timeout); the next iteration resumes them.
 * </ul>
 *
 * <p>{@code inproc://} puts both sockets in one transport (one zmq context, as inproc requires);
 * {@code ipc://} uses two transports on the same segment, as two devices would.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ShmRoundTripBenchmark {
    static final int SIZE = 1024;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** Two connected sockets over one shared segment, and the two reused messages. */
    public abstract static class Link {
        ShmNames names;
        ShmTransportFactory sending;
        ShmTransportFactory receiving;
        Socket push;
        Socket pull;
        private SocketPair sockets;
        ShmMessage out;
        ShmMessage in;

        /** {@code inproc} or {@code ipc}. */
        abstract String endpoint();

        @Setup(Level.Trial)
        public void open() {
            String endpoint = endpoint();
            String prefix = "fmqbench_rt_" + ProcessHandle.current().pid() + "_" + INSTANCES.incrementAndGet() + "_";
            names = ShmNames.withPrefix(prefix);
            ShmOptions options = ShmOptions.defaults("bench").withNames(names).withSegmentSize(256L << 20);
            sending = ShmTransportFactory.create(options);
            receiving = "inproc".equals(endpoint) ? sending : ShmTransportFactory.create(options);
            sockets = new SocketPair(sending, receiving, endpoint, prefix + "data");
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
            sending.close(); // last out: removes the main and management segments
            NamedMutex.remove(names.mutex());
        }
    }

    /** One thread sends and receives. */
    @State(Scope.Thread)
    public static class ThreadLink extends Link {
        @Param({"inproc", "ipc"})
        public String endpoint;

        @Override
        String endpoint() {
            return endpoint;
        }
    }

    /** The sender and the receiver thread of one pipeline share it. */
    @State(Scope.Group)
    public static class GroupLink extends Link {
        @Param({"inproc", "ipc"})
        public String endpoint;

        @Override
        String endpoint() {
            return endpoint;
        }

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
        link.out.rebuild(SIZE);
        link.push.send(link.out);
        return link.pull.receive(link.in);
    }

    /**
     * As {@link #roundTrip}, and both sides touch the payload through its ByteBuffer: the sender
     * writes a byte, the receiver reads it. Each message gets a fresh view on each side (a slice of
     * a window on JDK 17-21, of the arena's segment on JDK 22+): what MappingViews costs per message.
     */
    @Benchmark
    public byte roundTripTouchingPayload(ThreadLink link) {
        link.out.rebuild(SIZE);
        link.out.data().put(0, (byte) 1);
        link.push.send(link.out);
        link.pull.receive(link.in);
        return link.in.data().get(0);
    }

    /**
     * {@code roundTripTouchingPayload} with a new message object per send, as device code that
     * calls {@code createMessage(size)} for every message does (closed after the send): what a
     * message object costs (its allocation and its Cleaner registration) on top of the chunk.
     */
    @Benchmark
    public byte roundTripNewMessage(ThreadLink link) {
        try (ShmMessage out = link.sending.createMessage(SIZE)) {
            out.data().put(0, (byte) 1);
            link.push.send(out);
        }
        link.pull.receive(link.in);
        return link.in.data().get(0);
    }

    @Benchmark
    @Group("pipeline")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long send(GroupLink link, Control control) {
        link.out.rebuild(SIZE); // also frees the chunk of a send cut short by the end of an iteration
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
