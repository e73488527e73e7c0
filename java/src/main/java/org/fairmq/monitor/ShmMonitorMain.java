package org.fairmq.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;
import org.fairmq.ipc.NativeInfo;
import org.fairmq.protocol.ShmNames;

/**
 * {@code fairmq-shmmonitor}: the command line of the C++ {@code shmmonitor} (PROTOCOL.md 5.1-5.3)
 * around {@link Monitor}. Output on stdout exactly as the reference prints it.
 *
 * <p>Exit codes: 0 normal (also after SIGINT/SIGTERM); 1 another monitor appears to be running;
 * 2 an unhandled exception, with {@code Unhandled Exception reached the top of main: <what>,
 * application will now exit} on stderr. A bad command line is such an exception in the reference
 * (Boost throws), so it also exits with 2 after that line, followed here by an empty line and the
 * usage.
 *
 * <p>{@code --metrics-port <n>} (extension, {@link MetricsPortOption}) serves the running monitor's
 * metrics for Prometheus.
 */
public final class ShmMonitorMain {
    private ShmMonitorMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the program with the given streams, SIGINT and SIGTERM ending it, and returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, true);
    }

    /**
     * Runs the program with the given streams and returns its exit code. With
     * {@code installSignalHandlers}, SIGINT and SIGTERM end the monitor (process-wide).
     */
    static int run(String[] args, PrintStream out, PrintStream err, boolean installSignalHandlers) {
        try {
            MetricsPortOption.Split split = MetricsPortOption.split(args);
            MonitorOptions options = MonitorOptions.parse(split.arguments());
            if (options.help()) {
                print(out, MonitorOptions.helpText());
                return 0;
            }
            if (options.version()) {
                print(out, versionText());
                return 0;
            }
            ShmNames names = options.names();
            if (options.cleanup()) {
                print(out, "Cleaning up \"" + options.segmentName() + "\"...\n");
                Monitor.cleanup(names, out);
                Monitor.removeControlQueue(names);
                return 0;
            }
            if (options.leakReport()) {
                return SegmentLeakReport.run(names.mainSegment(), out, err);
            }
            if (options.statusJson()) {
                print(out, StatusJson.collect(names) + "\n");
                return 0;
            }
            print(out, "Starting monitor for shared memory segment: \"" + options.segmentName() + "\"...\n");
            SignalWatcher signals = installSignalHandlers ? SignalWatcher.install() : null;
            Monitor monitor;
            try {
                monitor = Monitor.builder(names).selfDestruct(options.selfDestruct()).interactive(options.interactive())
                        .timeoutMs(options.timeoutMs()).output(out).diagnostics(err).start();
            } catch (MonitorAlreadyRunningException e) {
                print(out, e.getMessage() + "\n");
                return 1;
            }
            MetricsEndpoint metrics;
            try {
                metrics = MetricsPortOption.serve(split.port(), monitor, out);
            } catch (RuntimeException e) {
                monitor.close();
                throw e;
            }
            try (metrics) {
                if (signals != null) {
                    signals.attach(monitor);
                }
                awaitEnd(monitor);
            }
            if (monitor.failure().isPresent()) {
                return unhandled(err, monitor.failure().get());
            }
            return 0;
        } catch (CommandLineException e) {
            int code = unhandled(err, e);
            print(err, "\n" + MonitorOptions.helpText());
            return code;
        } catch (RuntimeException | Error e) {
            return unhandled(err, e);
        }
    }

    private static void awaitEnd(Monitor monitor) {
        while (true) {
            try {
                monitor.awaitTermination();
                return;
            } catch (InterruptedException e) {
                // only the monitor ends the program; the signal handler stops it
            }
        }
    }

    private static int unhandled(PrintStream err, Throwable e) {
        print(err, "Unhandled Exception reached the top of main: " + e.getMessage() + ", application will now exit\n");
        return 2;
    }

    /** {@code fairmq-shmmonitor <version> (fairmq-shmem-java)} and the Boost line. */
    static String versionText() {
        return "fairmq-shmmonitor " + projectVersion() + " (fairmq-shmem-java, FairMQ shmem protocol of 2017)\n"
                + "Boost " + NativeInfo.boostVersion() + "\n";
    }

    private static String projectVersion() {
        Properties properties = new Properties();
        try (InputStream in = ShmMonitorMain.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return properties.getProperty("version", "unknown");
    }

    private static void print(PrintStream stream, String text) {
        stream.print(text);
        stream.flush();
    }
}
