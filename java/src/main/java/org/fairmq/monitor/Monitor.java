package org.fairmq.monitor;

import org.fairmq.terminal.KeyInput;
import org.fairmq.terminal.TerminalKeyInput;
import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.protocol.ShmNames;

/**
 * The shared-memory monitor of PROTOCOL.md 5 as a Java object: watches one main segment, tracks
 * the devices' heartbeats on the control queue, and cleans up every object of the topology when
 * no heartbeat arrived for longer than the timeout. The same program as {@code shmmonitor}
 * ({@link ShmMonitorMain} is a thin command line around it); the static {@link #cleanup} is the
 * reference's {@code Monitor::Cleanup}.
 *
 * <p>Lifecycle: {@link Builder#start()} claims the names (5.3: refuses with
 * {@link MonitorAlreadyRunningException} if the management segment holds a MonitorStatus,
 * otherwise constructs one and removes a stale control queue) and starts two daemon threads, the
 * heartbeat receiver (5.4) and the loop (the plain 100 ms segment check of 5.5, or interactive
 * mode 5.7). The monitor ends when {@link #stop()} is called, on {@code q}, or by self-destruct;
 * it then removes the control queue, destroys its MonitorStatus and, if it created the
 * management segment and nothing else uses it (no RegionCounter, no main segment), removes that
 * too, so a monitor leaves nothing of its own behind.
 *
 * <p>Ownership: the monitor owns its threads, its mapping of the management segment, the
 * MonitorStatus and the control queue. Output goes to the given stream, lines exactly as the
 * reference prints them.
 *
 * <p>Thread-safety: {@link #stop()}, {@link #close()}, {@link #awaitTermination} and the
 * accessors may be called from any thread, any number of times, concurrently.
 */
public final class Monitor implements AutoCloseable, WatchedTopology {
    private final ShmNames names;
    private final PrintStream out;
    private final ManagedSegment management;
    private final Object createdManagementKey;
    private final PrintStream diagnostics;
    private final HeartbeatState heartbeats = new HeartbeatState();
    private final AtomicLong cleanups = new AtomicLong();
    /** The current receiver; replaced by the loop thread when it wedges. */
    private volatile HeartbeatReceiver receiver;
    private final Thread loop;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean signalled = new AtomicBoolean();
    private volatile boolean terminating;
    private volatile Throwable failure;

    private Monitor(Builder builder) {
        this.names = builder.names;
        this.out = builder.out;
        this.diagnostics = builder.diagnostics;
        ManagementClaim claim = ManagementClaim.claim(names.managementSegment());
        this.management = claim.segment;
        this.createdManagementKey = claim.createdKey;
        try {
            Cleanup.removeControlQueue(names);
            Cleanup.preload();
        } catch (RuntimeException | Error e) {
            claim.release();
            throw e;
        }
        this.receiver = HeartbeatReceiver.start(names.controlQueue(), heartbeats, out);
        SegmentCheck check = new SegmentCheck(names, heartbeats, builder.timeoutMs, builder.selfDestruct,
                builder.interactive, out, this::stop, cleanups::incrementAndGet);
        Supplier<KeyInput> keys = builder.keys;
        boolean interactive = builder.interactive;
        this.loop = new Thread(() -> runLoop(check, interactive ? keys : null), "shmmonitor");
        this.loop.setDaemon(true);
        this.loop.start();
    }

    /** A monitor for {@code names} (the main segment to watch is {@code names.mainSegment()}). */
    public static Builder builder(ShmNames names) {
        return new Builder(names);
    }

    /**
     * The cleanup sequence of PROTOCOL.md 5.6 for {@code names}, printing the reference's lines to
     * {@code out}: regions 1..N (the fix of defect D1), the management segment, the main segment,
     * the named mutex. Does not touch the control queue and works whether a monitor runs or not.
     * Thread-safe.
     */
    public static CleanupReport cleanup(ShmNames names, PrintStream out) {
        return Cleanup.run(names, out);
    }

    /** Removes the control queue (as {@code --cleanup} does after the cleanup); true if there was one. */
    public static boolean removeControlQueue(ShmNames names) {
        return Cleanup.removeControlQueue(names);
    }

    private void runLoop(SegmentCheck check, Supplier<KeyInput> keys) {
        try {
            if (keys != null) {
                new InteractiveSession(names, () -> tick(check), out, () -> terminating, this::stop).run(keys.get());
            } else {
                while (!terminating) {
                    pause(Protocol2017.MONITOR_CHECK_PERIOD_MS);
                    if (!terminating) {
                        tick(check);
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            terminating = true;
            release();
            terminated.countDown();
        }
    }

    /** One period: replace a wedged heartbeat receiver, then the segment check. */
    private void tick(SegmentCheck check) {
        HeartbeatReceiver current = receiver;
        if (current.isWedged()) {
            current.abandon();
            receiver = HeartbeatReceiver.start(names.controlQueue(), heartbeats, out);
            diagnostics.print("shmmonitor: a receive on \"" + names.controlQueue() + "\" has not returned for "
                    + HeartbeatReceiver.WEDGED_AFTER_MS + " ms (a process killed inside the queue left it locked); "
                    + "replaced it with a new queue\n");
            diagnostics.flush();
        }
        check.run();
    }

    private void pause(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long left;
        while (!terminating && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** 5.3 step 6: heartbeat thread (removes the queue), MonitorStatus, our own management segment. */
    private void release() {
        if (!receiver.stopAndJoin()) {
            diagnostics.print("shmmonitor: the receive on \"" + names.controlQueue() + "\" did not return (a process "
                    + "killed inside the queue left it locked); removed the queue without it\n");
            diagnostics.flush();
        }
        try {
            management.destroyMonitorStatus();
            if (createdManagementKey != null && management.findRegionCounter().isEmpty()
                    && ManagedSegmentProbe.probe(names.mainSegment()).kind() == ManagedSegmentProbe.Kind.ABSENT
                    && createdManagementKey.equals(ManagementClaim.fileKey(names.managementSegment()))) {
                ManagedSegment.remove(names.managementSegment());
            }
        } catch (ShmException e) {
            if (failure == null) {
                failure = e;
            }
        } finally {
            management.close();
        }
    }

    /** Requests the end of the monitor; returns at once. Idempotent, callable from any thread. */
    public void stop() {
        terminating = true;
        LockSupport.unpark(loop);
    }

    /** The reaction to SIGINT/SIGTERM (5.3 step 4): {@code signal: <n>} once, then stop. */
    void onSignal(int number) {
        if (signalled.compareAndSet(false, true)) {
            out.print("signal: " + number + "\n");
            out.flush();
        }
        stop();
    }

    /** Waits until the monitor has ended and released everything it owns. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Like {@link #awaitTermination()}, at most {@code timeout}; true if it ended. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** True until the monitor has ended and released everything. */
    public boolean isRunning() {
        return terminated.getCount() > 0;
    }

    /** What ended the monitor abnormally (an exception in its loop), if anything. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether a heartbeat arrived while the watched segment existed and no cleanup followed yet. */
    public boolean heartbeatSeen() {
        return heartbeats.seen();
    }

    /** Milliseconds since the last heartbeat, or empty if none ever arrived. */
    public Optional<Long> msSinceLastHeartbeat() {
        return heartbeats.everReceived() ? Optional.of(heartbeats.msSinceLast()) : Optional.empty();
    }

    @Override
    public String profile() {
        return "2017";
    }

    /** The prefix of the topology's names. */
    @Override
    public String topology() {
        return names.prefix();
    }

    /** The main and management segments now (see {@link WatchedTopology#read()}). */
    @Override
    public TopologyReading read() {
        return TopologyReader.read(names);
    }

    @Override
    public long nanosSinceLastHeartbeat() {
        return heartbeats.nanosSinceLast();
    }

    @Override
    public long cleanups() {
        return cleanups.get();
    }

    /** The names this monitor watches. */
    public ShmNames names() {
        return names;
    }

    /** {@link #stop()}, then waits for the end (uninterruptibly). */
    @Override
    public void close() {
        stop();
        boolean interrupted = false;
        while (isRunning()) {
            try {
                awaitTermination();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Settings of a monitor (PROTOCOL.md 5.1 defaults: timeout 5000 ms, no self-destruct, not
     * interactive, output to System.out). Not thread-safe; {@link #start()} may be called once.
     */
    public static final class Builder {
        private final ShmNames names;
        private boolean selfDestruct;
        private boolean interactive;
        private long timeoutMs = Protocol2017.MONITOR_DEFAULT_TIMEOUT_MS;
        private PrintStream out = System.out;
        private PrintStream diagnostics = System.err;
        private Supplier<KeyInput> keys = TerminalKeyInput::open;

        private Builder(ShmNames names) {
            this.names = Objects.requireNonNull(names, "names");
        }

        /** Quit once the watched segment disappears (after having been seen) or after a timeout cleanup. */
        public Builder selfDestruct(boolean selfDestruct) {
            this.selfDestruct = selfDestruct;
            return this;
        }

        /** Interactive mode: the table and keys of PROTOCOL.md 5.7 on {@link #output}, keys from {@link #keys}. */
        public Builder interactive(boolean interactive) {
            this.interactive = interactive;
            return this;
        }

        /** The heartbeat timeout, 0..2^32-1 ms (an unsigned int in the reference). */
        public Builder timeoutMs(long timeoutMs) {
            if (timeoutMs < 0 || timeoutMs > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("timeoutMs must be 0.." + 0xFFFF_FFFFL + ", got " + timeoutMs);
            }
            this.timeoutMs = timeoutMs;
            return this;
        }

        /** Where the monitor prints (default System.out). */
        public Builder output(PrintStream out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * Where the monitor reports what the reference does not print (default System.err): a
         * control queue left locked by a killed process and replaced.
         */
        public Builder diagnostics(PrintStream diagnostics) {
            this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
            return this;
        }

        /**
         * Where interactive mode reads keys (default: the terminal on standard input). For this
         * package's tests: {@link KeyInput} is internal, not exported by the module.
         */
        Builder keys(Supplier<KeyInput> keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * Claims the names and starts the monitor.
         *
         * @throws MonitorAlreadyRunningException if a MonitorStatus exists
         * @throws IllegalStateException if the management segment's name is taken by something else
         * @throws org.fairmq.ipc.ShmException if Boost fails
         */
        public Monitor start() {
            return new Monitor(this);
        }
    }

    @Override
    public String toString() {
        return "Monitor[" + names + (isRunning() ? ", running" : ", ended") + "]";
    }
}
