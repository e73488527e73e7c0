package org.fairmq.monitor.v110;

import java.util.List;
import java.util.Map;
import org.fairmq.monitor.BoostCommandLine;
import org.fairmq.monitor.OptionSpec;
import org.fairmq.monitor.OptionSpec.Kind;
import org.fairmq.monitor.OptionsDescription;
import org.fairmq.protocol.v110.ProtocolV110;

/**
 * The command line of the v1.10 {@code fairmq-shmmonitor} (PROTOCOL-V110.md 6.1), parsed the way
 * Boost.Program_options 1.74 parses it ({@link BoostCommandLine}): short letters, implicit-value
 * booleans ({@code -c}, {@code --cleanup}, {@code --cleanup=false}; {@code -c=false} is the invalid
 * value {@code =false}), unambiguous prefixes, positional arguments ignored. The option texts are
 * those of the reference's {@code --help} (Appendix A, H0), followed by our extensions
 * {@code --status-json} and {@code --leak-report} (leak accounting; the help lists them after the
 * reference's options, which keep their text and order). Immutable.
 *
 * @param session      {@code -s}, {@code default}
 * @param shmId        {@code --shmid}, "" when not given
 * @param cleanup      {@code -c}
 * @param resetContent {@code -r}
 * @param selfDestruct {@code -x}
 * @param interactive  {@code -i}
 * @param viewOnly     {@code -v}
 * @param timeoutMs    {@code -t}, 5000
 * @param daemonize    {@code -d}
 * @param monitor      {@code -m}
 * @param debug        {@code -b}
 * @param cleanOnExit  {@code -e}
 * @param intervalMs   {@code --interval}, 1000
 * @param getShmId     {@code --get-shmid}
 * @param listAll      {@code --list-all}
 * @param listAllPath  {@code --list-all-path}, {@code /dev/shm/}
 * @param verbose      {@code --verbose}
 * @param severity     {@code --severity}, {@code info}
 * @param userId       {@code --user-id}, -1
 * @param help         {@code -h}
 * @param statusJson   {@code --status-json} (extension)
 * @param leakReport   {@code --leak-report} (extension)
 */
public record MonitorV110Options(String session, String shmId, boolean cleanup, boolean resetContent,
        boolean selfDestruct, boolean interactive, boolean viewOnly, long timeoutMs, boolean daemonize, boolean monitor,
        boolean debug, boolean cleanOnExit, long intervalMs, boolean getShmId, boolean listAll, String listAllPath,
        boolean verbose, String severity, int userId, boolean help, boolean statusJson, boolean leakReport) {

    /** The first line of {@code --help} (6.1). */
    public static final String HELP_TITLE = "FairMQ Shared Memory Monitor";

    /** 6.1 and Appendix A H0: the options in the reference's order, with its descriptions (typos included). */
    static final OptionsDescription DESCRIPTION = new OptionsDescription("Options", List.of(
            new OptionSpec("session", 's', Kind.STRING, "default", "Session id"),
            new OptionSpec("shmid", null, Kind.STRING, null,
                    "Shmem id (if not provided, it is generated out of session id and user id)"),
            new OptionSpec("cleanup", 'c', Kind.IMPLICIT_BOOL, null, "Perform cleanup and quit"),
            new OptionSpec("reset-content", 'r', Kind.IMPLICIT_BOOL, null,
                    "[EXPERIMENTAL] Reset content of the segments (only call this when segment is not in use)"),
            new OptionSpec("self-destruct", 'x', Kind.IMPLICIT_BOOL, null, "Quit after first closing of the memory"),
            new OptionSpec("interactive", 'i', Kind.IMPLICIT_BOOL, null, "Interactive run"),
            new OptionSpec("view", 'v', Kind.IMPLICIT_BOOL, null, "Run in view only mode"),
            new OptionSpec("timeout", 't', Kind.UNSIGNED_INT, Long.toString(ProtocolV110.MONITOR_DEFAULT_TIMEOUT_MS),
                    "Heartbeat timeout in milliseconds"),
            new OptionSpec("daemonize", 'd', Kind.IMPLICIT_BOOL, null,
                    "Daemonize the monitor process (only in monitoring mode)"),
            new OptionSpec("monitor", 'm', Kind.IMPLICIT_BOOL, null, "Run in monitoring mode"),
            new OptionSpec("debug", 'b', Kind.IMPLICIT_BOOL, null, "Debug - Print a list of messages)"),
            new OptionSpec("clean-on-exit", 'e', Kind.IMPLICIT_BOOL, null, "Perform cleanup on exit"),
            new OptionSpec("interval", null, Kind.UNSIGNED_INT, Long.toString(ProtocolV110.MONITOR_DEFAULT_INTERVAL_MS),
                    "Output interval for interactive mode"),
            new OptionSpec("get-shmid", null, Kind.IMPLICIT_BOOL, null,
                    "Translate given session id and user id to a shmem id (uses current user id if none provided)"),
            new OptionSpec("list-all", null, Kind.IMPLICIT_BOOL, null, "List all sessions & segments"),
            new OptionSpec("list-all-path", null, Kind.STRING, "/dev/shm/",
                    "Path for the --list-all command to search segments in"),
            new OptionSpec("verbose", null, Kind.IMPLICIT_BOOL, null,
                    "Verbose mode (daemon will output to a file 'fairmq-shmmonitor_<timestamp>')"),
            new OptionSpec("severity", null, Kind.STRING, "info", "Log severity"),
            new OptionSpec("user-id", null, Kind.INT, "-1", "User id (used with --get-shmid)"),
            new OptionSpec("help", 'h', Kind.SWITCH, null, "Print help"),
            new OptionSpec("status-json", null, Kind.SWITCH, null,
                    "Print the session's segments with their used and allocated bytes as one JSON object and quit"
                            + " (extension)"),
            new OptionSpec("leak-report", null, Kind.SWITCH, null,
                    "Print the chunks still allocated in the idle session's segments and quit; exit code 1 when"
                            + " there are some (extension)")));

    /**
     * Parses {@code args} (without the program name).
     *
     * @throws org.fairmq.monitor.CommandLineException with Boost's message for what is wrong (6.1)
     */
    public static MonitorV110Options parse(String... args) {
        Map<String, Object> v = BoostCommandLine.parse(DESCRIPTION, args);
        return new MonitorV110Options((String) v.getOrDefault("session", "default"),
                (String) v.getOrDefault("shmid", ""), flag(v, "cleanup"), flag(v, "reset-content"),
                flag(v, "self-destruct"), flag(v, "interactive"), flag(v, "view"),
                (Long) v.getOrDefault("timeout", ProtocolV110.MONITOR_DEFAULT_TIMEOUT_MS), flag(v, "daemonize"),
                flag(v, "monitor"), flag(v, "debug"), flag(v, "clean-on-exit"),
                (Long) v.getOrDefault("interval", ProtocolV110.MONITOR_DEFAULT_INTERVAL_MS), flag(v, "get-shmid"),
                flag(v, "list-all"), (String) v.getOrDefault("list-all-path", "/dev/shm/"), flag(v, "verbose"),
                (String) v.getOrDefault("severity", "info"), ((Long) v.getOrDefault("user-id", -1L)).intValue(),
                v.containsKey("help"), v.containsKey("status-json"), v.containsKey("leak-report"));
    }

    private static boolean flag(Map<String, Object> values, String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    /** Appendix A H0: the title, the option table, and one empty line. */
    public static String helpText() {
        return HELP_TITLE + "\n" + DESCRIPTION.format() + "\n";
    }
}
