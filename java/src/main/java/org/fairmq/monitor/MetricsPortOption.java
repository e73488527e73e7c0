package org.fairmq.monitor;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --metrics-port <n>} (or {@code --metrics-port=<n>}), our extension of both monitors: serve
 * the monitor's metrics in the Prometheus text format on {@code http://127.0.0.1:<n>/metrics}
 * ({@code 0}: a free port), announced on stdout as {@code metrics: <url>}. The option is taken out of
 * the command line before the profile's own parser sees it, under its full name only (no prefixes),
 * so the reference's options, their abbreviations and the v1.10 help stay exactly as they are.
 *
 * <p>Serving needs Micrometer (micrometer-core and micrometer-registry-prometheus, optional
 * dependencies of the library, inside the launchers' jar): {@code org.fairmq.metrics} is loaded by
 * name only when the option is given, so a monitor without it never loads a Micrometer class.
 * Stateless.
 */
public final class MetricsPortOption {
    /** The option's name. */
    public static final String NAME = "--metrics-port";
    /** Not given. */
    public static final int ABSENT = -1;

    private static final String ENDPOINT_CLASS = "org.fairmq.metrics.MonitorMetricsEndpoint";

    private MetricsPortOption() {}

    /**
     * The command line without the option, and its port ({@link #ABSENT} if not given).
     *
     * @param port      0..65535, or {@link #ABSENT}
     * @param arguments the other arguments, in their order
     */
    public record Split(int port, String[] arguments) {}

    /**
     * Takes {@code --metrics-port} out of {@code args} (tokens after {@code --} are left alone).
     *
     * @throws CommandLineException with Boost's wording if the value is missing or not a port
     */
    public static Split split(String[] args) {
        int port = ABSENT;
        List<String> rest = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (options && arg.equals("--")) {
                options = false;
            }
            if (options && arg.equals(NAME)) {
                if (i + 1 == args.length) {
                    throw new CommandLineException("the required argument for option '" + NAME + "' is missing");
                }
                port = parsePort(args[++i]);
            } else if (options && arg.startsWith(NAME + "=")) {
                port = parsePort(arg.substring(NAME.length() + 1));
            } else {
                rest.add(arg);
            }
        }
        return new Split(port, rest.toArray(new String[0]));
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new CommandLineException("the argument ('" + text + "') for option '" + NAME + "' is invalid");
    }

    /**
     * Serves the metrics of {@code topology} on {@code port} and prints {@code metrics: <url>} to
     * {@code out}; {@link MetricsEndpoint#NONE} for {@link #ABSENT}.
     *
     * @throws IllegalStateException if Micrometer is not on the class path or the port cannot be bound
     */
    public static MetricsEndpoint serve(int port, WatchedTopology topology, PrintStream out) {
        if (port == ABSENT) {
            return MetricsEndpoint.NONE;
        }
        MetricsEndpoint endpoint;
        try {
            endpoint = (MetricsEndpoint) Class.forName(ENDPOINT_CLASS)
                    .getMethod("serve", WatchedTopology.class, int.class).invoke(null, topology, port);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LinkageError) {
                throw missingMicrometer(cause);
            }
            throw new IllegalStateException("cannot serve metrics on 127.0.0.1:" + port + ": " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw missingMicrometer(e);
        }
        out.print("metrics: " + endpoint.url() + "\n");
        out.flush();
        return endpoint;
    }

    private static IllegalStateException missingMicrometer(Throwable cause) {
        return new IllegalStateException(NAME + " needs Micrometer on the class path (io.micrometer:micrometer-core "
                + "and micrometer-registry-prometheus; bin/fairmq-shmmonitor's jar has them): " + cause, cause);
    }
}
