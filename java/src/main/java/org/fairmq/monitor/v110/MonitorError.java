package org.fairmq.monitor.v110;

/**
 * {@code Monitor::MonitorError} (PROTOCOL-V110.md 6.10): a query of {@link MonitorV110} that could
 * not find what it was asked about; the message is the reference's text.
 */
public final class MonitorError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MonitorError(String message) {
        super(message);
    }
}
