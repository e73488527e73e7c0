package org.fairmq.monitor;

import java.util.List;
import java.util.Map;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.protocol.ShmNames;

/**
 * The monitor's command line (PROTOCOL.md 5.1) plus our additive options, parsed like the C++
 * {@code shmmonitor} parses it with Boost.Program_options (see {@link BoostCommandLine}).
 *
 * <p>Reference options: {@code --segment-name}, {@code --cleanup}, {@code --self-destruct},
 * {@code --interactive}, {@code --timeout}, {@code --help}. Extensions: {@code --prefix} (the
 * prefix of every object name; the segment name then defaults to {@code <prefix>main}),
 * {@code --status-json}, {@code --version}, {@code --leak-report}. The reference's help descriptions are not part of
 * PROTOCOL.md; ours are our own short texts in Boost's layout. Immutable.
 *
 * @param segmentName      the main segment to watch and clean ({@code <prefix>main} unless given)
 * @param segmentNameGiven whether {@code --segment-name} was on the command line
 * @param prefix           the object name prefix
 * @param cleanup          {@code --cleanup}
 * @param selfDestruct     {@code --self-destruct}
 * @param interactive      {@code --interactive}
 * @param timeoutMs        {@code --timeout}, 0..2^32-1 ms
 * @param help             {@code --help}
 * @param statusJson       {@code --status-json}
 * @param version          {@code --version}
 * @param leakReport       {@code --leak-report}
 */
public record MonitorOptions(String segmentName, boolean segmentNameGiven, String prefix, boolean cleanup,
        boolean selfDestruct, boolean interactive, long timeoutMs, boolean help, boolean statusJson,
        boolean version, boolean leakReport) {

    /** The first line of the help, then the options block (PROTOCOL.md 5.1). */
    public static final String HELP_TITLE = "FairMQ Shared Memory Monitor";

    static final OptionsDescription DESCRIPTION = new OptionsDescription("Options", List.of(
            new OptionSpec("segment-name", OptionSpec.Kind.STRING, ShmNames.DEFAULT_PREFIX + "main",
                    "Name of the shared memory segment"),
            new OptionSpec("cleanup", OptionSpec.Kind.IMPLICIT_BOOL, null, "Clean up the shared memory and quit"),
            new OptionSpec("self-destruct", OptionSpec.Kind.IMPLICIT_BOOL, null, "Quit once the segment is gone"),
            new OptionSpec("interactive", OptionSpec.Kind.IMPLICIT_BOOL, null, "Interactive mode"),
            new OptionSpec("timeout", OptionSpec.Kind.UNSIGNED_INT,
                    Long.toString(Protocol2017.MONITOR_DEFAULT_TIMEOUT_MS), "Heartbeat timeout in ms"),
            new OptionSpec("help", OptionSpec.Kind.SWITCH, null, "Print this help"),
            new OptionSpec("prefix", OptionSpec.Kind.STRING, ShmNames.DEFAULT_PREFIX,
                    "Prefix of every object name (extension; the segment name defaults to <prefix>main)"),
            new OptionSpec("status-json", OptionSpec.Kind.SWITCH, null,
                    "Print the status as one JSON object and quit (extension)"),
            new OptionSpec("version", OptionSpec.Kind.SWITCH, null,
                    "Print the version and the Boost version, then quit (extension)"),
            new OptionSpec("leak-report", OptionSpec.Kind.SWITCH, null,
                    "Print the chunks still allocated in the idle main segment and quit; exit code 1 when there are"
                            + " some (extension)")));

    /**
     * Parses {@code args} (without the program name).
     *
     * @throws CommandLineException with Boost's message for what is wrong
     */
    public static MonitorOptions parse(String... args) {
        Map<String, Object> values = BoostCommandLine.parse(DESCRIPTION, args);
        String prefix = (String) values.getOrDefault("prefix", ShmNames.DEFAULT_PREFIX);
        String segmentName = (String) values.get("segment-name");
        return new MonitorOptions(segmentName == null ? prefix + "main" : segmentName, segmentName != null, prefix,
                flag(values, "cleanup"), flag(values, "self-destruct"), flag(values, "interactive"),
                (Long) values.getOrDefault("timeout", Protocol2017.MONITOR_DEFAULT_TIMEOUT_MS),
                values.containsKey("help"), values.containsKey("status-json"), values.containsKey("version"),
                values.containsKey("leak-report"));
    }

    private static boolean flag(Map<String, Object> values, String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    /** The whole help text as printed by {@code --help}: title, options block, empty line. */
    public static String helpText() {
        return HELP_TITLE + "\n" + DESCRIPTION.format() + "\n";
    }

    /** The object names these options select. */
    public ShmNames names() {
        return ShmNames.withPrefix(prefix).withMainSegment(segmentName);
    }
}
