package org.fairmq.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.function.LongSupplier;

/**
 * The gauges the transport and the monitor binders share: devices, regions, heartbeat age, and the
 * size, free and used bytes of a segment. Each reads its value when the registry asks (a scrape);
 * a reading that fails (the transport closed, the segment was removed) or is negative (not known)
 * is NaN. Stateless.
 */
final class TopologyGauges {
    private TopologyGauges() {}

    static void register(MeterRegistry registry, Tags tags, LongSupplier devices, LongSupplier regions,
            LongSupplier nanosSinceLastHeartbeat) {
        Gauge.builder(MeterNames.DEVICES, () -> known(devices)).tags(tags)
                .description("Devices attached to the topology (its DeviceCounter)").register(registry);
        Gauge.builder(MeterNames.REGIONS, () -> known(regions)).tags(tags)
                .description("Unmanaged regions of the topology").register(registry);
        Gauge.builder(MeterNames.HEARTBEAT_AGE, () -> known(nanosSinceLastHeartbeat) / 1e9).tags(tags)
                .baseUnit("seconds").description("Time since the last heartbeat; NaN before the first")
                .register(registry);
    }

    static void registerSegment(MeterRegistry registry, Tags tags, String segment, LongSupplier size,
            LongSupplier free) {
        Tags segmentTags = tags.and("segment", segment);
        Gauge.builder(MeterNames.SEGMENT_SIZE, () -> known(size)).tags(segmentTags).baseUnit(BaseUnits.BYTES)
                .description("Size of the shared memory segment").register(registry);
        Gauge.builder(MeterNames.SEGMENT_FREE, () -> known(free)).tags(segmentTags).baseUnit(BaseUnits.BYTES)
                .description("Free bytes of the segment, as Boost counts them").register(registry);
        Gauge.builder(MeterNames.SEGMENT_USED, () -> known(size) - known(free)).tags(segmentTags)
                .baseUnit(BaseUnits.BYTES).description("Allocated bytes of the segment (size minus free)")
                .register(registry);
    }

    /** The value, or NaN when it cannot be read or is negative (unknown). */
    static double known(LongSupplier value) {
        try {
            long v = value.getAsLong();
            return v < 0 ? Double.NaN : v;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
