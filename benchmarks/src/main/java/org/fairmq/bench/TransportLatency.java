package org.fairmq.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;

/**
 * One side of a fixed-rate round-trip latency run, the Java counterpart of {@code
 * fairmq-interop-device --bench --role ping|pong} (same rules, so either side can be Java or C++).
 * Two push/pull channels: ping pushes to {@code --endpoint} (pong binds it), pong pushes every
 * message back to {@code --reply-endpoint} (ping binds it), so the send rate does not depend on
 * the round trip.
 *
 * <p>Ping: a sender thread sends message k at its intended time {@code start + k * (1 s / rate)},
 * a fresh message of {@code --size} bytes whose first 8 bytes hold that intended time
 * ({@code System.nanoTime}); when it is late (a full queue, a descheduled thread) it sends at once,
 * still stamped with the intended time, so a stall counts for every message it delays
 * (coordinated omission). The receiving thread records {@code now - stamp} in an HdrHistogram
 * (ns, 3 significant digits) for every reply whose intended time lies past {@code --warmup-ms}.
 * After {@code --duration-ms} the sender sends an empty message, which pong sends back; ping then
 * prints {@code LATENCY msgs=<n> p50_us=<a> p99_us=<b> p999_us=<c> max_us=<d>}:
 * {@code getValueAtPercentile}, the nearest-rank definition (the value of rank
 * {@code ceil(p/100 * n)}), which the C++ ping computes from its exact samples.
 *
 * <p>Pong sends each received message on as it is: for shmem the chunk travels back (zero copy,
 * what a FairMQ processor does) and ping frees it. It ends at the empty message and then holds its
 * sockets open for {@code --hold-ms} or until SIGTERM (see {@link BenchProcess#hold}).
 *
 * <pre>
 * TransportLatency ping|pong --endpoint e --reply-endpoint r [--transport shmem|zeromq] [--size 1024]
 *     [--rate 10000] [--duration-ms 10000] [--warmup-ms 0] [--prefix fairmq_shmem_]
 *     [--segment-size 2000000000] [--hwm 1000] [--linger-ms 1000] [--hold-ms 0] [--timeout-ms 30000]
 * </pre>
 */
public final class TransportLatency {
    /** The first bytes of a ping's payload: its intended send time. */
    private static final int STAMP_SIZE = Long.BYTES;
    /**
     * Parking overshoots by the timer slack (50 us) and the wake-up: park until this long before
     * the intended time, then yield the CPU until it is there (as the C++ ping does).
     */
    private static final long SPIN_WINDOW_NS = 100_000;
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    private final boolean ping;
    private final BenchOptions options;
    private volatile String senderFailure;

    private TransportLatency(boolean ping, BenchOptions options) {
        this.ping = ping;
        this.options = options;
    }

    public static void main(String[] args) {
        BenchProcess.run("TransportLatency", "--endpoint <e> --reply-endpoint <r> [--transport shmem|zeromq] [--size n]"
                + " [--rate msg/s] [--duration-ms ms] [--warmup-ms ms] [--prefix p] [--segment-size n] [--hwm n]"
                + " [--linger-ms ms] [--hold-ms ms] [--timeout-ms ms]", args, List.of("ping", "pong"),
                (role, options) -> new TransportLatency("ping".equals(role), options)::run);
    }

    private int run() {
        String endpoint = options.required("--endpoint");
        String replyEndpoint = options.required("--reply-endpoint");
        try (TransportFactory transport = options.transport();
                Socket out = options.open(transport, SocketType.PUSH, ping ? "data[0]" : "data[1]",
                        ping ? endpoint : replyEndpoint, false);
                Socket in = options.open(transport, SocketType.PULL, ping ? "data[1]" : "data[0]",
                        ping ? replyEndpoint : endpoint, true)) {
            if (out == null || in == null) {
                return 1;
            }
            System.out.println("READY");
            int code;
            try (ProgressWatchdog watchdog = new ProgressWatchdog("TransportLatency", transport,
                    options.number("--timeout-ms", 30_000))) {
                code = ping ? ping(transport, out, in, watchdog) : pong(transport, in, out, watchdog);
            }
            if (!ping && code == 0) {
                BenchProcess.hold(options.number("--hold-ms", 0));
            }
            return code;
        }
    }

    private int ping(TransportFactory transport, Socket out, Socket in, ProgressWatchdog watchdog) {
        long size = options.number("--size", 1024);
        long rate = options.number("--rate", 10_000);
        if (size < STAMP_SIZE || rate <= 0 || rate > 10_000_000) {
            throw new IllegalArgumentException("ping needs --rate in 1..10000000 and --size >= " + STAMP_SIZE
                    + " (the send-time stamp)");
        }
        long start = System.nanoTime() + 1_000_000;
        long recordFrom = start + options.number("--warmup-ms", 0) * 1_000_000;
        long end = start + options.number("--duration-ms", 10_000) * 1_000_000;
        Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        Thread sender = new Thread(() -> sendPings(transport, out, size, start, 1_000_000_000L / rate, end),
                "ping-sender");
        sender.start();
        boolean received = receiveReplies(transport, in, histogram, recordFrom, watchdog);
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (senderFailure != null) {
            System.err.println("TransportLatency: " + senderFailure);
        }
        if (!received || senderFailure != null) {
            return 1;
        }
        System.out.println(String.format(Locale.ROOT, "LATENCY msgs=%d p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f",
                histogram.getTotalCount(), micros(histogram, 50), micros(histogram, 99), micros(histogram, 99.9),
                histogram.getMaxValue() / 1e3));
        return 0;
    }

    /** Ping's receiving half, until the end of stream; false (and the sender interrupted) on a failure. */
    private static boolean receiveReplies(TransportFactory transport, Socket in, Histogram histogram, long recordFrom,
            ProgressWatchdog watchdog) {
        long n = 0;
        try (Message reply = transport.createMessage()) {
            for (;;) {
                long received = in.receive(reply); // frees the previous reply's chunk
                long arrived = System.nanoTime();
                if (received < 0) {
                    System.err.println("TransportLatency: receive failed after " + n + " replies: " + received);
                    transport.interrupt();
                    return false;
                }
                if (received == 0) {
                    break; // end of stream
                }
                long stamp = reply.data().getLong(0);
                if (stamp - recordFrom >= 0) {
                    histogram.recordValue(Math.min(arrived - stamp, HIGHEST_TRACKABLE_NS));
                }
                watchdog.progress(++n);
            }
        }
        return true;
    }

    private static double micros(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e3;
    }

    /** Ping's sending half: message k at start + k * interval, then the end of stream. */
    private void sendPings(TransportFactory transport, Socket out, long size, long start, long intervalNs, long end) {
        try (Message message = transport.createMessage(); Message endOfStream = transport.createMessage()) {
            for (long k = 0; !BenchProcess.stopRequested(); k++) {
                long intended = start + k * intervalNs;
                if (intended - end >= 0) {
                    break;
                }
                waitUntil(intended);
                message.rebuild(size); // a fresh chunk; the previous one went with its frame
                message.data().putLong(0, intended);
                if (out.send(message) < 0) {
                    senderFailure = "send failed after " + k + " messages";
                    return;
                }
            }
            if (out.send(endOfStream) < 0) {
                senderFailure = "end of stream not sent";
            }
        } catch (RuntimeException e) {
            senderFailure = "sender: " + e;
        }
    }

    private static void waitUntil(long when) {
        long ahead = when - System.nanoTime();
        if (ahead > SPIN_WINDOW_NS) {
            LockSupport.parkNanos(ahead - SPIN_WINDOW_NS);
        }
        while (System.nanoTime() - when < 0) {
            Thread.yield();
        }
    }

    private int pong(TransportFactory transport, Socket in, Socket out, ProgressWatchdog watchdog) {
        long n = 0;
        try (Message message = transport.createMessage()) {
            for (;;) {
                long received = in.receive(message);
                if (received < 0 || out.send(message) < 0) { // the chunk travels on with its frame
                    System.err.println("TransportLatency: pong failed after " + n + " messages");
                    return 1;
                }
                if (received == 0) {
                    break; // the end of stream went back too
                }
                watchdog.progress(++n);
            }
        }
        System.out.println("PONG msgs=" + n);
        return 0;
    }
}
