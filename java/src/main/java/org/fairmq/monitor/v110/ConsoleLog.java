package org.fairmq.monitor.v110;

import java.io.PrintStream;
import org.fairmq.transport.shmem.v110.SessionCleanup;

/**
 * The monitor's console: bare lines on stdout, without {@code [time][SEVERITY]} (PROTOCOL-V110.md
 * 10, "Monitor"), filtered by the {@code --severity} threshold. Also the {@link SessionCleanup.Output}
 * of its cleanups (INFO removals, DEBUG "Did not remove", 2.5). Does not own the stream.
 * Thread-safe: the heartbeat thread, the signal thread and the loop share it; every line is
 * printed and flushed whole.
 */
public final class ConsoleLog implements SessionCleanup.Output {
    private final PrintStream out;
    private final Severity threshold;

    public ConsoleLog(PrintStream out, Severity threshold) {
        this.out = out;
        this.threshold = threshold;
    }

    /** Prints {@code line} if {@code severity} reaches the threshold. */
    public void log(Severity severity, String line) {
        if (threshold != Severity.NOLOG && severity.compareTo(threshold) >= 0) {
            print(line + "\n");
        }
    }

    /** Prints {@code text} as it is, whatever the threshold (what the reference writes with cout). */
    public void print(String text) {
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    @Override
    public void info(String line) {
        log(Severity.INFO, line);
    }

    @Override
    public void debug(String line) {
        log(Severity.DEBUG, line);
    }

    public void error(String line) {
        log(Severity.ERROR, line);
    }
}
