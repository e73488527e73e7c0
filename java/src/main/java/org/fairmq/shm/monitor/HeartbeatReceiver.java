package org.fairmq.shm.monitor;

import java.io.PrintStream;
import org.fairmq.shm.ipc.MessageQueue;
import org.fairmq.shm.ipc.ShmException;
import org.fairmq.shm.protocol.Protocol2017;

/**
 * The monitor's heartbeat thread (PROTOCOL.md 5.4): opens or creates the control queue (1000
 * messages of 1 byte), receives with a 100 ms deadline until stopped, and records every message
 * as a heartbeat; a Boost error is printed and ends the thread. On exit it removes the control
 * queue, which the monitor owns.
 *
 * <p>Owns one daemon thread from {@link #start} until {@link #stopAndJoin()} returns. The
 * heartbeat state is read by the segment check from another thread: both fields are volatile
 * (the reference shares them unsynchronised, D32). Thread-safe.
 */
final class HeartbeatReceiver {
    private final String queueName;
    private final PrintStream out;
    private final Thread thread;
    private volatile boolean running = true;
    /** "heartbeat seen" of 5.4/5.5: set here, cleared by the segment check. */
    private volatile boolean seen;
    /** System.nanoTime() of the last heartbeat; meaningful only once {@link #everReceived}. */
    private volatile long lastNanos;
    private volatile boolean everReceived;

    private HeartbeatReceiver(String queueName, PrintStream out) {
        this.queueName = queueName;
        this.out = out;
        this.thread = new Thread(this::loop, "shmmonitor-heartbeats");
        this.thread.setDaemon(true);
    }

    static HeartbeatReceiver start(String queueName, PrintStream out) {
        HeartbeatReceiver receiver = new HeartbeatReceiver(queueName, out);
        receiver.thread.start();
        return receiver;
    }

    private void loop() {
        try (MessageQueue queue = MessageQueue.openOrCreate(queueName, Protocol2017.CONTROL_QUEUE_CAPACITY,
                Protocol2017.CONTROL_QUEUE_MESSAGE_SIZE)) {
            while (running) {
                if (queue.receiveByte(Protocol2017.MONITOR_RECEIVE_TIMEOUT_MS) >= 0) {
                    lastNanos = System.nanoTime();
                    everReceived = true;
                    seen = true;
                }
            }
        } catch (ShmException e) {
            out.print(e.getMessage() + "\n");
            out.flush();
        } finally {
            try {
                MessageQueue.remove(queueName);
            } catch (ShmException ignored) {
                // nothing left to remove
            }
        }
    }

    /** Whether a heartbeat arrived since the last {@link #clearSeen()} ("heartbeat seen"). */
    boolean seen() {
        return seen;
    }

    void clearSeen() {
        seen = false;
    }

    /**
     * Milliseconds since the last heartbeat. Before the first one, like the reference, the time
     * since the clock's epoch (a meaningless large number, D32); callers that show it truncate it
     * to 32 bits as the reference does.
     */
    long msSinceLast() {
        if (!everReceived) {
            return System.currentTimeMillis();
        }
        return (System.nanoTime() - lastNanos) / 1_000_000L;
    }

    /** Whether any heartbeat arrived since the start. */
    boolean everReceived() {
        return everReceived;
    }

    /** Stops receiving (at most one receive deadline later) and waits for the queue's removal. */
    void stopAndJoin() {
        running = false;
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
