package org.fairmq.metrics;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.fairmq.transport.shmem.FullSegmentWaits;
import org.fairmq.transport.shmem.ShmTransportStatistics;

/**
 * The metrics of one shmem transport of either profile ({@link MeterNames}): gauges of the segment it
 * allocates in (size, free, used), the topology's devices and regions, the age of the transport's own
 * last heartbeat; the full-segment waits (count and total time); per socket, counters of messages and
 * payload bytes sent and received and of rejected frames by cause, registered when the socket opens
 * and removed when it closes. Every value is read from what the transport keeps anyway when the
 * registry asks for it: no work per message.
 *
 * <pre>{@code
 * ShmTransportMetrics metrics = new ShmTransportMetrics(transport); // ShmTransportFactory or V110TransportFactory
 * metrics.bindTo(registry);
 * ...
 * metrics.close(); // before or after the transport closes
 * }</pre>
 *
 * <p>Ownership: holds the transport (not owned) and the socket watches; {@link #close()} removes the
 * socket meters and stops watching; the gauges read NaN once the transport is closed. Thread-safe.
 */
public final class ShmTransportMetrics implements MeterBinder, AutoCloseable {
    private final ShmTransportStatistics transport;
    private final List<Runnable> stops = new CopyOnWriteArrayList<>();

    public ShmTransportMetrics(ShmTransportStatistics transport) {
        this.transport = transport;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = MeterNames.tags(transport.profile(), transport.topology(), transport.id());
        TopologyGauges.registerSegment(registry, tags, transport.segmentName(), transport::segmentSize,
                transport::segmentFreeMemory);
        TopologyGauges.register(registry, tags, transport::deviceCount, transport::regionCount,
                transport::nanosSinceLastHeartbeat);
        FunctionTimer.builder(MeterNames.FULL_SEGMENT_WAITS, transport.fullSegmentWaits(), FullSegmentWaits::count,
                FullSegmentWaits::totalNanos, TimeUnit.NANOSECONDS).tags(tags)
                .description("Allocations that waited for a full segment, and their waiting time").register(registry);
        SocketMeters sockets = new SocketMeters(registry, tags);
        Runnable unwatch = transport.watchSockets(sockets);
        stops.add(() -> {
            unwatch.run();
            sockets.removeAll();
        });
    }

    /** Stops watching the transport's sockets and removes their meters from every registry. */
    @Override
    public void close() {
        for (Runnable stop : stops) {
            stop.run();
        }
        stops.clear();
    }
}
