package org.fairmq.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.fairmq.monitor.MetricsEndpoint;
import org.fairmq.monitor.WatchedTopology;

/**
 * A monitor's {@code --metrics-port}: a Prometheus registry with {@link ShmMonitorMetrics} of the
 * watched topology, served by a {@link MetricsHttpServer} on the loopback address. The monitors reach
 * it by name through {@code org.fairmq.monitor.MetricsPortOption}, so that they load Micrometer only
 * when asked to. Ownership: owns the registry, the binder's thread and the server until
 * {@link #close()}. Thread-safe.
 */
public final class MonitorMetricsEndpoint implements MetricsEndpoint {
    private final ShmMonitorMetrics metrics;
    private final MetricsHttpServer server;

    private MonitorMetricsEndpoint(ShmMonitorMetrics metrics, MetricsHttpServer server) {
        this.metrics = metrics;
        this.server = server;
    }

    /**
     * Serves the metrics of {@code topology} on {@code 127.0.0.1:port} (0: a free port).
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static MonitorMetricsEndpoint serve(WatchedTopology topology, int port) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ShmMonitorMetrics metrics = new ShmMonitorMetrics(topology);
        metrics.bindTo(registry);
        try {
            return new MonitorMetricsEndpoint(metrics, MetricsHttpServer.start(registry, port));
        } catch (IOException e) {
            metrics.close();
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String url() {
        return server.url();
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
    }
}
