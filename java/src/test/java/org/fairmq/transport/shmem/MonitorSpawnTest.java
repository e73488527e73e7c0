package org.fairmq.transport.shmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fairmq.device.builtin.Sink;
import org.fairmq.interop.CppDevice;
import org.fairmq.monitor.ChildProcess;
import org.fairmq.monitor.Launcher;
import org.fairmq.monitor.Monitor;
import org.fairmq.monitor.v110.MonitorV110;
import org.fairmq.protocol.ShmNames;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.testing.Await;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.JavaProcess;
import org.fairmq.transport.shmem.v110.SessionCleanup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A monitor per topology ({@code --shm-monitor}, {@link MonitorSpawn}), for both protocol profiles:
 * eight Java sink devices started together, with {@code FAIRMQ_PATH} at this checkout's bin/, and a
 * C++ peer of the same protocol (interop-tests/) sending to one of them. Exactly one monitor is
 * started (every monitor's log, {@code FAIRMQ_SHMMONITOR_VERBOSE=true}, holds its start line: one
 * line in all), it is the Java one, it cleans up after {@code kill -9} of every device and ends by
 * itself, and after an orderly end it ends by itself too; nothing of the topology is left in
 * /dev/shm either way. Also: a device whose monitor cannot be found or does not answer logs why and
 * runs. Waits for events, with deadlines generous enough for a loaded machine.
 */
class MonitorSpawnTest {
    private static final long DEADLINE_MS = 120_000;
    private static final int DEVICES = 8;
    private static final String MONITOR_MAIN = "org.fairmq.profile.ShmMonitorCommand";

    @TempDir
    Path dir;

    private final List<ChildProcess> devices = new ArrayList<>();

    /** One topology of a profile: its names, its device options, its C++ peer. */
    enum Profile {
        V2017 {
            @Override
            String topologyPrefix(String tag) {
                return tag + "_";
            }

            @Override
            List<String> deviceOptions(String tag) {
                return List.of("--shm-prefix", topologyPrefix(tag));
            }

            @Override
            List<String> cppPeer(String tag, String endpoint) {
                return List.of(InteropBinaries.device().toString(), "--role", "push", "--prefix", topologyPrefix(tag),
                        "--segment-size", "20000000", "--endpoint", endpoint, "--method", "connect", "--num-msgs",
                        "100", "--size", "1000", "--heartbeat", "1", "--hold-ms", "600000", "--timeout-ms", "60000");
            }

            @Override
            String monitorStartLine() {
                return "Starting monitor for shared memory segment: ";
            }

            @Override
            void removeTopology(String tag) {
                ShmNames names = ShmNames.withPrefix(topologyPrefix(tag));
                Monitor.cleanup(names, new PrintStream(OutputStream.nullOutputStream()));
                Monitor.removeControlQueue(names);
            }
        },
        V110 {
            @Override
            String topologyPrefix(String tag) {
                return "fmq_" + ShmId.ofSession(tag) + "_";
            }

            @Override
            List<String> deviceOptions(String tag) {
                return List.of("--shm-protocol", "1.10", "--session", tag);
            }

            @Override
            List<String> cppPeer(String tag, String endpoint) {
                return List.of(InteropBinaries.deviceV110().toString(), "--role", "push", "--session", tag,
                        "--shm-segment-size", "20000000", "--endpoint", endpoint, "--method", "connect", "--num-msgs",
                        "100", "--size", "1000", "--hold-ms", "600000", "--timeout-ms", "60000");
            }

            @Override
            String monitorStartLine() {
                return "Starting shared memory monitor for session: ";
            }

            @Override
            void removeTopology(String tag) {
                MonitorV110.cleanupFull(ShmId.ofSession(tag), SessionCleanup.Output.SILENT);
            }
        };

        /** The prefix of every object of the topology in /dev/shm. */
        abstract String topologyPrefix(String tag);

        abstract List<String> deviceOptions(String tag);

        abstract List<String> cppPeer(String tag, String endpoint);

        /** The line every monitor of this profile prints first. */
        abstract String monitorStartLine();

        /** Removes every object of the topology, silently (what the monitor's cleanup removes). */
        abstract void removeTopology(String tag);
    }

    private final String tag = DevShm.uniquePrefix("spawn").replaceAll("_$", "") + UUID.randomUUID().toString()
            .substring(0, 4);

    /** The profile the test ran, for the cleanup after it. */
    private Profile profile;

    /**
     * Whatever a test left (it failed half-way): its devices and monitors killed, then the topology's
     * objects, and only those, removed as a monitor's cleanup removes them.
     */
    @AfterEach
    void removeWhatTheTestLeft() throws Exception {
        for (ChildProcess device : devices) {
            device.close();
        }
        if (profile == null) {
            return;
        }
        for (ProcessHandle monitor : monitors(profile)) {
            monitor.destroyForcibly();
            monitor.onExit().get(DEADLINE_MS, TimeUnit.MILLISECONDS);
        }
        profile.removeTopology(tag);
        assertEquals(List.of(), DevShm.leftWith(profile.topologyPrefix(tag)));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, DEADLINE_MS, condition);
    }

    private ProcessBuilder sink(Profile profile, int index, boolean monitorLog) {
        this.profile = profile;
        List<String> args = new ArrayList<>(List.of("--id", "sink" + index, "--transport", "shmem", "--control",
                "static", "--shm-segment-size", "20000000", "--shm-monitor", "--verbosity", "INFO", "--channel-config",
                "name=data,type=pull,method=bind,address=" + endpoint(index)));
        args.addAll(profile.deviceOptions(tag));
        ProcessBuilder builder = Launcher.withMonitorOnFairmqPath(JavaProcess.builder(Sink.class, args))
                .directory(dir.toFile()).redirectErrorStream(true);
        if (monitorLog) {
            builder.environment().put(MonitorSpawn.VERBOSE_VARIABLE, "true");
        }
        return builder;
    }

    private String endpoint(int index) {
        return "ipc://" + dir.resolve("sink" + index);
    }

    /** Starts the eight sinks at once, then the C++ peer, and waits until all of them run. */
    private CppDevice startTopology(Profile profile) throws InterruptedException {
        for (int i = 0; i < DEVICES; i++) {
            devices.add(ChildProcess.start("sink" + i, sink(profile, i, true)));
        }
        for (ChildProcess device : devices) {
            device.awaitLineContaining("Entering RUNNING state", DEADLINE_MS);
        }
        List<String> peer = profile.cppPeer(tag, endpoint(0));
        CppDevice cpp = CppDevice.start(Path.of(peer.get(0)), peer.subList(1, peer.size()));
        cpp.awaitReady(DEADLINE_MS);
        await("the C++ peer's 100 messages sent", () -> cpp.output().stream().anyMatch(l -> l.startsWith("SUMMARY")));
        return cpp;
    }

    /** The monitor processes of this topology, by their command lines. */
    private List<ProcessHandle> monitors(Profile profile) {
        String id = profile == Profile.V2017 ? profile.topologyPrefix(tag) : ShmId.ofSession(tag).toString();
        return ProcessHandle.allProcesses().filter(p -> {
            String commandLine = commandLine(p.pid());
            return commandLine.contains(MONITOR_MAIN) && commandLine.contains(" " + id);
        }).collect(Collectors.toList());
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | SecurityException e) {
            return ""; // gone meanwhile
        }
    }

    /** How many monitors were started: their start lines in every monitor log in the devices' directory. */
    private long monitorsStarted(Profile profile) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.filter(f -> f.getFileName().toString().startsWith(MonitorSpawn.PROGRAM + "_"))
                    .collect(Collectors.toList());
            long lines = 0;
            for (Path log : logs) {
                lines += Pattern.compile(Pattern.quote(profile.monitorStartLine())).matcher(Files.readString(log))
                        .results().count();
            }
            return lines;
        }
    }

    private void assertOneJavaMonitor(Profile profile) throws Exception {
        List<ProcessHandle> running = monitors(profile);
        assertEquals(1, running.size(), "monitors of the topology: " + running);
        assertTrue(commandLine(running.get(0).pid()).contains("java"), "the monitor is the Java one");
        assertEquals(1, monitorsStarted(profile), "monitors started by the " + DEVICES + " devices");
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void eightDevicesStartOneMonitorWhichCleansUpAfterKill9OfEveryDevice(Profile profile) throws Exception {
        try (CppDevice cpp = startTopology(profile)) {
            assertOneJavaMonitor(profile);
            ProcessHandle monitor = monitors(profile).get(0);
            assertTrue(!DevShm.leftWith(profile.topologyPrefix(tag)).isEmpty());
            cpp.process().destroyForcibly();
            for (ChildProcess device : devices) {
                device.kill();
            }
            assertTrue(monitor.onExit().get(DEADLINE_MS, TimeUnit.MILLISECONDS) != null);
            assertEquals(List.of(), DevShm.leftWith(profile.topologyPrefix(tag)), "the monitor cleaned up and ended");
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void theMonitorEndsByItselfAfterAnOrderlyEndLeavingNothing(Profile profile) throws Exception {
        ProcessHandle monitor;
        try (CppDevice cpp = startTopology(profile)) {
            assertOneJavaMonitor(profile);
            monitor = monitors(profile).get(0);
            cpp.terminate();
            assertEquals(0, cpp.awaitExit(DEADLINE_MS), cpp.output().toString());
        }
        for (ChildProcess device : devices) {
            device.signal("TERM");
        }
        for (ChildProcess device : devices) {
            assertEquals(0, device.exitCode(DEADLINE_MS), device.lines().toString());
        }
        assertTrue(monitor.onExit().get(DEADLINE_MS, TimeUnit.MILLISECONDS) != null);
        assertEquals(List.of(), DevShm.leftWith(profile.topologyPrefix(tag)), "nothing left after the orderly end");
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aDeviceWithoutAMonitorProgramLogsWhyAndRuns(Profile profile) throws Exception {
        ProcessBuilder builder = sink(profile, 0, false);
        builder.environment().put("FAIRMQ_PATH", dir.toString());
        builder.environment().put("PATH", dir.toString());
        try (ChildProcess device = ChildProcess.start("sink0", builder)) {
            device.awaitLineContaining("could not find fairmq-shmmonitor in \"$FAIRMQ_PATH:$PATH\"", DEADLINE_MS);
            device.awaitLineContaining("Entering RUNNING state", DEADLINE_MS);
            device.signal("TERM");
            assertEquals(0, device.exitCode(DEADLINE_MS), device.lines().toString());
        }
        assertEquals(List.of(), monitors(profile));
        assertEquals(List.of(), DevShm.leftWith(profile.topologyPrefix(tag)).stream()
                .filter(n -> !n.startsWith("sem.")).collect(Collectors.toList()), "the device left in order");
        removeMutexOf(profile);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aMonitorThatNeverAnswersIsLoggedAndTheDeviceRuns(Profile profile) throws Exception {
        Path fake = dir.resolve("bin").resolve(MonitorSpawn.PROGRAM);
        Files.createDirectories(fake.getParent());
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" > \"" + dir.resolve("fake-args") + "\"\nexit 1\n");
        assertTrue(fake.toFile().setExecutable(true));
        ProcessBuilder builder = sink(profile, 0, false);
        builder.environment().put("FAIRMQ_PATH", fake.getParent().toString());
        builder.environment().put(MonitorSpawn.WAIT_VARIABLE, "1000");
        try (ChildProcess device = ChildProcess.start("sink0", builder)) {
            device.awaitLineContaining("Entering RUNNING state", DEADLINE_MS);
            assertTrue(device.lines().stream().anyMatch(l -> l.contains(
                    "Did not get response from fairmq-shmmonitor after")), device.lines().toString());
            String arguments = Files.readString(dir.resolve("fake-args")).trim();
            assertEquals(profile == Profile.V2017
                    ? "--self-destruct --segment-name " + profile.topologyPrefix(tag) + "main --prefix "
                            + profile.topologyPrefix(tag)
                    : "-x -m --shmid " + ShmId.ofSession(tag) + " -d -t 2000", arguments);
            device.signal("TERM");
            assertEquals(0, device.exitCode(DEADLINE_MS), device.lines().toString());
        }
        removeMutexOf(profile);
    }

    /** The 2017 devices leave their mutex (PROTOCOL.md 2.2 step 4) when no monitor ends with them. */
    private void removeMutexOf(Profile profile) {
        if (profile == Profile.V2017) {
            org.fairmq.ipc.NamedMutex.remove(profile.topologyPrefix(tag) + "mutex");
        }
        assertEquals(List.of(), DevShm.leftWith(profile.topologyPrefix(tag)));
    }
}
