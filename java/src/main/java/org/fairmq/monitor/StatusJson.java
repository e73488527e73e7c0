package org.fairmq.monitor;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.fairmq.ipc.AllocatedBlock;
import org.fairmq.ipc.AllocatedBlocks;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.NativeInfo;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.ShmNames;

/**
 * {@code --status-json} (our extension): one JSON object on one line describing every object of
 * the topology, for scripts and health checks. Keys, in order:
 * <pre>
 * prefix, boost_version,
 * main_segment       {name, present, managed, reason?, size, free, sane, device_count,
 *                     used, used_trend {bytes, over_ms}, allocated {chunks, bytes, block_bytes, listed [{offset, size}]}}
 * management_segment {name, present, managed, reason?, size, free, region_counter, monitor_status}
 * mutex              {name, present}
 * control_queue      {name, present, messages}
 * regions            [{id, name, size}]   (the regions 1..region_counter that exist)
 * ms_since_last_heartbeat   number or null
 * </pre>
 * Fields after {@code present} appear only for present objects, after {@code managed} only for
 * managed segments; {@code reason} says why a present segment is not one. Heartbeats flow only
 * while a control queue exists (a monitor runs): the value is measured by listening on that queue
 * for up to {@link #LISTEN_MS} ms after dropping what was queued (its age is unknown), and is null
 * when nothing arrived or there is no queue.
 *
 * <p>Leak accounting: {@code used} is the main segment's size minus its free memory (Boost's
 * count: headers and the protocol's own objects included); {@code used_trend} is how much it
 * changed between a first sample taken before that listening and the one reported, {@code over_ms}
 * apart, at least {@link #LISTEN_MS} also when there is no queue to listen on (the one-shot command
 * samples twice rather than keeping history). {@code allocated} comes
 * from a read-only walk of the block list: the user chunks beyond the segment's empty state (the
 * DeviceCounter not counted), the first {@link #LISTED_CHUNKS} of them as {@code (offset, size)};
 * it is {@code null}, with {@code allocated_error}, when the walk failed (a stuck lock, a corrupt
 * block list). Nothing is created or removed. Stateless.
 */
public final class StatusJson {
    /** How long to wait for a fresh heartbeat: three periods of PROTOCOL.md 2.3. */
    static final long LISTEN_MS = 300;

    /** How many allocated chunks {@code allocated.listed} names at most. */
    public static final int LISTED_CHUNKS = 16;

    private StatusJson() {}

    static String collect(ShmNames names) {
        OptionalLong usedBefore = used(names.mainSegment());
        long sampledAt = System.nanoTime();
        OptionalLong heartbeat = listenForHeartbeat(names.controlQueue());
        awaitSecondSample(sampledAt);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("prefix", names.prefix());
        status.put("boost_version", NativeInfo.boostVersion());
        status.put("main_segment", mainSegment(names.mainSegment(), usedBefore, sampledAt));
        Map<String, Object> management = new LinkedHashMap<>();
        long regionCounter = managementSegment(names.managementSegment(), management);
        status.put("management_segment", management);
        Map<String, Object> mutex = new LinkedHashMap<>();
        mutex.put("name", names.mutex());
        mutex.put("present", Files.exists(ManagedSegmentProbe.file("sem." + names.mutex())));
        status.put("mutex", mutex);
        status.put("control_queue", controlQueue(names.controlQueue()));
        status.put("regions", regions(names, regionCounter));
        status.put("ms_since_last_heartbeat",
                heartbeat.isEmpty() ? null : (Object) ((System.nanoTime() - heartbeat.getAsLong()) / 1_000_000L));
        return Json.write(status);
    }

    private static Map<String, Object> mainSegment(String name, OptionalLong usedBefore, long sampledAt) {
        Map<String, Object> json = new LinkedHashMap<>();
        ManagedSegment segment = open(name, json);
        if (segment != null) {
            try (segment) {
                json.put("size", segment.size());
                long free = segment.freeMemory();
                long now = System.nanoTime();
                json.put("free", free);
                json.put("sane", segment.checkSanity());
                json.put("device_count", segment.findDeviceCounter().orElse(0));
                long used = segment.size() - free;
                json.put("used", used);
                Map<String, Object> trend = new LinkedHashMap<>();
                trend.put("bytes", usedBefore.isPresent() ? (Object) (used - usedBefore.getAsLong()) : null);
                trend.put("over_ms", (now - sampledAt) / 1_000_000L);
                json.put("used_trend", trend);
                try {
                    json.put("allocated", allocated(segment.allocatedBlocks(LISTED_CHUNKS)));
                } catch (ShmException e) {
                    json.put("allocated", null);
                    json.put("allocated_error", e.getMessage());
                }
            }
        }
        return json;
    }

    /** The JSON of a walk's result (shared with the v1.10 monitor's {@code --status-json}). */
    public static Map<String, Object> allocated(AllocatedBlocks blocks) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("chunks", blocks.count());
        json.put("bytes", blocks.bytes());
        json.put("block_bytes", blocks.blockBytes());
        List<Object> listed = new ArrayList<>();
        for (AllocatedBlock block : blocks.listed()) {
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("offset", block.offset());
            chunk.put("size", block.size());
            listed.add(chunk);
        }
        json.put("listed", listed);
        return json;
    }

    /** Size minus free memory of the segment {@code name}, or empty if it is no managed segment now. */
    private static OptionalLong used(String name) {
        ManagedSegment segment = ManagedSegmentProbe.open(name).segment();
        if (segment == null) {
            return OptionalLong.empty();
        }
        try (segment) {
            return OptionalLong.of(segment.size() - segment.freeMemory());
        }
    }

    /** Fills {@code json}; returns the RegionCounter, or 0 if there is none. */
    private static long managementSegment(String name, Map<String, Object> json) {
        ManagedSegment segment = open(name, json);
        if (segment == null) {
            return 0;
        }
        try (segment) {
            json.put("size", segment.size());
            json.put("free", segment.freeMemory());
            OptionalLong counter = segment.findRegionCounter();
            json.put("region_counter", counter.isPresent() ? counter.getAsLong() : null);
            json.put("monitor_status", segment.hasMonitorStatus());
            return counter.orElse(0);
        }
    }

    private static ManagedSegment open(String name, Map<String, Object> json) {
        json.put("name", name);
        ManagedSegmentProbe.Opened opened = ManagedSegmentProbe.open(name);
        ManagedSegmentProbe.Kind kind = opened.result().kind();
        json.put("present", kind != ManagedSegmentProbe.Kind.ABSENT);
        if (kind != ManagedSegmentProbe.Kind.ABSENT) {
            json.put("managed", kind == ManagedSegmentProbe.Kind.MANAGED);
        }
        if (kind == ManagedSegmentProbe.Kind.FOREIGN) {
            json.put("reason", opened.result().reason());
        }
        return opened.segment();
    }

    private static Map<String, Object> controlQueue(String name) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        boolean present = Files.exists(ManagedSegmentProbe.file(name));
        json.put("present", present);
        if (present) {
            try (MessageQueue queue = MessageQueue.openOnly(name)) {
                json.put("messages", queue.messageCount());
            } catch (ShmException e) {
                json.put("messages", null);
            }
        }
        return json;
    }

    private static List<Object> regions(ShmNames names, long regionCounter) {
        List<Object> regions = new ArrayList<>();
        for (long id = 1; id <= regionCounter; id++) {
            String name = names.region(id);
            if (!Files.exists(ManagedSegmentProbe.file(name))) {
                continue;
            }
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("id", id);
            region.put("name", name);
            try (SharedRegion mapping = SharedRegion.openOnly(name)) {
                region.put("size", mapping.size());
            } catch (ShmException vanished) {
                continue;
            }
            regions.add(region);
        }
        return regions;
    }

    /** Waits until {@link #LISTEN_MS} have passed since {@code sampledAt} (System.nanoTime()), for the trend. */
    private static void awaitSecondSample(long sampledAt) {
        long leftMs = LISTEN_MS - (System.nanoTime() - sampledAt) / 1_000_000L;
        if (leftMs > 0) {
            try {
                Thread.sleep(leftMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** System.nanoTime() of a fresh heartbeat; empty if none arrived (or there is no queue). */
    private static OptionalLong listenForHeartbeat(String queueName) {
        if (!Files.exists(ManagedSegmentProbe.file(queueName))) {
            return OptionalLong.empty();
        }
        try (MessageQueue queue = MessageQueue.openOnly(queueName)) {
            while (queue.receiveByte(0) >= 0) {
                // drop heartbeats of unknown age
            }
            long start = System.nanoTime();
            long left = LISTEN_MS;
            while (left > 0) {
                if (queue.receiveByte(left) >= 0) {
                    return OptionalLong.of(System.nanoTime());
                }
                left = LISTEN_MS - (System.nanoTime() - start) / 1_000_000L;
            }
            return OptionalLong.empty();
        } catch (ShmException e) {
            return OptionalLong.empty();
        }
    }

    /** A minimal JSON writer for maps, lists, strings, numbers, booleans and null (shared with the v1.10 monitor). */
    public static final class Json {
        private Json() {}

        /** {@code value} as JSON text on one line. */
        public static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(out, value);
            return out.toString();
        }

        private static void write(StringBuilder out, Object value) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof String) {
                quote(out, (String) value);
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else if (value instanceof Map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    quote(out, entry.getKey().toString());
                    out.append(':');
                    write(out, entry.getValue());
                }
                out.append('}');
            } else if (value instanceof List) {
                out.append('[');
                boolean first = true;
                for (Object item : (List<?>) value) {
                    out.append(first ? "" : ",");
                    first = false;
                    write(out, item);
                }
                out.append(']');
            } else {
                throw new IllegalArgumentException("not a JSON value: " + value.getClass());
            }
        }

        private static void quote(StringBuilder out, String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"': out.append("\\\""); break;
                    case '\\': out.append("\\\\"); break;
                    case '\n': out.append("\\n"); break;
                    case '\r': out.append("\\r"); break;
                    case '\t': out.append("\\t"); break;
                    default:
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                }
            }
            out.append('"');
        }
    }
}
