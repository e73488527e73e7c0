package org.fairmq.monitor;

/**
 * A running Prometheus endpoint of a monitor ({@code --metrics-port}), as the monitors see it without
 * depending on Micrometer: {@link MetricsPortOption#serve} makes one. Thread-safe.
 */
public interface MetricsEndpoint extends AutoCloseable {
    /** The endpoint that never runs (no {@code --metrics-port}). */
    MetricsEndpoint NONE = new MetricsEndpoint() {
        @Override
        public String url() {
            return "";
        }

        @Override
        public void close() {}
    };

    /** {@code http://127.0.0.1:<port>/metrics}; empty for {@link #NONE}. */
    String url();

    /** Stops serving. */
    @Override
    void close();
}
