package org.fairmq.terminal;

/**
 * Where interactive programs (the monitor, PROTOCOL.md 5.7; devices, 6.6.4) get their key presses from: one byte at a time,
 * polled. The default reads the process's terminal ({@link TerminalKeyInput}); tests supply
 * their own. Internal: not exported by the module. Used by one thread;
 * {@link #close()} is called exactly once, when interactive mode ends, however it ends.
 */
public interface KeyInput extends AutoCloseable {
    /**
     * The next byte typed, or -1 if none arrived within {@code timeoutMs}.
     *
     * @throws java.io.IOException if the input failed; the monitor then stops with that failure
     */
    int poll(long timeoutMs) throws java.io.IOException;

    /** Gives the input back (the terminal's mode is restored). Must not throw. */
    @Override
    void close();
}
