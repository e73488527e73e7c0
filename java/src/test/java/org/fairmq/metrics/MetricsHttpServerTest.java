package org.fairmq.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.fairmq.testing.PrometheusScrape;
import org.junit.jupiter.api.Test;

/** {@link MetricsHttpServer}: Prometheus text on 127.0.0.1 at /metrics, 404 elsewhere, 405 for other methods. */
class MetricsHttpServerTest {
    @Test
    void shouldServeThePrometheusTextOnLoopbackOnly() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("fairmq.test.things").register(registry).increment(3);
        try (MetricsHttpServer server = MetricsHttpServer.start(registry, 0)) {
            assertTrue(server.port() > 0);
            assertEquals("http://127.0.0.1:" + server.port() + "/metrics", server.url());
            PrometheusScrape ok = PrometheusScrape.get(server.url());
            assertEquals(200, ok.status());
            assertEquals(MetricsHttpServer.CONTENT_TYPE, ok.contentType());
            assertEquals(3.0, ok.value("fairmq_test_things_total").orElseThrow(), ok.body());
            assertEquals(404, PrometheusScrape.get("http://127.0.0.1:" + server.port() + "/other").status());
            assertEquals(405, PrometheusScrape.request("DELETE", server.url()).status());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
