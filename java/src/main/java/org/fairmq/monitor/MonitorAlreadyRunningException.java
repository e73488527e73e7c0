package org.fairmq.monitor;

/**
 * Another monitor owns the names: the management segment holds a {@code MonitorStatus}
 * (PROTOCOL.md 5.3 step 2), either because a monitor runs or because one was killed (D33; then
 * {@code --cleanup} helps). The message is the reference's line, which {@code shmmonitor} prints
 * before exiting with code 1.
 */
public final class MonitorAlreadyRunningException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The reference's text, verbatim (PROTOCOL.md 5.3). */
    public static final String MESSAGE =
            "shmmonitor already started or not properly exited. Try `shmmonitor --cleanup`";

    MonitorAlreadyRunningException() {
        super(MESSAGE);
    }
}
