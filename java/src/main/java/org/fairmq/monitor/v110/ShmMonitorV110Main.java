package org.fairmq.monitor.v110;

import java.io.PrintStream;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.transport.shmem.v110.SessionCleanup;

/**
 * {@code fairmq-shmmonitor} of the v1.10 profile (PROTOCOL-V110.md 6). This first version knows
 * {@code --get-shmid} and {@code -c}/{@code --cleanup} with {@code -s}/{@code --session} and
 * {@code --shmid}; every other mode ends with exit code 2 and says so.
 */
public final class ShmMonitorV110Main {
    private ShmMonitorV110Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the monitor and returns its exit code; all output on {@code out} (6.1). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String session = "default";
        String shmId = null;
        boolean getShmId = false;
        boolean cleanup = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("-s") || arg.equals("--session")) && i + 1 < args.length) {
                session = args[++i];
            } else if (arg.equals("--shmid") && i + 1 < args.length) {
                shmId = args[++i];
            } else if (arg.equals("--get-shmid")) {
                getShmId = true;
            } else if (arg.equals("-c") || arg.equals("--cleanup")) {
                cleanup = true;
            } else if (!arg.isEmpty()) {
                out.println("Unhandled Exception reached the top of main: option '" + arg + "' is not implemented in"
                        + " this version of the v1.10 monitor, application will now exit");
                return 2;
            }
        }
        if (getShmId) {
            long euid = ShmId.effectiveUserId();
            out.println("shmem id for session '" + session + "' and current user id " + euid + " is: "
                    + ShmId.of(session, euid));
            return 0;
        }
        ShmId id = shmId != null ? ShmId.verbatim(shmId) : ShmId.ofSession(session);
        if (cleanup) {
            SessionCleanup.cleanupFull(id, new SessionCleanup.Output() {
                @Override
                public void info(String line) {
                    out.println(line);
                }

                @Override
                public void debug(String line) {}
            });
            return 0;
        }
        out.println("Unhandled Exception reached the top of main: no mode given, application will now exit");
        return 2;
    }
}
