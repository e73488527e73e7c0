package org.fairmq.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code fairmq-shmmonitor} (the {@code bin/} launcher's main class): picks the protocol profile
 * from the command line and runs that profile's monitor. {@code --shm-protocol <version>} (or
 * {@code --shm-protocol=<version>}) picks one explicitly and is removed from the arguments; without
 * it, the first option that only the v1.10 monitor understands (PROTOCOL-V110.md 6.1: any short
 * letter, since the 2017 monitor has none, and the long options the 2017 monitor neither has nor
 * abbreviates, with or without {@code =value}) picks v1.10, so that the spawn line of 2.4
 * ({@code -x -m --shmid <id> -d -t 2000 ""}) runs the v1.10 monitor; otherwise the 2017 monitor
 * runs (PROTOCOL.md 5.1). Values of options that take one are skipped, not classified.
 */
public final class ShmMonitorCommand {
    private ShmMonitorCommand() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Selection selection;
        try {
            selection = select(args);
        } catch (IllegalArgumentException e) {
            System.out.println("Unhandled Exception reached the top of main: " + e.getMessage()
                    + ", application will now exit");
            return 2;
        }
        return selection.profile().runMonitor(selection.arguments(), System.out, System.err);
    }

    /** A profile and the arguments left for its monitor. */
    record Selection(ProtocolProfile profile, String[] arguments) {}

    /** The profile {@code args} ask for, and {@code args} without the profile option. */
    static Selection select(String[] args) {
        ProtocolProfile explicit = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(ProtocolProfile.OPTION)) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("the required argument for option '" + ProtocolProfile.OPTION
                            + "' is missing");
                }
                explicit = ProtocolProfile.parse(args[++i]);
            } else if (arg.startsWith(ProtocolProfile.OPTION + "=")) {
                explicit = ProtocolProfile.parse(arg.substring(ProtocolProfile.OPTION.length() + 1));
            } else {
                rest.add(arg);
            }
        }
        String[] arguments = rest.toArray(new String[0]);
        return new Selection(explicit != null ? explicit : implied(arguments), arguments);
    }

    /** The 2017 monitor's long options (PROTOCOL.md 5.1 and our extensions). */
    private static final List<String> V2017_OPTIONS = List.of("segment-name", "cleanup", "self-destruct",
            "interactive", "timeout", "help", "prefix", "status-json", "version", "leak-report");
    /** The v1.10 monitor's long options (PROTOCOL-V110.md 6.1, then our extensions). */
    private static final List<String> V110_OPTIONS = List.of("session", "shmid", "cleanup", "reset-content",
            "self-destruct", "interactive", "view", "timeout", "daemonize", "monitor", "debug", "clean-on-exit",
            "interval", "get-shmid", "list-all", "list-all-path", "verbose", "severity", "user-id", "help", "status-json",
            "leak-report");
    /** Options of either monitor that take the next token as their value when it is not attached. */
    private static final Set<String> VALUE_OPTIONS = Set.of("segment-name", "prefix", "timeout", "session", "shmid",
            "interval", "list-all-path", "severity", "user-id");

    /** V110 if some option only the v1.10 monitor knows comes before the end of the options, else V2017. */
    private static ProtocolProfile implied(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if (arg.length() >= 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-') {
                return ProtocolProfile.V110; // a short letter: the 2017 monitor has none
            }
            if (arg.length() < 3 || !arg.startsWith("--")) {
                continue; // a positional argument
            }
            int equals = arg.indexOf('=');
            String name = equals >= 0 ? arg.substring(2, equals) : arg.substring(2);
            String in2017 = match(V2017_OPTIONS, name);
            if (in2017 == null && match(V110_OPTIONS, name) != null) {
                return ProtocolProfile.V110;
            }
            String known = in2017 != null ? in2017 : name;
            if (equals < 0 && VALUE_OPTIONS.contains(known)) {
                i++; // its value
            }
        }
        return ProtocolProfile.V2017;
    }

    /** The option {@code name} denotes among {@code options}: exact, or the only one it abbreviates; else null. */
    private static String match(List<String> options, String name) {
        if (name.isEmpty()) {
            return null;
        }
        String found = null;
        for (String option : options) {
            if (option.equals(name)) {
                return option;
            }
            if (option.startsWith(name)) {
                if (found != null) {
                    return null; // ambiguous: that monitor reports it
                }
                found = option;
            }
        }
        return found;
    }
}
