package org.fairmq.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose stdout and stderr (merged) are collected line by line by a background
 * thread; tests wait for a line or for the exit, never for a fixed time. Thread-safe; close() kills.
 */
public final class OutputLines implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private OutputLines(Process process) {
        this.process = process;
        Thread pump = new Thread(this::pump, "output-lines-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code builder} with its stderr merged into its stdout. */
    public static OutputLines start(ProcessBuilder builder) {
        try {
            return new OutputLines(builder.redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    public Process process() {
        return process;
    }

    /** Waits for a line containing {@code text}; fails the test after {@code timeoutMs} or at end of output. */
    public synchronized String awaitContaining(String text, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (int seen = 0;; ) {
            for (; seen < lines.size(); seen++) {
                if (lines.get(seen).contains(text)) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                fail("no line containing \"" + text + "\" " + (ended ? "before the end of output" : "within "
                        + timeoutMs + " ms") + "; output:\n" + text());
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** The exit code once the process ended and its output was read; fails the test after {@code timeoutMs}. */
    public int exitCode(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            fail("did not end within " + timeoutMs + " ms; output:\n" + text());
        }
        synchronized (this) {
            long left;
            while (!ended && (left = deadline - System.nanoTime()) > 0) {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return process.exitValue();
    }

    /** All output so far, one line each. */
    public synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
