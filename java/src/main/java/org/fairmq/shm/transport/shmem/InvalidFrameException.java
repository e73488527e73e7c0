package org.fairmq.shm.transport.shmem;

import org.fairmq.shm.ipc.ShmException;

/**
 * A received frame is not a valid shmem message: wrong length, a handle outside the segment, a size
 * running past its end, an unknown region (PROTOCOL.md 3.1, D18). Reported for that frame only;
 * nothing is freed, and the socket keeps working.
 */
public final class InvalidFrameException extends ShmException {
    private static final long serialVersionUID = 1L;

    public InvalidFrameException(String message) {
        super(message);
    }

    public InvalidFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
