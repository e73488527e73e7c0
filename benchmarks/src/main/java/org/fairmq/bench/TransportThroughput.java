package org.fairmq.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;

/**
 * One side of a push/pull throughput run, the Java counterpart of {@code fairmq-interop-device
 * --bench} (same rules, so either side can be Java or C++): the sender rebuilds one message per
 * send (a fresh chunk, payload untouched) until {@code --num-msgs} or {@code --duration-ms}, then
 * sends an empty message as end of stream; the receiver receives into one reused message (which
 * frees the previous chunk) until the end of stream. Each side counts from {@code --warmup-ms}
 * after its first message and prints {@code READY}, then {@code RATE msgs=<n> seconds=<s>
 * cpu_seconds=<c>} (process CPU time) and {@code ALLOC bytes=<b> msgs=<n>} (heap bytes allocated
 * by the measuring thread) for that window.
 *
 * <pre>
 * TransportThroughput push|pull --endpoint ipc://... [--transport shmem|zeromq] [--size 1024]
 *     [--num-msgs N] [--duration-ms 3000] [--warmup-ms 0] [--prefix fairmq_shmem_]
 *     [--segment-size 2000000000] [--hwm 1000] [--linger-ms 1000] [--hold-ms 0]
 *     [--method bind|connect] [--timeout-ms 30000]
 * </pre>
 *
 * <p>{@code --hold-ms}: the sender keeps its socket open this long after the end of stream, or
 * until SIGTERM, then closes everything cleanly. libzmq 4.3 can drop the tail of an ipc stream when
 * the sender closes while the receiver lags, linger notwithstanding (libzmq issue #4660), so a
 * driver holds the sender until its receiver is done, then sends SIGTERM.
 *
 * <p>Exit code 0 on success, 1 on a transport error or timeout, 2 on a usage error.
 */
public final class TransportThroughput {
    private static final int CLOCK_EVERY = 16;

    private final boolean sender;
    private final BenchOptions options;
    private final long size;

    private TransportThroughput(boolean sender, BenchOptions options) {
        this.sender = sender;
        this.options = options;
        this.size = options.number("--size", 1024);
    }

    public static void main(String[] args) {
        BenchProcess.run("TransportThroughput", "--endpoint <e> [--transport shmem|zeromq] [--size n] [--num-msgs n]"
                + " [--duration-ms ms] [--warmup-ms ms] [--prefix p] [--segment-size n] [--hwm n] [--linger-ms ms]"
                + " [--hold-ms ms] [--method bind|connect] [--timeout-ms ms]", args, List.of("push", "pull"),
                (role, options) -> new TransportThroughput("push".equals(role), options)::run);
    }

    private int run() {
        String endpoint = options.required("--endpoint");
        boolean bind = "bind".equals(options.text("--method", sender ? "connect" : "bind"));
        try (TransportFactory transport = options.transport();
                Socket socket = options.open(transport, sender ? SocketType.PUSH : SocketType.PULL, "data[0]",
                        endpoint, bind)) {
            if (socket == null) {
                return 1;
            }
            System.out.println("READY");
            try (ProgressWatchdog dog = new ProgressWatchdog("TransportThroughput", transport,
                    options.number("--timeout-ms", 30_000)); Message message = transport.createMessage()) {
                return sender ? send(transport, socket, message, dog) : receive(socket, message, dog);
            }
        }
    }

    private int send(TransportFactory transport, Socket socket, Message message, ProgressWatchdog watchdog) {
        long limit = options.number("--num-msgs", Long.MAX_VALUE);
        long durationMs = options.number("--duration-ms", 3000);
        long stop = durationMs > 0 ? System.nanoTime() + durationMs * 1_000_000 : Long.MAX_VALUE;
        Window window = new Window(options.number("--warmup-ms", 0));
        long n = 0;
        while (n < limit) {
            if (n % CLOCK_EVERY == 0) {
                if (System.nanoTime() - stop >= 0) {
                    break;
                }
                watchdog.progress(n);
            }
            message.rebuild(size); // a fresh chunk; the previous one went with its frame
            if (socket.send(message) < 0) {
                System.err.println("TransportThroughput: send failed after " + n + " messages");
                return 1;
            }
            window.after(++n);
        }
        window.print(n);
        try (Message end = transport.createMessage()) {
            if (socket.send(end) < 0) { // end of stream: an empty message, a zero-length frame
                return 1;
            }
        }
        BenchProcess.hold(options.number("--hold-ms", 0));
        return 0;
    }

    private int receive(Socket socket, Message message, ProgressWatchdog watchdog) {
        Window window = new Window(options.number("--warmup-ms", 0));
        long n = 0;
        for (;;) {
            long received = socket.receive(message); // frees the chunk of the previous message
            if (received < 0) {
                System.err.println("TransportThroughput: receive failed after " + n + " messages: " + received);
                return 1;
            }
            if (received == 0) {
                break; // end of stream
            }
            window.after(++n);
            if (n % CLOCK_EVERY == 0) {
                watchdog.progress(n);
            }
        }
        window.print(n);
        return 0;
    }

    /**
     * The counting window, as in the C++ peer: from the first message plus the warm-up (or from the
     * first message, for short runs) to the end; wall time, process CPU time (all threads: JIT, GC,
     * zmq) and the heap bytes the measuring thread allocated in it.
     */
    private static final class Window {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        private final long warmupNs;
        private boolean started;
        private long from;
        private long begin;
        private long cpu;
        private long allocated;

        Window(long warmupMs) {
            this.warmupNs = warmupMs * 1_000_000;
        }

        /** After message n (1-based). */
        void after(long n) {
            if (n == 1) {
                start(1, System.nanoTime());
                started = warmupNs == 0;
            } else if (!started && n % CLOCK_EVERY == 0) {
                long now = System.nanoTime();
                if (now - begin >= warmupNs) {
                    start(n, now);
                    started = true;
                }
            }
        }

        private void start(long n, long now) {
            from = n;
            begin = now;
            cpu = OS.getProcessCpuTime();
            allocated = THREADS.getCurrentThreadAllocatedBytes();
        }

        void print(long n) {
            long nanos = n > 0 ? System.nanoTime() - begin : 0;
            long cpuNanos = n > 0 ? OS.getProcessCpuTime() - cpu : 0;
            long bytes = n > 0 ? THREADS.getCurrentThreadAllocatedBytes() - allocated : 0;
            long msgs = n > 0 ? n - from : 0;
            System.out.println(String.format(Locale.ROOT, "RATE msgs=%d seconds=%.6f cpu_seconds=%.6f", msgs,
                    nanos / 1e9, cpuNanos / 1e9));
            System.out.println("ALLOC bytes=" + bytes + " msgs=" + msgs);
        }
    }
}
