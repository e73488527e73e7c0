package org.fairmq.transport;

/**
 * A blocking transport operation that has no return code (allocating a message in a full segment)
 * gave up because the transport was interrupted (PROTOCOL.md 3.9, 4.7). The message is not created.
 */
public final class TransportInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransportInterruptedException(String message) {
        super(message);
    }
}
