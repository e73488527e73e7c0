package org.fairmq.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.fairmq.metrics.ShmTopologies.Profile;
import org.fairmq.metrics.ShmTopologies.Topology;
import org.fairmq.monitor.Monitor;
import org.fairmq.monitor.TopologyReading;
import org.fairmq.monitor.WatchedTopology;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.Await;
import org.fairmq.testing.PrometheusScrape;
import org.junit.jupiter.api.Test;

/**
 * {@link ShmMonitorMetrics} over a scripted {@link WatchedTopology}: one time series per segment
 * present, gone with the segment; devices, regions, heartbeat age and cleanups as the topology says.
 */
class ShmMonitorMetricsTest {
    private static final long DEADLINE_MS = 30_000;

    /** A topology whose readings the test sets. */
    static final class ScriptedTopology implements WatchedTopology {
        volatile TopologyReading reading = TopologyReading.ABSENT;
        volatile long heartbeatNanos = -1;
        volatile long cleanups;
        final AtomicLong reads = new AtomicLong();

        @Override
        public String profile() {
            return "2017";
        }

        @Override
        public String topology() {
            return "scripted_";
        }

        @Override
        public TopologyReading read() {
            reads.incrementAndGet();
            return reading;
        }

        @Override
        public long nanosSinceLastHeartbeat() {
            return heartbeatNanos;
        }

        @Override
        public long cleanups() {
            return cleanups;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, DEADLINE_MS, condition);
    }

    @Test
    void shouldFollowTheSegmentsDevicesAndHeartbeatsOfTheTopology() throws Exception {
        ScriptedTopology topology = new ScriptedTopology();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ShmMonitorMetrics metrics = new ShmMonitorMetrics(topology, 10)) {
            metrics.bindTo(registry);
            assertTrue(Double.isNaN(registry.get(MeterNames.HEARTBEAT_AGE).gauge().value()), "no heartbeat yet");
            assertEquals(0, registry.get(MeterNames.DEVICES).gauge().value());
            assertEquals(null, registry.find(MeterNames.SEGMENT_SIZE).gauge(), "no segment, no series");

            topology.reading = new TopologyReading(List.of(new TopologyReading.Segment("t_main", 1000, 600),
                    new TopologyReading.Segment("t_management", 100, 90)), 3, 2);
            topology.heartbeatNanos = 1_500_000_000L;
            topology.cleanups = 1;
            await("the reading", () -> metrics.lastReading() == topology.reading);
            assertEquals(1000, registry.get(MeterNames.SEGMENT_SIZE).tags("segment", "t_main", "profile", "2017",
                    "topology", "scripted_", "reporter", MeterNames.MONITOR_REPORTER).gauge().value());
            assertEquals(600, registry.get(MeterNames.SEGMENT_FREE).tag("segment", "t_main").gauge().value());
            assertEquals(400, registry.get(MeterNames.SEGMENT_USED).tag("segment", "t_main").gauge().value());
            assertEquals(10, registry.get(MeterNames.SEGMENT_USED).tag("segment", "t_management").gauge().value());
            assertEquals(3, registry.get(MeterNames.DEVICES).gauge().value());
            assertEquals(2, registry.get(MeterNames.REGIONS).gauge().value());
            assertEquals(1.5, registry.get(MeterNames.HEARTBEAT_AGE).gauge().value());
            assertEquals(1, registry.get(MeterNames.MONITOR_CLEANUPS).functionCounter().count());

            topology.reading = new TopologyReading(List.of(new TopologyReading.Segment("t_management", 100, 95)), 0, 0);
            await("the second reading", () -> metrics.lastReading() == topology.reading);
            assertEquals(null, registry.find(MeterNames.SEGMENT_SIZE).tag("segment", "t_main").gauge(),
                    "a removed segment loses its series");
            assertEquals(5, registry.get(MeterNames.SEGMENT_USED).tag("segment", "t_management").gauge().value());
        }
    }

    @Test
    void shouldKeepTheSeriesOfASegmentThatStaysThroughEveryRefresh() throws Exception {
        ScriptedTopology topology = new ScriptedTopology();
        topology.reading = new TopologyReading(List.of(new TopologyReading.Segment("t_main", 1000, 600)), 1, 0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ShmMonitorMetrics metrics = new ShmMonitorMetrics(topology, 1)) {
            metrics.bindTo(registry);
            await("the reading", () -> metrics.lastReading() == topology.reading);
            long until = topology.reads.get() + 300;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
            long looks = 0;
            while (topology.reads.get() < until) { // 300 refreshes while the test looks, without a pause
                assertEquals(1000, registry.get(MeterNames.SEGMENT_SIZE).tag("segment", "t_main").gauge().value(),
                        "after " + looks + " looks");
                looks++;
                assertTrue(System.nanoTime() < deadline, "the monitor stopped refreshing");
            }
        }
    }

    @Test
    void shouldShareAPrometheusRegistryWithTheMetricsOfATransport() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Topology t = Profile.V2017.open(8L << 20); ShmTransportMetrics transport = new ShmTransportMetrics(t.stats)) {
            transport.bindTo(registry);
            try (Monitor monitor = Monitor.builder(ShmNames.withPrefix(t.prefix))
                    .output(new PrintStream(new ByteArrayOutputStream())).start();
                    ShmMonitorMetrics metrics = new ShmMonitorMetrics(monitor, 10)) {
                metrics.bindTo(registry);
                await("the monitor's reading", () -> !metrics.lastReading().segments().isEmpty());
                PrometheusScrape scrape = new PrometheusScrape(200, "", registry.scrape());
                String main = t.stats.segmentName();
                assertEquals(8L << 20, scrape.value("fairmq_shm_segment_size_bytes", "segment", main, "reporter", "java")
                        .orElseThrow(), scrape.body());
                assertEquals(8L << 20, scrape.value("fairmq_shm_segment_size_bytes", "segment", main, "reporter",
                        MeterNames.MONITOR_REPORTER).orElseThrow(), scrape.body());
                assertEquals(1, scrape.value("fairmq_shm_devices", "reporter", MeterNames.MONITOR_REPORTER)
                        .orElseThrow());
            }
        }
    }
}
