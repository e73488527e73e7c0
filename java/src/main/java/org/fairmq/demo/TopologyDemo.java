package org.fairmq.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.fairmq.device.builtin.Sink;
import org.fairmq.device.config.ChannelConfig;
import org.fairmq.interop.ChildJvm;
import org.fairmq.interop.CppDevice;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.ShmNames;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main job: a mixed topology on shared memory, started from one JSON file. A C++
 * sampler (the interop device peer: Boost and libzmq only) pushes messages into the main segment;
 * a Java processor checks each one in place and forwards it zero copy; a Java sink frees them. The
 * Java shared-memory monitor watches. Every second the demo prints the segment's free memory and
 * device count next to the devices' rate lines; at the end a summary and a check of /dev/shm.
 */
@Command(name = "topology-demo", mixinStandardHelpOptions = true, description = "C++ sampler -> Java processor -> Java sink")
public final class TopologyDemo implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "demo/topology.json", description = "the topology's JSON file")
    private Path config;

    @Option(names = "--cpp-device", defaultValue = "build/interop-tests/fairmq-interop-device")
    private Path cppDevice;

    @Option(names = "--num-msgs", defaultValue = "400000")
    private long numMsgs;

    @Option(names = "--size-max", defaultValue = "16384")
    private long sizeMax;

    @Option(names = "--segment-size", defaultValue = "256000000")
    private long segmentSize;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TopologyDemo()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ShmNames names = ShmNames.withPrefix("fmqdemo_" + ProcessHandle.current().pid() + "_");
        String json = Files.readString(config);
        String samplerEndpoint = ChannelConfig.fromJson(json, "sampler", config.toString()).channels().get("data").get(0)
                .address();
        System.out.printf("Topology %s, shared-memory objects %s*, %d messages of 0..%d bytes%n", config, names.prefix(),
                numMsgs, sizeMax);
        List<Process> javaDevices = new ArrayList<>();
        long start = System.nanoTime();
        Process monitor = javaProcess("org.fairmq.monitor.ShmMonitorMain", List.of("--prefix", names.prefix(),
                "--self-destruct", "--timeout", "3000"), "monitor");
        javaDevices.add(javaProcess(Sink.class.getName(), deviceArgs("sink", names, "--num-msgs", Long.toString(numMsgs)),
                "sink"));
        javaDevices.add(javaProcess(Processor.class.getName(), deviceArgs("processor", names, "--num-msgs",
                Long.toString(numMsgs), "--size-max", Long.toString(sizeMax)), "processor"));
        int exit = 0;
        try (CppDevice sampler = CppDevice.start(cppDevice, List.of("--role", "push", "--endpoint", samplerEndpoint,
                "--method", "bind", "--prefix", names.prefix(), "--segment-size", Long.toString(segmentSize),
                "--num-msgs", Long.toString(numMsgs), "--size-max", Long.toString(sizeMax), "--seed", "1",
                "--timeout-ms", "60000", "--hold-ms", "600000"))) {
            while (javaDevices.stream().anyMatch(Process::isAlive)) {
                printSegment(names);
                for (Process p : javaDevices) {
                    p.waitFor(1, TimeUnit.SECONDS);
                }
            }
            sampler.terminate(); // it stayed connected until the chain had everything (CppDevice#terminate)
            exit = sampler.awaitExit(30_000);
            Map<String, String> summary = sampler.summary();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%nSummary: the C++ sampler sent %s messages (%s bytes, checksum %s) in %.1f s,"
                    + " %.0f msg/s end to end%n", summary.get("msgs"), summary.get("bytes"), summary.get("checksum"),
                    seconds, Double.parseDouble(summary.get("msgs")) / seconds);
        }
        for (Process p : javaDevices) {
            exit |= p.waitFor() == 0 ? 0 : 1;
        }
        if (!monitor.waitFor(10, TimeUnit.SECONDS)) {
            monitor.toHandle().destroy(); // SIGTERM; keeps its output pipe open (CppDevice#terminate)
        }
        NamedMutex.remove(names.mutex()); // devices never remove it (PROTOCOL.md 2.2 step 4)
        List<String> left = new ArrayList<>();
        try (var files = Files.list(Path.of("/dev/shm"))) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.contains(names.prefix())).forEach(left::add);
        }
        System.out.println(left.isEmpty() ? "Clean up: nothing of the demo is left in /dev/shm."
                : "Clean up: LEFT in /dev/shm: " + left);
        System.out.println(exit == 0 ? "Demo succeeded." : "Demo FAILED (see the device output above).");
        return exit == 0 && left.isEmpty() ? 0 : 1;
    }

    private List<String> deviceArgs(String id, ShmNames names, String... extra) {
        List<String> args = new ArrayList<>(List.of("--id", id, "--mq-config", config.toString(), "--transport", "shmem",
                "--control", "static", "--shm-prefix", names.prefix(), "--shm-segment-size", Long.toString(segmentSize),
                "--verbosity", "DEBUG", "--catch-signals", "1"));
        args.addAll(List.of(extra));
        return args;
    }

    private static void printSegment(ShmNames names) {
        try (ManagedSegment main = ManagedSegment.openOnly(names.mainSegment())) {
            System.out.printf("[demo] segment \"%s\": %,d of %,d bytes free, %d devices attached%n", main.name(),
                    main.freeMemory(), main.size(), main.findDeviceCounter().orElse(0));
        } catch (ShmException e) {
            System.out.printf("[demo] segment \"%s\" not there (yet, or any more)%n", names.mainSegment());
        }
    }

    /** A child JVM running a main class of this jar; its rate and result lines are echoed with a tag. */
    private static Process javaProcess(String mainClass, List<String> args, String tag) throws IOException {
        List<String> command = ChildJvm.command(List.of(), mainClass, args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread echo = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    if (line.contains(": in: ") || line.contains("Leaving RUNNING") || line.contains("Processor:")
                            || line.contains("ERROR") || tag.equals("monitor")) {
                        System.out.println("[" + tag + "] " + line);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, tag + "-output");
        echo.setDaemon(true);
        echo.start();
        return process;
    }
}
