package org.fairmq.transport;

/** Return codes of send and receive (PROTOCOL.md 4.6); results >= 0 are byte counts. */
public final class Transfer {
    private Transfer() {}

    /** Context terminated, interrupted on entry (shmem send), or another error. */
    public static final long ERROR = -1;
    /** Would block, timed out, or interrupted while waiting. */
    public static final long TIMEOUT = -2;
}
