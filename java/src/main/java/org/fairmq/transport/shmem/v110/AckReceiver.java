package org.fairmq.transport.shmem.v110;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.LongAdder;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.protocol.v110.ProtocolV110;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgement reader of a region this process controls (PROTOCOL-V110.md 4.5): receives
 * from {@code rgq_<id>} with a 100 ms deadline in a loop and tells the listener about every block;
 * at {@link #close()} it drains for the region's linger (100 ms) before it ends. A listener that
 * throws is logged and the reader goes on. Thread-safe.
 */
final class AckReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AckReceiver.class);
    private static final long RECEIVE_TIMEOUT_MS = 100;

    private final MessageQueue queue;
    private final RegionAckListener listener;
    private final long lingerMs;
    private final LongAdder received = new LongAdder();
    private final Thread thread;
    private volatile boolean stopping;

    AckReceiver(MessageQueue queue, RegionAckListener listener, long lingerMs, int regionId) {
        this.queue = queue;
        this.listener = listener;
        this.lingerMs = lingerMs;
        this.thread = new Thread(this::run, "fairmq-v110-ack-receiver-" + regionId);
        thread.setDaemon(true);
        thread.start();
    }

    /** Blocks acknowledged to this region so far. */
    long received() {
        return received.sum();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) ProtocolV110.ACK_QUEUE_MESSAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (!stopping) {
                receiveOne(buffer, RECEIVE_TIMEOUT_MS);
            }
            long end = System.nanoTime() + lingerMs * 1_000_000;
            while (System.nanoTime() < end && receiveOne(buffer, Math.max(1, (end - System.nanoTime()) / 1_000_000))) {
                // drain what the viewers still send (4.5 "Stop")
            }
        } catch (RuntimeException e) {
            LOG.warn("region ack queue {}: {}; acknowledgements are not read any more", queue.name(), e.getMessage());
        }
    }

    private boolean receiveOne(ByteBuffer buffer, long timeoutMs) {
        buffer.clear();
        long n = queue.receive(buffer, timeoutMs);
        if (n < 0) {
            return false;
        }
        int blocks = (int) (n / ProtocolV110.REGION_BLOCK_SIZE);
        for (int i = 0; i < blocks; i++) {
            int at = i * ProtocolV110.REGION_BLOCK_SIZE;
            received.increment();
            try {
                listener.acknowledged(buffer.getLong(at), buffer.getLong(at + 8), buffer.getLong(at + 16));
            } catch (RuntimeException e) {
                LOG.warn("region ack listener failed: {}", e.toString());
            }
        }
        return true;
    }

    @Override
    public void close() {
        stopping = true;
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
