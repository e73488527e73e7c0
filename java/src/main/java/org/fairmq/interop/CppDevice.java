package org.fairmq.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code fairmq-interop-device}, the C++ device peer of interop-tests/ (Boost and libzmq only):
 * waits for its {@code READY} line, collects {@code REJECTED}/{@code HOSTILE} lines, and parses its
 * {@code SUMMARY}. Owns the child process; {@link #close()} kills it if still running.
 */
public final class CppDevice implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private CppDevice(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "cpp-device-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the device with these options (see interop-tests/README.md). */
    public static CppDevice start(Path executable, List<String> options) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("C++ device peer not found at " + executable
                    + " (build it: cmake -S . -B build && cmake --build build)");
        }
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(options);
        try {
            return new CppDevice(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits for the {@code READY} line (shared memory attached, socket bound or connected). */
    public void awaitReady(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (;;) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("C++ device not READY within " + timeoutMs + " ms; output: " + all
                        + (process.isAlive() ? "" : ", exit code " + process.exitValue()));
            }
            if (line.equals("READY")) {
                return;
            }
        }
    }

    /** Waits for the process to end and for its last output line to be read; returns its exit code. */
    public int awaitExit(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("C++ device did not finish within " + timeoutMs + " ms; output: " + all);
        }
        // the SUMMARY line may still be in the pipe: wait for end of stream, not for a fixed time
        reader.join(Math.max(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (reader.isAlive()) {
            throw new IllegalStateException("C++ device exited with " + process.exitValue()
                    + " but its stdout did not end within " + timeoutMs + " ms; output so far: " + all);
        }
        return process.exitValue();
    }

    /** The fields of the {@code SUMMARY} line (role, msgs, parts, bytes, checksum, errors, free_before, free_after). */
    public Map<String, String> summary() {
        synchronized (all) {
            for (String line : all) {
                if (line.startsWith("SUMMARY ")) {
                    Map<String, String> fields = new HashMap<>();
                    for (String pair : line.substring(8).split(" ")) {
                        int eq = pair.indexOf('=');
                        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                    return fields;
                }
            }
        }
        throw new IllegalStateException("no SUMMARY from the C++ device; output: " + all);
    }

    /**
     * Ends a device that holds its connection open ({@code --hold-ms}) with SIGTERM, which it handles
     * through its normal shutdown. A sender must stay connected until its receivers have read
     * everything: libzmq drops frames still queued at a PULL receiver when the PUSH peer disconnects
     * (observed with C++ peers on both ends), and their chunks then leak (PROTOCOL.md 3.4).
     *
     * <p>The signal goes through {@link ProcessHandle#destroy()}: {@link Process#destroy()} would also
     * close our end of the child's stdout, and the lines it prints while it shuts down (its
     * {@code SUMMARY}) would be lost with "Stream closed".
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Every stdout line so far. */
    public List<String> output() {
        synchronized (all) {
            return new ArrayList<>(all);
        }
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
