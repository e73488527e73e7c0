package org.fairmq.ipc;

/** The named object does not exist (open_only of a missing segment, queue, mutex or region). */
public final class ShmNotFoundException extends ShmException {
    private static final long serialVersionUID = 1L;

    public ShmNotFoundException(String message) {
        super(message);
    }

    public ShmNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
