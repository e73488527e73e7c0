package org.fairmq.monitor;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.Protocol2017;

/**
 * The monitor's heartbeat thread (PROTOCOL.md 5.4): opens or creates the control queue (1000
 * messages of 1 byte), receives with a 100 ms deadline until stopped, and records every message
 * in the {@link HeartbeatState}; a Boost error is printed and ends the thread. On exit it removes
 * the control queue, which the monitor owns.
 *
 * <p>A process killed while it was inside the queue (sending a heartbeat) can leave the queue's
 * process-shared mutex or condition variable locked, and then a receive never returns, deadline or
 * not (PROTOCOL.md 2.4 describes the same for segments). {@link #isWedged} tells when a receive
 * has not returned for {@link #WEDGED_AFTER_MS}; the monitor then {@link #abandon()}s this
 * receiver, whose thread stays blocked (it is a daemon) and will not touch the queue's name
 * again, and starts a new one on a fresh queue.
 *
 * <p>Owns one daemon thread from {@link #start} until it ends. Thread-safe.
 */
final class HeartbeatReceiver {
    /** A receive that has not returned after this long (its deadline is 100 ms) is stuck for good. */
    static final long WEDGED_AFTER_MS = 1000;

    private final String queueName;
    private final HeartbeatState state;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean abandoned;
    /** System.nanoTime() when the current receive began, or 0 outside a receive. */
    private volatile long callStartedNanos;

    private HeartbeatReceiver(String queueName, HeartbeatState state, PrintStream out) {
        this.queueName = queueName;
        this.state = state;
        this.out = out;
        this.thread = new Thread(this::loop, "shmmonitor-heartbeats");
        this.thread.setDaemon(true);
    }

    static HeartbeatReceiver start(String queueName, HeartbeatState state, PrintStream out) {
        HeartbeatReceiver receiver = new HeartbeatReceiver(queueName, state, out);
        receiver.thread.start();
        return receiver;
    }

    private void loop() {
        try (MessageQueue queue = MessageQueue.openOrCreate(queueName, Protocol2017.CONTROL_QUEUE_CAPACITY,
                Protocol2017.CONTROL_QUEUE_MESSAGE_SIZE)) {
            while (running) {
                callStartedNanos = System.nanoTime();
                int received = queue.receiveByte(Protocol2017.MONITOR_RECEIVE_TIMEOUT_MS);
                callStartedNanos = 0;
                if (received >= 0 && !abandoned) {
                    state.received();
                }
            }
        } catch (ShmException e) {
            if (!abandoned) {
                out.print(e.getMessage() + "\n");
                out.flush();
            }
        } finally {
            callStartedNanos = 0;
            if (!abandoned) {
                removeQueue();
            }
        }
    }

    private void removeQueue() {
        try {
            MessageQueue.remove(queueName);
        } catch (ShmException ignored) {
            // nothing left to remove
        }
    }

    /** True if the current receive has been blocked for longer than {@link #WEDGED_AFTER_MS}. */
    boolean isWedged() {
        long started = callStartedNanos;
        return started != 0 && System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(WEDGED_AFTER_MS);
    }

    /**
     * Gives up on a wedged receiver: its heartbeats no longer count, it will not remove the queue,
     * and the queue's name is removed now so that devices (which re-open it by name for every
     * heartbeat, 2.3) find the replacement's queue.
     */
    void abandon() {
        abandoned = true;
        running = false;
        removeQueue();
    }

    /**
     * Stops receiving and waits for the queue's removal, at most {@link #WEDGED_AFTER_MS}; a receiver
     * that does not end by then is abandoned (the queue's name is removed anyway).
     *
     * @return true if the thread ended, false if it had to be abandoned
     */
    boolean stopAndJoin() {
        running = false;
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WEDGED_AFTER_MS);
        while (thread.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                abandon();
                break;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !abandoned;
    }
}
