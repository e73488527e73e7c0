package org.fairmq.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.fairmq.interop.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micrometer is optional: without its jars on the class path the transports of both profiles and
 * the monitor work, and {@code --metrics-port} fails with a message that names what is missing;
 * with them on the class path, nothing but the metrics path loads a Micrometer class
 * ({@code -Xlog:class+load}). Each case is a child JVM running {@link NoMetricsMain}.
 */
class WithoutMicrometerTest {
    private static final long DEADLINE_MS = 60_000;

    private static List<String> run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes(); // until the child ends
        assertTrue(process.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS), "child did not end");
        List<String> lines = List.of(new String(output, StandardCharsets.UTF_8).split("\n"));
        assertEquals(0, process.exitValue(), String.join("\n", lines));
        return lines;
    }

    private static List<String> command(List<String> jvmOptions, String... args) {
        return ChildJvm.command(jvmOptions, NoMetricsMain.class.getName(), List.of(args));
    }

    @Test
    void shouldRunTransportsAndMonitorWithoutMicrometerJars() throws Exception {
        List<String> command = new ArrayList<>(command(List.of(), "metrics-port"));
        int cp = command.indexOf("-cp") + 1;
        String withoutMicrometer = Arrays.stream(command.get(cp).split(File.pathSeparator))
                .filter(entry -> !entry.contains("micrometer") && !entry.contains("prometheus"))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(withoutMicrometer.length() < command.get(cp).length(), "the test class path had Micrometer");
        command.set(cp, withoutMicrometer);
        List<String> lines = run(command);
        assertTrue(lines.contains("DONE"), String.join("\n", lines));
        assertTrue(lines.contains("LEFT []"), String.join("\n", lines));
        String metricsPort = lines.stream().filter(l -> l.startsWith("METRICS-PORT ")).findFirst().orElse("");
        assertTrue(metricsPort.startsWith("METRICS-PORT 2 Unhandled Exception reached the top of main: --metrics-port "
                + "needs Micrometer on the class path"), String.join("\n", lines));
    }

    @Test
    void shouldLoadNoMicrometerClassUnlessMetricsAreAskedFor(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.log");
        List<String> lines = run(command(List.of("-Xlog:class+load=info:file=" + log)));
        assertTrue(lines.contains("DONE"), String.join("\n", lines));
        List<String> loaded = Files.readAllLines(log).stream()
                .filter(l -> l.contains("io.micrometer") || l.contains("io.prometheus") || l.contains("org.fairmq.metrics."))
                .filter(l -> !l.contains("org.fairmq.metrics.NoMetricsMain"))
                .collect(Collectors.toList());
        assertEquals(List.of(), loaded, "classes loaded without metrics asked for");
    }
}
