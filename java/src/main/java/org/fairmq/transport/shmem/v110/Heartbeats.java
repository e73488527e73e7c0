package org.fairmq.transport.shmem.v110;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.protocol.v110.ProtocolV110;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat thread of one transport (PROTOCOL-V110.md 2.2): increments the session's Heartbeat
 * every 100 ms until closed; woken at once by {@link #close()}. A failed beat is logged and the
 * thread goes on (a monitor cleans up after 2 or 5 s without one). Thread-safe.
 */
final class Heartbeats implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile long lastBeatNanos;
    private volatile boolean beatOnce;

    private Heartbeats(ManagementSegment management) {
        this.thread = new Thread(() -> run(management), "fairmq-v110-heartbeats");
        thread.setDaemon(true);
    }

    static Heartbeats start(ManagementSegment management) {
        Heartbeats heartbeats = new Heartbeats(management);
        heartbeats.thread.start();
        return heartbeats;
    }

    private void run(ManagementSegment management) {
        boolean failing = false;
        try {
            do {
                try {
                    management.beat();
                    lastBeatNanos = System.nanoTime();
                    beatOnce = true;
                    failing = false;
                } catch (RuntimeException e) {
                    if (!failing) {
                        LOG.error("shmem: could not send a heartbeat in {}: {}", management.name(), e.getMessage());
                    }
                    failing = true;
                }
            } while (!stop.await(ProtocolV110.HEARTBEAT_PERIOD_MS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Nanoseconds since the last successful heartbeat; -1 before the first. Any thread. */
    long nanosSinceLastBeat() {
        return beatOnce ? System.nanoTime() - lastBeatNanos : -1;
    }

    /** Stops and joins the thread (2.3 step 2). */
    @Override
    public void close() {
        stop.countDown();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
