package org.fairmq.ipc;

/**
 * A shared-memory operation failed. The message names the operation and the object, e.g.
 * {@code managed_shared_memory open_only "fairmq_shmem_main": No such file or directory}.
 * Subclasses tell the common kinds apart; this class itself stands for "other".
 */
public class ShmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShmException(String message) {
        super(message);
    }

    public ShmException(String message, Throwable cause) {
        super(message, cause);
    }
}
