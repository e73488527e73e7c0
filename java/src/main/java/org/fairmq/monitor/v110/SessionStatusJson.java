package org.fairmq.monitor.v110;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fairmq.ipc.DataSegment;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.NativeInfo;
import org.fairmq.ipc.ShmException;
import org.fairmq.monitor.StatusJson;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;

/**
 * {@code --status-json} of the v1.10 monitor (our extension, the fields of the 2017 monitor's
 * {@link StatusJson} where they apply): one JSON object on one line,
 * <pre>
 * shm_id, boost_version, present, session?, device_count?,
 * segments [{id, name, algorithm, size, free, used, used_trend {bytes, over_ms},
 *            allocated {chunks, bytes, block_bytes, listed [{offset, size}]} | null, allocated_error?}]
 * </pre>
 * {@code used} is size minus free memory; {@code used_trend} the change between two samples
 * {@link #TREND_SAMPLE_MS} ms apart (a one-shot command keeps no history); {@code allocated} the
 * chunks still allocated, from a read-only block walk ({@code null} with {@code allocated_error}
 * when it failed). A segment that cannot be opened is left out. Changes nothing. Stateless.
 */
final class SessionStatusJson {
    /** How far apart the two samples of {@code used_trend} are taken. */
    static final long TREND_SAMPLE_MS = 300;

    private SessionStatusJson() {}

    static String collect(ShmId shmId) {
        SessionNames names = new SessionNames(shmId);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("shm_id", shmId.toString());
        status.put("boost_version", NativeInfo.boostVersion());
        try (ManagementSegment mng = ManagementSegment.openOnly(names.management())) {
            status.put("present", true);
            status.put("session", mng.sessionName());
            status.put("device_count", Math.max(0, mng.deviceCount()));
            List<ManagementSegment.SegmentEntry> entries = mng.hasSegmentMap() ? mng.segments() : List.of();
            List<DataSegment> open = new ArrayList<>();
            try {
                List<ManagementSegment.SegmentEntry> opened = new ArrayList<>();
                for (ManagementSegment.SegmentEntry entry : entries) {
                    try {
                        open.add(DataSegment.openOnly(names.segment(entry.id()), entry.algorithm()));
                        opened.add(entry);
                    } catch (ShmException e) {
                        // vanished or not yet created: left out
                    }
                }
                long[] usedBefore = open.stream().mapToLong(s -> s.size() - s.freeMemory()).toArray();
                long start = System.nanoTime();
                sleep(TREND_SAMPLE_MS);
                List<Object> segments = new ArrayList<>();
                for (int i = 0; i < open.size(); i++) {
                    segments.add(segment(names, opened.get(i), open.get(i), usedBefore[i], start));
                }
                status.put("segments", segments);
            } finally {
                open.forEach(DataSegment::close);
            }
        } catch (ShmException e) {
            status.put("present", false);
        }
        return StatusJson.Json.write(status);
    }

    private static Map<String, Object> segment(SessionNames names, ManagementSegment.SegmentEntry entry,
            DataSegment segment, long usedBefore, long start) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entry.id());
        json.put("name", names.segment(entry.id()));
        json.put("algorithm", entry.algorithm() == ProtocolV110.SIMPLE_SEQ_FIT ? "simple_seq_fit" : "rbtree_best_fit");
        json.put("size", segment.size());
        long free = segment.freeMemory();
        long now = System.nanoTime();
        json.put("free", free);
        long used = segment.size() - free;
        json.put("used", used);
        Map<String, Object> trend = new LinkedHashMap<>();
        trend.put("bytes", used - usedBefore);
        trend.put("over_ms", TimeUnit.NANOSECONDS.toMillis(now - start));
        json.put("used_trend", trend);
        try {
            json.put("allocated", StatusJson.allocated(segment.allocatedBlocks(StatusJson.LISTED_CHUNKS)));
        } catch (ShmException e) {
            json.put("allocated", null);
            json.put("allocated_error", e.getMessage());
        }
        return json;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
