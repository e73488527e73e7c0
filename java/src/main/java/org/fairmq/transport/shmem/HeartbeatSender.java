package org.fairmq.transport.shmem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.Protocol2017;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat thread of a shmem transport (PROTOCOL.md 2.3): re-opens the control queue on every
 * iteration; when it is missing (no monitor) waits 500 ms; otherwise sends one byte {@code true}
 * with a 100 ms deadline and sleeps 100 ms; on a full queue logs "control queue timeout" and
 * retries at once. Heartbeats are anonymous.
 *
 * <p>Owns one daemon thread from {@link #start} to {@link #close()}; {@code close} wakes it and
 * waits for it at most {@link #CLOSE_BOUND_MS}. A send can block for good inside Boost (the queue's
 * process-shared mutex left locked by a process killed inside the queue; Boost 1.74 locks it
 * without a deadline): then close logs that and returns, and the daemon thread is left behind (it
 * holds nothing but its own mapping of the queue). Thread-safe.
 */
public final class HeartbeatSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);

    /** Longer than one send deadline plus one pause of the loop. */
    public static final long CLOSE_BOUND_MS = 2000;

    private final String queueName;
    private final Path queueFile;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lastSentNanos;
    private volatile boolean sentOnce;

    private HeartbeatSender(String queueName) {
        this.queueName = queueName;
        this.queueFile = Path.of("/dev/shm", queueName); // where Boost puts it on Linux (PROTOCOL.md 1.1)
        this.thread = new Thread(this::loop, "shmem-heartbeat");
        this.thread.setDaemon(true);
    }

    /** Starts sending heartbeats to {@code queueName} (the control queue). */
    public static HeartbeatSender start(String queueName) {
        HeartbeatSender sender = new HeartbeatSender(queueName);
        sender.thread.start();
        return sender;
    }

    private void loop() {
        while (running) {
            if (!Files.exists(queueFile)) {
                // no monitor: back off without building an exception every 500 ms
                pause(Protocol2017.HEARTBEAT_NO_QUEUE_BACKOFF_MS);
                continue;
            }
            MessageQueue queue;
            try {
                queue = MessageQueue.openOnly(queueName);
            } catch (ShmException noMonitor) {
                pause(Protocol2017.HEARTBEAT_NO_QUEUE_BACKOFF_MS);
                continue;
            }
            try (queue) {
                if (queue.sendByte(Protocol2017.HEARTBEAT_VALUE, Protocol2017.HEARTBEAT_SEND_TIMEOUT_MS)) {
                    lastSentNanos = System.nanoTime();
                    sentOnce = true;
                    pause(Protocol2017.HEARTBEAT_PERIOD_MS);
                } else {
                    LOG.debug("control queue timeout");
                }
            } catch (ShmException e) {
                // the monitor removed the queue between open and send: treat as missing
                pause(Protocol2017.HEARTBEAT_NO_QUEUE_BACKOFF_MS);
            }
        }
    }

    private void pause(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long left;
        while (running && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** Nanoseconds since the last heartbeat that reached the control queue; -1 if none did (no monitor). Any thread. */
    public long nanosSinceLastSent() {
        return sentOnce ? System.nanoTime() - lastSentNanos : -1;
    }

    /**
     * Stops the thread and waits for it, at most {@link #CLOSE_BOUND_MS}; true if it ended. A thread
     * still blocked in a send then is reported and left behind.
     */
    public boolean stop() {
        running = false;
        LockSupport.unpark(thread);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_BOUND_MS);
        boolean interrupted = false;
        long left;
        while (thread.isAlive() && (left = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("shmem: the heartbeat thread did not end within {} ms: it is blocked in a send to \"{}\" (a process"
                    + " killed inside the queue left its lock held?); leaving it behind", CLOSE_BOUND_MS, queueName);
            return false;
        }
        return true;
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }
}
