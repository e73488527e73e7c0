package org.fairmq.monitor.v110;

/**
 * {@code Monitor::DaemonPresent} (PROTOCOL-V110.md 6.2 step 13, 6.10): the monitor's named mutex
 * {@code fmq_<id>_ms} already exists, so another monitor (or a stale one) holds the session.
 * The message is the reference's ERROR text; the program exits 0 after printing it (6.8).
 */
public final class DaemonPresentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DaemonPresentException(String message) {
        super(message);
    }
}
