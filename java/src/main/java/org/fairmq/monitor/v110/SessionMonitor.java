package org.fairmq.monitor.v110;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.ShmAlreadyExistsException;
import org.fairmq.ipc.ShmException;
import org.fairmq.monitor.TopologyReading;
import org.fairmq.monitor.WatchedTopology;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.terminal.KeyInput;
import org.fairmq.transport.shmem.v110.SessionCleanup;

/**
 * The instance part of the C++ {@code Monitor} (PROTOCOL-V110.md 6.2 steps 13-16, 6.4, 6.5): the
 * constructor claims the session by creating the named mutex {@code fmq_<id>_ms} with
 * {@code create_only} (unless view-only), {@link #run()} starts the heartbeat thread (unless
 * view-only) and runs the interactive loop ({@code -i}) or the watch loop ({@code -m}), and
 * {@link #close()} joins, runs {@code Cleanup} with {@code -e} and removes {@code _ms} (unless
 * view-only).
 *
 * <p>Ownership: owns the mutex name it created and its heartbeat thread. Thread-safety:
 * {@link #run()} and {@link #close()} are called by one thread; {@link #onSignal(int)} from any
 * thread (the signal handler); the heartbeat state is shared under this object's lock.
 */
public final class SessionMonitor implements AutoCloseable, WatchedTopology {
    /** The settings of one monitor: the C++ constructor's parameters (6.10). */
    public record Settings(ShmId shmId, boolean selfDestruct, boolean interactive, boolean viewOnly, long timeoutMs,
            long intervalMs, boolean monitor, boolean cleanOnExit) {}

    private final Settings settings;
    private final SessionNames names;
    private final ConsoleLog log;
    private final Supplier<KeyInput> keys;
    private final NamedMutex claim;
    private final CountDownLatch stop = new CountDownLatch(1);
    private Thread heartbeatThread;
    private final AtomicLong cleanups = new AtomicLong();

    // 6.4 heartbeat state, guarded by this
    private long lastHeartbeat;
    private boolean heartbeatSeen;
    private long lastChangeNanos;
    private boolean heartbeatEverSeen;

    /**
     * 6.2 step 13.
     *
     * @param keys where the interactive loop reads keys from (opened when {@link #run()} starts it)
     * @throws DaemonPresentException if {@code fmq_<id>_ms} exists, with the text of 6.2 step 13
     */
    public SessionMonitor(Settings settings, ConsoleLog log, Supplier<KeyInput> keys) {
        this.settings = settings;
        this.names = new SessionNames(settings.shmId());
        this.log = log;
        this.keys = keys;
        NamedMutex created = null;
        if (!settings.viewOnly()) {
            try {
                created = NamedMutex.createOnly(names.monitorMutex());
            } catch (ShmAlreadyExistsException e) {
                String id = settings.shmId().toString();
                // 6.2 step 13 (the text ends with the backquote; the interactive variant adds the -v hint)
                throw new DaemonPresentException("fairmq-shmmonitor for shm id " + id + " is already running. Try "
                        + "`fairmq-shmmonitor --cleanup --shmid " + id + "`"
                        + (settings.interactive() ? ", or run in view-only mode (-v)" : ""));
            }
        }
        this.claim = created;
    }

    /** 6.2 step 14: a SIGINT/SIGTERM prints {@code signal: <n>} (F3) and ends the loop. */
    public void onSignal(int number) {
        log.info("signal: " + number);
        stop.countDown();
    }

    /** Ends the loop as a signal would, without the line. */
    public void terminate() {
        stop.countDown();
    }

    boolean terminating() {
        return stop.getCount() == 0;
    }

    /** 6.2 step 15: heartbeat thread unless view-only, then the interactive or the watch loop; returns when it ends. */
    public void run() throws java.io.IOException {
        synchronized (this) {
            lastChangeNanos = System.nanoTime();
        }
        if (!settings.viewOnly()) {
            heartbeatThread = new Thread(this::readHeartbeats, "shmmonitor-heartbeats-" + settings.shmId());
            heartbeatThread.setDaemon(true);
            heartbeatThread.start();
        }
        if (settings.interactive()) {
            new InteractiveLoop(this, settings.shmId(), settings.viewOnly(), settings.intervalMs(), log).run(keys.get());
        } else {
            watch();
        }
    }

    /** 6.4 heartbeat thread: every 200 ms (sleep first) read {@code Heartbeat.fCount}; a change is a heartbeat. */
    private void readHeartbeats() {
        while (!sleep(ProtocolV110.MONITOR_HEARTBEAT_READ_MS)) {
            long count;
            try (ManagementSegment mng = ManagementSegment.openOnly(names.management())) {
                count = mng.heartbeatCount();
            } catch (ShmException e) {
                continue;
            }
            synchronized (this) {
                if (count != lastHeartbeat) {
                    lastHeartbeat = count;
                    heartbeatSeen = true;
                    heartbeatEverSeen = true;
                    lastChangeNanos = System.nanoTime();
                }
            }
        }
    }

    /** 6.4 watch loop, every 100 ms; returns when self-destructing or on a signal. */
    private void watch() {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs());
        boolean seenOnce = false;
        do {
            boolean opened = managementSegmentExists();
            long now = System.nanoTime();
            boolean timedOut;
            boolean neverSeen;
            synchronized (this) {
                if (opened) {
                    seenOnce = true;
                    timedOut = heartbeatSeen && now - lastChangeNanos > timeoutNanos;
                    if (timedOut) {
                        heartbeatSeen = false;
                    }
                    neverSeen = false;
                } else {
                    heartbeatSeen = false;
                    timedOut = false;
                    neverSeen = !seenOnce && now - lastChangeNanos > 2 * timeoutNanos;
                }
            }
            if (timedOut) {
                // 6.4
                log.info("no heartbeats since over " + settings.timeoutMs() + " milliseconds, cleaning...");
                SessionCleanup.cleanup(settings.shmId(), log);
                cleanups.incrementAndGet();
                if (settings.selfDestruct()) {
                    log.info("self destructing (segment has been observed and cleaned up by the monitor)");
                    return;
                }
            } else if (!opened && settings.selfDestruct()) {
                if (seenOnce) {
                    log.info("self destructing (segment has been observed and cleaned up orderly)");
                    return;
                }
                if (neverSeen) {
                    SessionCleanup.cleanup(settings.shmId(), log);
                    cleanups.incrementAndGet();
                    log.info("self destructing (no segments observed within (timeout * 2) since start)");
                    return;
                }
            }
        } while (!sleep(ProtocolV110.MONITOR_CHECK_PERIOD_MS));
    }

    @Override
    public String profile() {
        return "1.10";
    }

    /** The shm id of the session. */
    @Override
    public String topology() {
        return settings.shmId().toString();
    }

    /** The session's segments now (see {@link WatchedTopology#read()}). */
    @Override
    public TopologyReading read() {
        return SessionReader.read(settings.shmId());
    }

    /** -1 also in view-only mode, which reads no heartbeats. */
    @Override
    public synchronized long nanosSinceLastHeartbeat() {
        return heartbeatEverSeen ? System.nanoTime() - lastChangeNanos : -1;
    }

    @Override
    public long cleanups() {
        return cleanups.get();
    }

    private boolean managementSegmentExists() {
        try (ManagementSegment mng = ManagementSegment.openOnly(names.management())) {
            return true;
        } catch (ShmException e) {
            return false;
        }
    }

    /** Sleeps {@code ms}; true if the monitor is terminating (a signal or {@code q}). */
    boolean sleep(long ms) {
        try {
            return stop.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** 6.2 step 16: join, {@code Cleanup} with {@code -e}, remove {@code _ms} unless view-only. */
    @Override
    public void close() {
        stop.countDown();
        if (heartbeatThread != null) {
            boolean interrupted = false;
            while (heartbeatThread.isAlive()) {
                try {
                    heartbeatThread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (settings.cleanOnExit()) {
            SessionCleanup.cleanup(settings.shmId(), log);
        }
        if (claim != null) {
            claim.close();
            NamedMutex.remove(names.monitorMutex());
        }
    }
}
