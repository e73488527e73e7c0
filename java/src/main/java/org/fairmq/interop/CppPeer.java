package org.fairmq.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code fairmq-interop-peer}, the C++ line-protocol peer of interop-tests/ (Boost and
 * libzmq only, no code of ours): one command per line in, one {@code OK ...} or {@code ERR ...}
 * line out. Owns the child process; {@link #close()} ends it. Not thread-safe.
 */
public final class CppPeer implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private CppPeer(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the peer binary at {@code executable}; its stderr goes to ours. */
    public static CppPeer start(Path executable) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("C++ interop peer not found at " + executable
                    + " (build it: cmake -S . -B build && cmake --build build)");
        }
        try {
            return new CppPeer(new ProcessBuilder(executable.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
    }

    /** Sends one command and returns the whole reply line ({@code OK ...} or {@code ERR ...}). */
    public String raw(String command) {
        try {
            in.write(command);
            in.write('\n');
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("C++ peer exited while running: " + command);
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("C++ peer failed on: " + command, e);
        }
    }

    /** Sends one command that must succeed; returns what follows {@code OK} (maybe empty). */
    public String ok(String command) {
        String reply = raw(command);
        if (reply.equals("OK")) {
            return "";
        }
        if (!reply.startsWith("OK ")) {
            throw new IllegalStateException("C++ peer: " + command + " -> " + reply);
        }
        return reply.substring(3);
    }

    /** {@link #ok} parsed as one long. */
    public long okLong(String command) {
        return Long.parseLong(ok(command).trim());
    }

    public Process process() {
        return process;
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                raw("quit");
            }
        } catch (RuntimeException ignored) {
            // the process is gone already
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
