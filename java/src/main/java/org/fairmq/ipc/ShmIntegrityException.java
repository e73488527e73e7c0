package org.fairmq.ipc;

/**
 * Boost reported the segment's allocator inconsistent (one of its assertions fired), so this process
 * stopped using the segment: every later allocation and free is refused with this exception rather
 * than changing an allocator that may be corrupt. The remedy is to end the topology's devices and
 * remove the segment ({@code fairmq-shmmonitor --cleanup}).
 */
public final class ShmIntegrityException extends ShmException {
    private static final long serialVersionUID = 1L;

    public ShmIntegrityException(String message) {
        super(message);
    }

    public ShmIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
