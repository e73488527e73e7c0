package org.fairmq.device.testdevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.fairmq.device.config.ChannelConfig;
import org.fairmq.device.config.SubChannelSpec;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.JavaProcess;

/**
 * Runs the devices of one protocol test of PROTOCOL.md 8 as processes, each either the Java
 * {@code fairmq-testdevice} or the C++ {@code fairmq-interop-testdevice}, with the reference's
 * arguments and configuration file plus a unique shared-memory prefix and a small segment. The
 * outcome is what the reference's suite checks: the sum of the exit codes and the combined stderr.
 * Every process is gone when {@link #run} returns.
 */
final class ProtocolRun {
    /** Which implementation runs a device. */
    enum Side { JAVA, CPP }

    /** One device of a test: implementation, id, and extra arguments. */
    record DeviceSpec(Side side, String id, List<String> extra) {
        static DeviceSpec of(Side side, String id, String... extra) {
            return new DeviceSpec(side, id, List.of(extra));
        }

        @Override
        public String toString() {
            return side + " " + id;
        }
    }

    /** What the reference's test looks at. */
    record Outcome(int exitSum, String output) {
        void assertSuccess(String successString) {
            assertEquals(0, exitSum, "sum of exit codes\n" + output);
            assertTrue(output.contains(successString), "no \"" + successString + "\" in\n" + output);
        }
    }

    static final long SEGMENT_SIZE = 64_000_000;
    /** The devices run for a second: the client compiler and the serial collector start fastest. */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
    private static final long TIMEOUT_MS = 20_000;
    private static final long PORT_WAIT_MS = 5_000;

    private final String prefix;
    private final Path logs;

    ProtocolRun(String prefix, Path logs) {
        this.prefix = prefix;
        this.logs = logs;
    }

    /** The reference's test configuration (interop-tests/testdevice/config.json). */
    static Path config() {
        String configured = System.getProperty("fairmq.testdevice.config");
        Path path = configured != null ? Path.of(configured)
                : Path.of("..", "interop-tests", "testdevice", "config.json").toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("test configuration not found: " + path
                    + " (run from the java/ module or set -Dfairmq.testdevice.config)");
        }
        return path;
    }

    /** The arguments the reference's suite passes (8), plus our prefix and segment size. */
    List<String> arguments(DeviceSpec device) {
        List<String> args = new ArrayList<>(List.of("--id", device.id(), "--control", "static", "--verbosity", "DEBUG",
                "--log-color", "false", "--mq-config", config().toString(), "--shm-prefix", prefix,
                "--shm-segment-size", Long.toString(SEGMENT_SIZE)));
        args.addAll(device.extra());
        return args;
    }

    /** Starts every device, waits for all (at most 20 s), kills what is left, and sums up. */
    Outcome run(DeviceSpec... devices) throws InterruptedException {
        awaitFreePorts(devices);
        List<Process> processes = new ArrayList<>();
        List<Path> logFiles = new ArrayList<>();
        int exitSum = 0;
        try {
            for (int i = 0; i < devices.length; i++) {
                Path log = logs.resolve(i + "-" + devices[i].id() + ".log");
                logFiles.add(log);
                processes.add(start(devices[i], log));
            }
            long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000;
            for (Process p : processes) {
                long left = Math.max(0, deadline - System.nanoTime());
                exitSum += p.waitFor(left, TimeUnit.NANOSECONDS) ? p.exitValue() : 1000;
            }
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < devices.length; i++) {
            output.append("---- ").append(devices[i]).append(" ----\n").append(read(logFiles.get(i)));
        }
        return new Outcome(exitSum, output.toString());
    }

    private Process start(DeviceSpec device, Path log) {
        List<String> args = arguments(device);
        try {
            ProcessBuilder builder;
            if (device.side() == Side.JAVA) {
                builder = JavaProcess.builder(TestDeviceMain.class, FAST_START, args);
            } else {
                List<String> command = new ArrayList<>();
                command.add(InteropBinaries.dir().resolve("fairmq-interop-testdevice").toString());
                command.addAll(args);
                builder = new ProcessBuilder(command);
            }
            return builder.redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + device, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")\n";
        }
    }

    /**
     * The ports are fixed by the reference's configuration: a port held by someone else would make
     * the test fail in a confusing way (a device falls back to a random port), so wait a little and
     * then say so.
     */
    private static void awaitFreePorts(DeviceSpec... devices) throws InterruptedException {
        Set<Integer> ports = new TreeSet<>();
        String json = read(config());
        for (DeviceSpec d : devices) {
            for (List<SubChannelSpec> subs : ChannelConfig.fromJson(json, d.id(), "config.json").channels().values()) {
                for (SubChannelSpec s : subs) {
                    ports.add(Integer.parseInt(s.address().substring(s.address().lastIndexOf(':') + 1)));
                }
            }
        }
        long deadline = System.nanoTime() + PORT_WAIT_MS * 1_000_000;
        for (int port : ports) {
            while (!isFree(port)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("TCP port " + port + " on 127.0.0.1 is in use by another process; "
                            + "the protocol tests need the fixed ports of the reference's configuration");
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // like libzmq: a port in TIME_WAIT is free
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What the prefix left in /dev/shm besides the named mutex, which devices never remove (2.2 step 4). */
    List<String> leftBesidesMutex() {
        List<String> left = new ArrayList<>(DevShm.leftWith(prefix));
        left.remove("sem." + prefix + "mutex");
        return left;
    }
}
