package org.fairmq.transport.shmem.v110;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.v110.ProtocolV110;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgement sender of one region in this process (PROTOCOL-V110.md 4.5): released blocks
 * are collected and sent to {@code rgq_<id>} as queue messages of up to 256 RegionBlocks
 * {i64 handle, u64 size, u64 hint} (24 bytes each, priority 0), when 256 are pending or at the
 * latest 500 ms after the first; the rest at {@link #close()}. A full queue (a controller that does
 * not read, S20) is retried until closed; what is still pending then is dropped and logged.
 * {@link #add} is thread-safe and allocates nothing once the pending list has grown.
 */
final class AckSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AckSender.class);
    private static final int FIELDS = 3;
    private static final long SEND_TIMEOUT_MS = 100;

    private final MessageQueue queue;
    private final Thread thread;
    private final ByteBuffer message = ByteBuffer.allocateDirect((int) ProtocolV110.ACK_QUEUE_MESSAGE_SIZE)
            .order(ByteOrder.LITTLE_ENDIAN);
    private long[] pending = new long[FIELDS * ProtocolV110.ACKS_PER_MESSAGE];
    private int count;
    private long firstPendingNanos;
    private boolean stopping;
    private long sent;

    AckSender(MessageQueue queue, int regionId) {
        this.queue = queue;
        this.thread = new Thread(this::run, "fairmq-v110-acks-" + regionId);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the acknowledgement of one released block. */
    synchronized void add(long handle, long size, long hint) {
        if (count * FIELDS == pending.length) {
            long[] grown = new long[pending.length * 2];
            System.arraycopy(pending, 0, grown, 0, pending.length);
            pending = grown;
        }
        int at = count * FIELDS;
        pending[at] = handle;
        pending[at + 1] = size;
        pending[at + 2] = hint;
        if (count++ == 0) {
            firstPendingNanos = System.nanoTime();
        }
        if (count >= ProtocolV110.ACKS_PER_MESSAGE) {
            notifyAll();
        }
    }

    /** Blocks acknowledged so far (sent to the queue). */
    synchronized long sent() {
        return sent;
    }

    private void run() {
        try {
            for (;;) {
                int n;
                synchronized (this) {
                    while (!stopping && !due()) {
                        long waitMs = count == 0 ? ProtocolV110.ACK_FLUSH_MS
                                : Math.max(1, ProtocolV110.ACK_FLUSH_MS - (System.nanoTime() - firstPendingNanos) / 1_000_000);
                        wait(waitMs);
                    }
                    if (count == 0) {
                        if (stopping) {
                            return;
                        }
                        continue;
                    }
                    n = takeFromTheEnd();
                }
                if (!sendAll(n)) {
                    return; // stopping with a full queue: the rest is dropped
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ShmException e) {
            LOG.warn("region ack queue {} no longer usable ({}); not sending acks", queue.name(), e.getMessage());
        }
    }

    private boolean due() {
        return count >= ProtocolV110.ACKS_PER_MESSAGE
                || (count > 0 && System.nanoTime() - firstPendingNanos >= ProtocolV110.ACK_FLUSH_MS * 1_000_000);
    }

    /** Moves up to 256 blocks from the end of the pending list into {@link #message} (4.5, S21). */
    private int takeFromTheEnd() {
        int n = Math.min(count, ProtocolV110.ACKS_PER_MESSAGE);
        message.clear();
        for (int i = count - n; i < count; i++) {
            int at = i * FIELDS;
            message.putLong(pending[at]).putLong(pending[at + 1]).putLong(pending[at + 2]);
        }
        message.flip();
        count -= n;
        if (count > 0) {
            firstPendingNanos = System.nanoTime();
        }
        return n;
    }

    private boolean sendAll(int n) throws InterruptedException {
        while (!queue.send(message, 0, SEND_TIMEOUT_MS)) {
            synchronized (this) {
                if (stopping) {
                    LOG.warn("region ack queue {} is full at the end: {} acknowledgement(s) dropped", queue.name(),
                            n + count);
                    return false;
                }
            }
        }
        synchronized (this) {
            sent += n;
        }
        return true;
    }

    /** Sends what is pending (as far as the queue takes it), then stops the thread. */
    @Override
    public void close() {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
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
