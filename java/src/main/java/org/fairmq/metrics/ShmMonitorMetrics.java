package org.fairmq.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.fairmq.monitor.TopologyReading;
import org.fairmq.monitor.WatchedTopology;

/**
 * The metrics of a running monitor of either profile ({@link MeterNames}): per segment of the watched
 * topology its size, free and used bytes (one time series per segment present, tag {@code segment}),
 * the DeviceCounter, the regions, the age of the last heartbeat the monitor saw, and the monitor's
 * cleanups after a heartbeat timeout.
 *
 * <p>The shared memory is read by a thread of this object every {@code refreshMs} (never by a
 * scrape, so a slow or locked segment cannot stall one, and the monitor's own loop is never held up);
 * the gauges show the last reading, at most {@code refreshMs} old. The heartbeat age and the cleanups
 * are read at the scrape.
 *
 * <p>Ownership: owns its refresh thread (daemon) from construction to {@link #close()}; holds the
 * topology (not owned). Thread-safe.
 */
public final class ShmMonitorMetrics implements MeterBinder, AutoCloseable {
    /** The default period of the shared-memory readings. */
    public static final long DEFAULT_REFRESH_MS = 1000;

    private final WatchedTopology topology;
    private final long refreshMs;
    private final Tags tags;
    private final List<MultiGauge[]> segmentGauges = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread refresher;
    /** What the segment gauges show; set before their rows change, so a new row never reads an old reading. */
    private volatile TopologyReading shown = TopologyReading.ABSENT;
    /** The reading every gauge shows; set after the rows changed. */
    private volatile TopologyReading last = TopologyReading.ABSENT;

    /** Reads {@code topology} every {@link #DEFAULT_REFRESH_MS}. */
    public ShmMonitorMetrics(WatchedTopology topology) {
        this(topology, DEFAULT_REFRESH_MS);
    }

    /** Reads {@code topology} at once and then every {@code refreshMs}. */
    public ShmMonitorMetrics(WatchedTopology topology, long refreshMs) {
        if (refreshMs <= 0) {
            throw new IllegalArgumentException("refreshMs must be positive: " + refreshMs);
        }
        this.topology = topology;
        this.refreshMs = refreshMs;
        this.tags = MeterNames.tags(topology.profile(), topology.topology(), MeterNames.MONITOR_REPORTER);
        this.refresher = new Thread(this::refreshLoop, "fairmq-monitor-metrics");
        this.refresher.setDaemon(true);
        this.refresher.start();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        TopologyGauges.register(registry, tags, () -> last.deviceCount(), () -> last.regionCount(),
                topology::nanosSinceLastHeartbeat);
        FunctionCounter.builder(MeterNames.MONITOR_CLEANUPS, topology, WatchedTopology::cleanups).tags(tags)
                .description("Cleanups of the topology after a heartbeat timeout").register(registry);
        MultiGauge[] gauges = {
            segmentGauge(registry, MeterNames.SEGMENT_SIZE, "Size of the shared memory segment"),
            segmentGauge(registry, MeterNames.SEGMENT_FREE, "Free bytes of the segment, as Boost counts them"),
            segmentGauge(registry, MeterNames.SEGMENT_USED, "Allocated bytes of the segment (size minus free)"),
        };
        synchronized (this) {
            segmentGauges.add(gauges);
            updateRows(gauges, last);
        }
    }

    private MultiGauge segmentGauge(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder(name).tags(tags).baseUnit(BaseUnits.BYTES).description(description)
                .register(registry);
    }

    private void refreshLoop() {
        try {
            do {
                TopologyReading reading = topology.read();
                synchronized (this) {
                    shown = reading;
                    for (MultiGauge[] gauges : segmentGauges) {
                        updateRows(gauges, reading);
                    }
                    last = reading; // after the rows: lastReading() is then what every gauge shows
                }
            } while (!stop.await(refreshMs, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void updateRows(MultiGauge[] gauges, TopologyReading reading) {
        rows(gauges[0], reading, TopologyReading.Segment::size);
        rows(gauges[1], reading, TopologyReading.Segment::free);
        rows(gauges[2], reading, TopologyReading.Segment::used);
    }

    /**
     * One row per segment present; a segment that is gone loses its time series. A row that stays is
     * left registered (never removed and added again, which a scrape between the two would miss); its
     * value is read at the scrape from the reading shown.
     */
    private void rows(MultiGauge gauge, TopologyReading reading, ToLongFunction<TopologyReading.Segment> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (TopologyReading.Segment segment : reading.segments()) {
            String name = segment.name();
            rows.add(MultiGauge.Row.of(Tags.of("segment", name), this, self -> self.shownValue(name, value)));
        }
        gauge.register(rows, false);
    }

    /** The value of the segment in the reading shown, or NaN when it is no longer there. */
    private double shownValue(String segmentName, ToLongFunction<TopologyReading.Segment> value) {
        for (TopologyReading.Segment segment : shown.segments()) {
            if (segment.name().equals(segmentName)) {
                return value.applyAsLong(segment);
            }
        }
        return Double.NaN;
    }

    /** The last reading of the shared memory (at most the refresh period old), which every gauge shows. */
    public TopologyReading lastReading() {
        return last;
    }

    /** Stops the refresh thread and waits for it; the meters stay registered with their last values. */
    @Override
    public void close() {
        stop.countDown();
        boolean interrupted = false;
        while (refresher.isAlive()) {
            try {
                refresher.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
