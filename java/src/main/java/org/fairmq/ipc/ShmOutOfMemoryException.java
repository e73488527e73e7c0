package org.fairmq.ipc;

/** The segment cannot satisfy an allocation (full, fragmented, or a request larger than the segment). */
public final class ShmOutOfMemoryException extends ShmException {
    private static final long serialVersionUID = 1L;

    public ShmOutOfMemoryException(String message) {
        super(message);
    }

    public ShmOutOfMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
