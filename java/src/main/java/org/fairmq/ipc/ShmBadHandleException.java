package org.fairmq.ipc;

/** A handle (from a frame, a peer or a caller) is not a chunk of the segment or region it names. */
public final class ShmBadHandleException extends ShmException {
    private static final long serialVersionUID = 1L;

    public ShmBadHandleException(String message) {
        super(message);
    }

    public ShmBadHandleException(String message, Throwable cause) {
        super(message, cause);
    }
}
