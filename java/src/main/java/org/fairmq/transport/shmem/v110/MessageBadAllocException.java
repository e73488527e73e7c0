package org.fairmq.transport.shmem.v110;

/**
 * {@code MessageBadAlloc} of PROTOCOL-V110.md 3.10: a message does not fit in the segment, or the
 * segment stayed full for the configured attempts ({@code --shm-throw-bad-alloc},
 * {@code --bad-alloc-max-attempts}), or the transport was interrupted while waiting.
 */
public final class MessageBadAllocException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MessageBadAllocException(String message) {
        super(message);
    }
}
