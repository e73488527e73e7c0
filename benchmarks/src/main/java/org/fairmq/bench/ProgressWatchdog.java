package org.fairmq.bench;

import org.fairmq.transport.TransportFactory;

/**
 * Interrupts a transport when the run's progress counter did not move for the timeout (blocking
 * calls never give up by themselves). {@link #progress} is a volatile write: call it every few
 * messages, not for each.
 */
final class ProgressWatchdog implements AutoCloseable {
    private final Thread thread;
    private volatile long progress;

    ProgressWatchdog(String name, TransportFactory transport, long timeoutMs) {
        long timeoutNs = timeoutMs * 1_000_000;
        thread = new Thread(() -> {
            long seen = -1;
            long since = System.nanoTime();
            try {
                for (;;) {
                    Thread.sleep(200);
                    long now = System.nanoTime();
                    if (progress != seen) {
                        seen = progress;
                        since = now;
                    } else if (now - since > timeoutNs) {
                        System.err.println(name + ": no progress for " + timeoutMs + " ms");
                        transport.interrupt();
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // the run ended
            }
        }, name + "-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void progress(long n) {
        progress = n;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
