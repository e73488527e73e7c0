package org.fairmq.monitor.v110;

import java.io.IOException;
import java.io.PrintStream;
import org.fairmq.monitor.MetricsEndpoint;
import org.fairmq.monitor.MetricsPortOption;
import org.fairmq.monitor.SignalWatcher;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.terminal.TerminalKeyInput;

/**
 * {@code fairmq-shmmonitor} of the v1.10 profile (PROTOCOL-V110.md 6): the modes in the precedence
 * of 6.2, all output on stdout (6.1), the exit codes of 6.8.
 *
 * <p>Daemonising ({@code -d -m}, 6.9) cannot be done by a JVM (no fork); the launcher
 * {@code bin/fairmq-shmmonitor} detaches the process before the JVM starts (and opens the
 * {@code --verbose} log file) and marks the detached child with {@link #DAEMON_MARKER}. Here
 * {@code -d} therefore only means: if the marker is set and {@code --verbose} was given, log at
 * trace severity (the reference's file sink severity).
 *
 * <p>{@code --metrics-port <n>} (extension, {@link MetricsPortOption}, not in the reference's help)
 * serves the metrics of a running monitor ({@code -m}, {@code -i}) for Prometheus.
 */
public final class ShmMonitorV110Main {
    /** The environment variable bin/fairmq-shmmonitor sets in the detached monitor (6.9). */
    public static final String DAEMON_MARKER = "FAIRMQ_SHMMONITOR_DAEMONIZED";

    private ShmMonitorV110Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the monitor and returns its exit code; all output on {@code out} (6.1), {@code err} stays
     * unused. Monitor and interactive modes install process-wide SIGINT/SIGTERM handlers (6.2 step 14)
     * and read keys from this process's standard input.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            MetricsPortOption.Split split = MetricsPortOption.split(args);
            return runModes(MonitorV110Options.parse(split.arguments()), split.port(), out);
        } catch (RuntimeException | IOException e) {
            // 6.8: any other exception (a Boost parse error among them)
            out.print("Unhandled Exception reached the top of main: " + e.getMessage() + ", application will now exit\n");
            out.flush();
            return 2;
        }
    }

    private static int runModes(MonitorV110Options o, int metricsPort, PrintStream out) throws IOException {
        ConsoleLog plain = new ConsoleLog(out, Severity.INFO);
        // 6.2 step 2
        if (o.help()) {
            plain.print(MonitorV110Options.helpText());
            return 0;
        }
        // step 3
        Severity severity = Severity.parse(o.severity());
        if (severity == null) {
            // not a reference text: FairLogger's reaction to an unknown name is not in PROTOCOL-V110.md
            throw new IllegalArgumentException("unknown severity '" + o.severity() + "'");
        }
        if (o.verbose() && o.daemonize() && o.monitor() && System.getenv(DAEMON_MARKER) != null) {
            severity = Severity.TRACE; // 6.9: the --verbose file sink logs at trace
        }
        ConsoleLog log = new ConsoleLog(out, severity);
        if (o.getShmId()) {
            // 6.2 step 3, Appendix A ID1; --shmid is ignored (F5)
            if (o.userId() == -1) {
                long euid = ShmId.effectiveUserId();
                plain.print("shmem id for session '" + o.session() + "' and current user id " + euid + " is: "
                        + ShmId.of(o.session(), euid) + "\n");
            } else {
                plain.print("shmem id for session '" + o.session() + "' and user id " + o.userId() + " is: "
                        + ShmId.of(o.session(), o.userId()) + "\n");
            }
            return 0;
        }
        // step 4
        ShmId shmId = o.shmId().isEmpty() ? ShmId.ofSession(o.session()) : ShmId.verbatim(o.shmId());
        // extensions (leak accounting): read-only, before every mode that changes something
        if (o.leakReport()) {
            return SessionLeakReport.run(shmId, out);
        }
        if (o.statusJson()) {
            out.print(SessionStatusJson.collect(shmId) + "\n");
            out.flush();
            return 0;
        }
        // steps 5-8
        if (o.cleanup()) {
            MonitorV110.cleanupFull(shmId, log); // 2.5, 6.6
            return 0;
        }
        if (o.resetContent()) {
            MonitorV110.resetContent(shmId, log); // 2.8, 6.6
            return 0;
        }
        if (o.debug()) {
            log.info(InteractiveLoop.NO_DEBUG_MODE); // 6.6
            return 0;
        }
        if (o.listAll()) {
            MonitorV110.listAll(o.listAllPath(), out); // 6.7
            return 0;
        }
        // step 9
        boolean viewOnly = o.viewOnly() || (!o.interactive() && !o.monitor());
        // step 10
        if (viewOnly && !o.interactive()) {
            if (!SegmentTable.of(shmId, log::info).map(text -> {
                log.print(text);
                return true;
            }).orElse(false)) {
                log.info("No segments found."); // 6.2 step 10, S26
            }
            return 0;
        }
        // step 11: done by bin/fairmq-shmmonitor before the JVM started (see the class comment)
        // step 12 (the session printed is the -s value, S17)
        log.info("Starting shared memory monitor for session: \"" + o.session() + "\" (shm id: " + shmId + ")...");
        SessionMonitor.Settings settings = new SessionMonitor.Settings(shmId, o.selfDestruct(), o.interactive(),
                viewOnly, o.timeoutMs(), o.intervalMs(), o.monitor(), o.cleanOnExit());
        SignalWatcher signals = SignalWatcher.install();
        SessionMonitor monitor;
        try {
            monitor = new SessionMonitor(settings, log, TerminalKeyInput::open); // step 13
        } catch (DaemonPresentException e) {
            log.error(e.getMessage());
            return 0; // 6.8
        }
        try (monitor; MetricsEndpoint metrics = MetricsPortOption.serve(metricsPort, monitor, out)) {
            signals.attach(monitor::onSignal); // step 14
            monitor.run(); // step 15
        } // step 16
        return 0;
    }
}
