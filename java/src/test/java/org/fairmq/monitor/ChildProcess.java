package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose stdout lines (and stderr, separately) are collected by background threads,
 * each with the System.nanoTime() of its arrival. Test support; thread-safe; close() kills.
 */
public final class ChildProcess implements AutoCloseable {
    /** One line of output and when it arrived. */
    public record Line(String text, long nanos) {}

    private final String name;
    private final Process process;
    private final List<Line> out = new ArrayList<>();
    private final List<Line> err = new ArrayList<>();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        pump(process.getInputStream(), out, name + "-stdout");
        pump(process.getErrorStream(), err, name + "-stderr");
    }

    public static ChildProcess start(String name, ProcessBuilder builder) {
        try {
            return new ChildProcess(name, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + builder.command(), e);
        }
    }

    private void pump(java.io.InputStream stream, List<Line> into, String threadName) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (this) {
                        into.add(new Line(line, System.nanoTime()));
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until stdout has a line equal to {@code text}; returns it. */
    public Line awaitLine(String text, long timeoutMs) throws InterruptedException {
        return await(out, line -> line.equals(text), "line \"" + text + "\"", timeoutMs);
    }

    /** Waits until stdout has a line starting with {@code prefix}; returns it. */
    public Line awaitLineStartingWith(String prefix, long timeoutMs) throws InterruptedException {
        return await(out, line -> line.startsWith(prefix), "line starting with \"" + prefix + "\"", timeoutMs);
    }

    /** Waits until stdout has a line containing {@code text}; returns it. */
    public Line awaitLineContaining(String text, long timeoutMs) throws InterruptedException {
        return await(out, line -> line.contains(text), "line containing \"" + text + "\"", timeoutMs);
    }

    /** Waits until stderr has a line containing {@code text}; returns it. */
    public Line awaitErrorLineContaining(String text, long timeoutMs) throws InterruptedException {
        return await(err, line -> line.contains(text), "stderr line containing \"" + text + "\"", timeoutMs);
    }

    /** Waits until {@code lines} has one that {@code matches}; fails the test after {@code timeoutMs}. */
    private synchronized Line await(List<Line> lines, java.util.function.Predicate<String> matches, String what,
            long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            for (Line line : lines) {
                if (matches.test(line.text())) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(name + ": no " + what + " within " + timeoutMs + " ms; stdout " + lines() + ", stderr "
                        + errorLines());
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** The exit code, waiting at most {@code timeoutMs}; fails the test if it does not end. */
    public int exitCode(long timeoutMs) throws InterruptedException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            fail(name + " did not end within " + timeoutMs + " ms; stdout " + lines() + ", stderr " + errorLines());
        }
        int code = process.exitValue();
        Thread.sleep(50); // let the pumps read the last lines
        return code;
    }

    public synchronized List<String> lines() {
        return out.stream().map(Line::text).toList();
    }

    public synchronized List<Line> timedLines() {
        return List.copyOf(out);
    }

    public synchronized List<String> errorLines() {
        return err.stream().map(Line::text).toList();
    }

    /** Sends a signal by name (INT, TERM, KILL) with kill(1). */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            fail("kill -s " + signal + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL, waiting until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
