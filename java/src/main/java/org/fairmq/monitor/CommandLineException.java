package org.fairmq.monitor;

/**
 * A command line the monitor does not accept. The message is the text Boost.Program_options
 * 1.74 gives for the same mistake (its {@code what()}), so that the monitor fails exactly like
 * the C++ {@code shmmonitor}: {@code unrecognised option '--foo'}, {@code the argument ('abc')
 * for option '--timeout' is invalid}, ... (checked against real Boost by the golden tests).
 */
public final class CommandLineException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    CommandLineException(String message) {
        super(message);
    }
}
