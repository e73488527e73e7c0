package org.fairmq.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Key presses from standard input. If standard input is a terminal it is switched to
 * non-canonical input ({@code stty -icanon min 1 time 0}: a key is available without Enter) and
 * restored to its saved state ({@code stty -g}) on {@link #close()}, and by a shutdown hook if the
 * JVM exits first. Echo stays on, as in the reference (which clears only ICANON). Standard input
 * that is not a terminal (a pipe, /dev/null) is read as it is; at its end no key ever arrives.
 * Used by one thread; {@link #close()} is idempotent and safe from the shutdown hook.
 */
public final class TerminalKeyInput implements KeyInput {
    private static final long POLL_STEP_MS = 10;

    private final InputStream in;
    private final String savedMode;
    private final Thread restoreHook;
    private boolean restored;

    private TerminalKeyInput(InputStream in, String savedMode) {
        this.in = in;
        this.savedMode = savedMode;
        this.restoreHook = savedMode == null ? null : new Thread(this::restore, "shmmonitor-terminal-restore");
    }

    /** Switches the terminal (if standard input is one) and returns the input. */
    public static TerminalKeyInput open() {
        String saved = stty("-g");
        TerminalKeyInput input = new TerminalKeyInput(System.in, saved == null ? null : saved.trim());
        if (input.restoreHook != null) {
            Runtime.getRuntime().addShutdownHook(input.restoreHook);
            if (stty("-icanon", "min", "1", "time", "0") == null) {
                input.close();
                return new TerminalKeyInput(System.in, null);
            }
        }
        return input;
    }

    @Override
    public int poll(long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            if (in.available() > 0) {
                return in.read();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_STEP_MS, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    @Override
    public void close() {
        if (restoreHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(restoreHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
        }
        restore();
    }

    private synchronized void restore() {
        if (savedMode != null && !restored) {
            restored = true;
            stty(savedMode);
        }
    }

    /** Runs stty on our standard input; its output, or null if it failed (not a terminal). */
    private static String stty(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "stty";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
