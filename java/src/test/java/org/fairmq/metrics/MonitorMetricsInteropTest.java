package org.fairmq.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.fairmq.interop.CppDevice;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.monitor.ChildProcess;
import org.fairmq.monitor.Launcher;
import org.fairmq.protocol.ShmNames;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.PrometheusScrape;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.fairmq.transport.shmem.ShmTransportStatistics;
import org.fairmq.transport.shmem.v110.V110Options;
import org.fairmq.transport.shmem.v110.V110TransportFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole metrics path against the C++ peer of each profile: bin/fairmq-shmmonitor runs with
 * {@code --metrics-port 0} beside a Java transport (whose {@link ShmTransportMetrics} are served by a
 * {@link MetricsHttpServer} of its own) and the C++ device, which pushes N messages of a known size to
 * the Java side. Both endpoints are scraped over HTTP: the monitor sees both devices, their
 * heartbeats and the segment's size; the Java channel's counters equal what the C++ peer reports it
 * sent; the monitor sees the C++ device leave. Every wait is for an event; nothing is left in /dev/shm.
 */
class MonitorMetricsInteropTest {
    private static final long DEADLINE_MS = 60_000;
    private static final long SEGMENT_SIZE = 64L << 20;
    private static final int MESSAGES = 200;
    private static final int SIZE = 1000;

    /** What differs between the profiles: names, the monitor's and the C++ peer's command lines. */
    enum Profile {
        V2017 {
            final String prefix = DevShm.uniquePrefix("metricsio");
            final ShmNames names = ShmNames.withPrefix(prefix);

            @Override
            String[] monitorArgs() {
                return new String[] {"--prefix", prefix, "--timeout", "60000"};
            }

            @Override
            TransportFactory java() {
                return ShmTransportFactory.create(ShmOptions.defaults("java").withNames(names)
                        .withSegmentSize(SEGMENT_SIZE));
            }

            @Override
            CppDevice cppPusher(String endpoint) {
                return CppDevice.start(InteropBinaries.device(), List.of("--role", "push", "--endpoint", endpoint,
                        "--method", "connect", "--transport", "shmem", "--prefix", prefix, "--segment-size",
                        Long.toString(SEGMENT_SIZE), "--num-msgs", Integer.toString(MESSAGES), "--size",
                        Integer.toString(SIZE), "--hold-ms", "600000", "--linger-ms", "30000"));
            }

            @Override
            String segment() {
                return names.mainSegment();
            }

            @Override
            String prefix() {
                return prefix;
            }

            @Override
            List<String> leftovers() {
                NamedMutex.remove(names.mutex()); // devices never remove it (PROTOCOL.md 2.2 step 4)
                return DevShm.leftWith(prefix);
            }
        },
        V110 {
            final String session = "jmetricsio-" + UUID.randomUUID();
            final V110Options options = V110Options.defaults("java", session).withSegmentSize(SEGMENT_SIZE);

            @Override
            String[] monitorArgs() {
                return new String[] {"-m", "--session", session, "-t", "60000"};
            }

            @Override
            TransportFactory java() {
                return V110TransportFactory.create(options);
            }

            @Override
            CppDevice cppPusher(String endpoint) {
                return CppDevice.start(InteropBinaries.deviceV110(), List.of("--role", "push", "--session", session,
                        "--endpoint", endpoint, "--method", "connect", "--shm-segment-size", Long.toString(SEGMENT_SIZE),
                        "--num-msgs", Integer.toString(MESSAGES), "--size", Integer.toString(SIZE), "--timeout-ms",
                        "60000", "--linger-ms", "30000", "--hold-ms", "600000"));
            }

            @Override
            String segment() {
                return options.names().segment(0);
            }

            @Override
            String prefix() {
                return options.names().prefix();
            }

            @Override
            List<String> leftovers() {
                return DevShm.leftWith(prefix());
            }

            @Override
            String topology() {
                return ShmId.ofSession(session).toString();
            }
        };

        abstract String[] monitorArgs();

        abstract TransportFactory java();

        abstract CppDevice cppPusher(String endpoint);

        abstract String segment();

        abstract String prefix();

        abstract List<String> leftovers();

        String topology() {
            return prefix();
        }
    }

    /** Scrapes {@code url} until {@code condition} holds; returns that scrape. */
    private static PrometheusScrape awaitScrape(String url, String what, Predicate<PrometheusScrape> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (true) {
            PrometheusScrape scrape = PrometheusScrape.get(url);
            if (scrape.status() == 200 && condition.test(scrape)) {
                return scrape;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last scrape:\n" + scrape.body());
            }
            Thread.sleep(50);
        }
    }

    private static double value(PrometheusScrape scrape, String name, String... labels) {
        return scrape.value(name, labels).orElse(Double.NaN);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Profile.class)
    void shouldScrapeWhatTheCppPeerDid(Profile profile) throws Exception {
        String[] monitorArgs = concat(profile.monitorArgs(), "--metrics-port", "0");
        try (ChildProcess monitor = ChildProcess.start("monitor", Launcher.monitor(monitorArgs))) {
            String url = monitor.awaitLineStartingWith("metrics: ", DEADLINE_MS).text().substring("metrics: ".length());
            assertTrue(url.startsWith("http://127.0.0.1:") && url.endsWith("/metrics"), url);
            PrometheusScrape first = PrometheusScrape.get(url);
            assertEquals("text/plain; version=0.0.4; charset=utf-8", first.contentType());

            try (TransportFactory java = profile.java();
                    ShmTransportMetrics metrics = new ShmTransportMetrics((ShmTransportStatistics) java)) {
                String profileName = ((ShmTransportStatistics) java).profile();
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                metrics.bindTo(registry);
                try (MetricsHttpServer javaEndpoint = MetricsHttpServer.start(registry, 0)) {
                    Socket pull = java.createSocket(SocketType.PULL, "data[0]");
                    assertTrue(pull.bind("ipc://" + ipcFile(profile)));
                    try (CppDevice cpp = profile.cppPusher(pull.lastEndpoint())) {
                        cpp.awaitReady(DEADLINE_MS);
                        try (Message in = java.createMessage()) {
                            for (int i = 0; i < MESSAGES; i++) {
                                assertEquals(SIZE, pull.receive(in, DEADLINE_MS), "message " + i);
                            }
                        }
                        String[] topology = {"profile", profileName, "topology", profile.topology()};
                        // the segment's series too: a new segment's series appear one by one, and a
                        // scrape between two of them shows only the first
                        PrometheusScrape both = awaitScrape(url, "two devices, a heartbeat and the segment", s ->
                                value(s, "fairmq_shm_devices", topology) == 2
                                        && value(s, "fairmq_shm_heartbeat_age_seconds", topology) < 10
                                        && !Double.isNaN(value(s, "fairmq_shm_segment_size_bytes", "segment",
                                                profile.segment()))
                                        && !Double.isNaN(value(s, "fairmq_shm_segment_used_bytes", "segment",
                                                profile.segment())));
                        assertEquals(SEGMENT_SIZE, value(both, "fairmq_shm_segment_size_bytes", "segment",
                                profile.segment()), both.lines("fairmq_shm_segment"));
                        double used = value(both, "fairmq_shm_segment_used_bytes", "segment", profile.segment());
                        assertTrue(used > 0 && used < SEGMENT_SIZE, "used " + used);
                        assertEquals(0, value(both, "fairmq_shm_monitor_cleanups_total", topology));

                        cpp.terminate();
                        assertEquals(0, cpp.awaitExit(DEADLINE_MS), "C++ sender: " + cpp.output());
                        Map<String, String> summary = cpp.summary();
                        assertEquals(Integer.toString(MESSAGES), summary.get("msgs"));
                        PrometheusScrape javaSide = PrometheusScrape.get(javaEndpoint.url());
                        String[] channel = {"socket", pull.id(), "profile", profileName};
                        assertEquals(Double.parseDouble(summary.get("msgs")),
                                value(javaSide, "fairmq_shm_socket_messages_received_total", channel),
                                javaSide.lines("fairmq_shm_socket"));
                        assertEquals(Double.parseDouble(summary.get("bytes")),
                                value(javaSide, "fairmq_shm_socket_payload_received_bytes_total", channel));
                        assertEquals((double) MESSAGES * SIZE,
                                value(javaSide, "fairmq_shm_socket_payload_received_bytes_total", channel));
                        assertEquals(0, value(javaSide, "fairmq_shm_socket_frames_rejected_total", "socket", pull.id(),
                                "cause", "NOT_A_CHUNK"));
                        assertEquals(SEGMENT_SIZE, value(javaSide, "fairmq_shm_segment_size_bytes"));

                        awaitScrape(url, "the C++ device gone", s -> value(s, "fairmq_shm_devices", topology) == 1);
                    }
                }
            }
            monitor.signal("TERM");
            assertEquals(0, monitor.exitCode(DEADLINE_MS), "monitor: " + monitor.lines() + monitor.errorLines());
        }
        Files.deleteIfExists(ipcFile(profile)); // libzmq leaves a bound ipc socket's file
        assertEquals(List.of(), profile.leftovers(), "objects left in /dev/shm");
    }

    private static Path ipcFile(Profile profile) {
        return Path.of("/tmp", profile.prefix() + "data.ipc");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
