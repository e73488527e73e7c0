package org.fairmq.ipc;

/** A timed operation did not complete before its deadline. */
public final class ShmTimeoutException extends ShmException {
    private static final long serialVersionUID = 1L;

    public ShmTimeoutException(String message) {
        super(message);
    }

    public ShmTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
