package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line against golden files produced by real Boost.Program_options 1.74 with the same
 * option declarations (scripts/monitor-options-golden.sh, java/src/test/cpp/monitor_options_oracle.cpp).
 */
class MonitorOptionsTest {
    /** One case of options-golden.txt: the command line as written, the exit code, the output. */
    record GoldenCase(String line, int exitCode, String output) {
        @Override
        public String toString() {
            return line;
        }

        String[] args() {
            if (line.equals("<none>")) {
                return new String[0];
            }
            return Stream.of(line.split(" ")).map(w -> w.equals("''") ? "" : w.replace("\\s", " "))
                    .toArray(String[]::new);
        }
    }

    static List<GoldenCase> goldenCases() {
        List<GoldenCase> cases = new ArrayList<>();
        String[] lines = resource("options-golden.txt").split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            if (!lines[i].startsWith("== ")) {
                i++;
                continue;
            }
            String line = lines[i].substring(3);
            int exitCode = Integer.parseInt(lines[i + 1].substring("rc=".length()));
            StringBuilder output = new StringBuilder();
            for (i += 2; i < lines.length && !lines[i].startsWith("== "); i++) {
                output.append(lines[i]).append('\n');
            }
            cases.add(new GoldenCase(line, exitCode, output.toString().stripTrailing()));
        }
        return cases;
    }

    static String resource(String name) {
        try (InputStream in = MonitorOptionsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the oracle prints for a command line, computed with our parser. */
    private static GoldenCase actual(GoldenCase golden) {
        try {
            MonitorOptions o = MonitorOptions.parse(golden.args());
            if (o.help()) {
                return new GoldenCase(golden.line(), 0, MonitorOptions.helpText().stripTrailing());
            }
            return new GoldenCase(golden.line(), 0, "values: segment-name=" + (o.segmentNameGiven() ? o.segmentName() : "(default)")
                    + " prefix=" + o.prefix() + " cleanup=" + bit(o.cleanup()) + " self-destruct=" + bit(o.selfDestruct())
                    + " interactive=" + bit(o.interactive()) + " timeout=" + o.timeoutMs() + " status-json="
                    + bit(o.statusJson()) + " version=" + bit(o.version()));
        } catch (CommandLineException e) {
            return new GoldenCase(golden.line(), 2, "error: " + e.getMessage());
        }
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void shouldParseLikeBoostProgramOptions(GoldenCase golden) {
        GoldenCase actual = actual(golden);
        assertEquals(golden.output(), actual.output(), golden.line());
        assertEquals(golden.exitCode(), actual.exitCode(), golden.line());
    }

    @Test
    void shouldCoverEveryCaseOfTheCaseList() {
        long cases = resource("options-cases.txt").lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        assertEquals(cases, goldenCases().size(), "options-golden.txt is stale: run scripts/monitor-options-golden.sh");
        assertTrue(cases > 100);
    }

    @Test
    void shouldPrintHelpInBoostLayoutByteForByte() {
        assertEquals(resource("help-golden.txt"), MonitorOptions.helpText());
    }

    @Test
    void shouldStartHelpWithTheReferenceTitleAndTheSegmentNameOption() {
        String[] lines = MonitorOptions.helpText().split("\n");
        assertEquals("FairMQ Shared Memory Monitor", lines[0]);
        assertEquals("Options:", lines[1]);
        assertEquals("  --segment-name arg (=fairmq_shmem_main)", lines[2]);
        assertEquals(" ".repeat(40) + "Name of the shared memory segment", lines[3]);
    }

    @Test
    void shouldDeriveTheSegmentNameFromThePrefix() {
        MonitorOptions o = MonitorOptions.parse("--prefix", "abc_");
        assertEquals("abc_main", o.segmentName());
        assertEquals("abc_control_queue", o.names().controlQueue());
        assertEquals("custom", MonitorOptions.parse("--prefix", "abc_", "--segment-name", "custom").names().mainSegment());
        assertEquals("abc_management", MonitorOptions.parse("--prefix", "abc_", "--segment-name", "custom").names()
                .managementSegment());
    }

    @Test
    void shouldUseTheReferenceDefaults() {
        MonitorOptions o = MonitorOptions.parse();
        assertEquals("fairmq_shmem_main", o.segmentName());
        assertEquals(5000, o.timeoutMs());
        assertEquals(false, o.cleanup() || o.selfDestruct() || o.interactive() || o.help() || o.statusJson() || o.version());
    }

    @Test
    void shouldRejectAmbiguousPrefixesWithBoostsWording() {
        CommandLineException e = assertThrows(CommandLineException.class, () -> MonitorOptions.parse("--se"));
        assertEquals("option '--se' is ambiguous and matches '--segment-name', and '--self-destruct'", e.getMessage());
    }
}
