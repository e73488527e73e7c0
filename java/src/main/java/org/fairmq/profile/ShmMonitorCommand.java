package org.fairmq.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code fairmq-shmmonitor} (the {@code bin/} launcher's main class): picks the protocol profile
 * from the command line and runs that profile's monitor. {@code --shm-protocol <version>} (or
 * {@code --shm-protocol=<version>}) picks one explicitly and is removed from the arguments; without
 * it the 2017 monitor runs.
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
        return new Selection(explicit != null ? explicit : ProtocolProfile.V2017, arguments);
    }
}
