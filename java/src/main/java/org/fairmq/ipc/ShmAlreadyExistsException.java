package org.fairmq.ipc;

/** The named object exists already (create_only, or a second unique instance). */
public final class ShmAlreadyExistsException extends ShmException {
    private static final long serialVersionUID = 1L;

    public ShmAlreadyExistsException(String message) {
        super(message);
    }

    public ShmAlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
