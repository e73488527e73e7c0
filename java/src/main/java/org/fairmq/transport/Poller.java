package org.fairmq.transport;

/**
 * Polls a fixed list of sockets for the events of their types (PROTOCOL.md 4.8). Not thread-safe.
 */
public interface Poller extends AutoCloseable {
    /** Waits up to {@code timeoutMs} for any event; returns the number of sockets with events. */
    int poll(long timeoutMs);

    /** Whether socket {@code index} (in construction order) can receive. */
    boolean checkInput(int index);

    /** Whether socket {@code index} can send. */
    boolean checkOutput(int index);

    @Override
    void close();
}
