package org.fairmq.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fairmq.interop.ChildJvm;
import org.fairmq.testing.InteropBinaries;

/** Starts the programs of the crash tests: the launcher, the Java test device, the C++ device. */
public final class Launcher {
    private Launcher() {}

    /** bin/fairmq-shmmonitor of this checkout (the tests run in java/). */
    public static Path script() {
        Path script = Path.of(System.getProperty("user.dir")).resolve("../bin/fairmq-shmmonitor").normalize();
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("launcher not found at " + script);
        }
        return script;
    }

    /** The launcher with {@code args}, running on the test class path (no jar needed). */
    public static ProcessBuilder monitor(String... args) {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(List.of(args));
        return monitorCommand(command);
    }

    /** A command line that runs the launcher somewhere inside, with the launcher's environment. */
    public static ProcessBuilder monitorCommand(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("FAIRMQ_JAVA_CLASSPATH", System.getProperty("java.class.path"));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            builder.environment().put("FAIRMQ_JAVACPP_CACHE", cache);
        }
        return builder;
    }

    /** {@link JavaDeviceMain} in a child JVM with the options our devices need. */
    static ProcessBuilder javaDevice(String prefix, long segmentSize, long regionSize) {
        List<String> command = ChildJvm.command(List.of(), JavaDeviceMain.class.getName(),
                List.of(prefix, Long.toString(segmentSize), Long.toString(regionSize)));
        return new ProcessBuilder(command);
    }

    /**
     * The C++ device of interop-tests/ as a sender that holds everything: it pushes {@code 10}
     * messages of 1 KiB into a connecting socket nobody listens on (zmq queues them: the chunks stay
     * allocated), creates a region, heartbeats (PROTOCOL.md 2.3) and then holds for ten minutes.
     */
    static ProcessBuilder cppDevice(String prefix, long segmentSize, long regionSize) {
        return new ProcessBuilder(InteropBinaries.device().toString(), "--role", "push", "--endpoint",
                "ipc:///tmp/" + prefix + "unused.ipc", "--method", "connect", "--prefix", prefix, "--segment-size",
                Long.toString(segmentSize), "--heartbeat", "1", "--hold-ms", "600000", "--region-size",
                Long.toString(regionSize), "--num-msgs", "10", "--size", "1024");
    }

    /**
     * {@code builder} with {@code FAIRMQ_PATH} at this checkout's bin/ and what the launcher needs to
     * run on the test class path, so that a device's {@code --shm-monitor} finds our monitor first;
     * {@code FAIRMQ_SHMMONITOR_VERBOSE} removed (callers set it when they want the monitor's log).
     */
    public static ProcessBuilder withMonitorOnFairmqPath(ProcessBuilder builder) {
        Map<String, String> launcherEnvironment = monitorCommand(List.of("unused")).environment();
        builder.environment().put("FAIRMQ_PATH", script().getParent().toString());
        for (String key : List.of("FAIRMQ_JAVA_CLASSPATH", "FAIRMQ_JAVACPP_CACHE")) {
            if (launcherEnvironment.containsKey(key)) {
                builder.environment().put(key, launcherEnvironment.get(key));
            }
        }
        builder.environment().remove("FAIRMQ_SHMMONITOR_VERBOSE");
        return builder;
    }
}
