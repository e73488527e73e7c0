package org.fairmq.monitor;

/**
 * What the monitor knows about heartbeats (PROTOCOL.md 5.4/5.5): "heartbeat seen" (set by the
 * receiver, cleared by the segment check) and the time of the last one. Written by the heartbeat
 * receiver thread, read and cleared by the loop thread: all fields are volatile (the reference
 * shares them unsynchronised, D32), and the time is written before the flags that publish it.
 */
final class HeartbeatState {
    private volatile boolean seen;
    private volatile boolean everReceived;
    /** System.nanoTime() of the last heartbeat; meaningful once {@link #everReceived}. */
    private volatile long lastNanos;

    void received() {
        lastNanos = System.nanoTime();
        everReceived = true;
        seen = true;
    }

    /** Whether a heartbeat arrived since the last {@link #clearSeen()}. */
    boolean seen() {
        return seen;
    }

    void clearSeen() {
        seen = false;
    }

    boolean everReceived() {
        return everReceived;
    }

    /** Nanoseconds since the last heartbeat; -1 before the first. */
    long nanosSinceLast() {
        return everReceived ? System.nanoTime() - lastNanos : -1;
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
}
