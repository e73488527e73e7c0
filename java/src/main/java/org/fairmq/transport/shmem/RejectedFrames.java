package org.fairmq.transport.shmem;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames one shmem socket dropped, counted by {@link FrameRejection}, and their report: the
 * first one at once, then at most one line per second (with the number dropped since the last
 * line), and a last line at {@link #close()} for what was not reported yet. A storm of bad frames
 * therefore costs counting, not logging.
 *
 * <p>Written by the socket's thread only; the counts may be read from any thread (a rate logger),
 * where they are at most a moment old.
 */
public final class RejectedFrames {
    private static final Logger LOG = LoggerFactory.getLogger(RejectedFrames.class);
    private static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final FrameRejection[] CAUSES = FrameRejection.values();

    private final String socketId;
    private final long[] counts = new long[CAUSES.length];
    private volatile long total;
    private long lastReportNanos;
    private long unreported;
    private String lastUnreported;

    /** The counts of socket {@code socketId} (the shmem sockets of every profile keep one). */
    public RejectedFrames(String socketId) {
        this.socketId = socketId;
    }

    /** Counts one dropped frame, tells the listener (if any) and logs as described above. */
    public void record(FrameRejection cause, String detail, FrameRejectionListener listener) {
        counts[cause.ordinal()]++;
        long count = total + 1;
        total = count;
        if (listener != null) {
            try {
                listener.rejected(socketId, cause, detail, count);
            } catch (RuntimeException e) {
                LOG.warn("socket {}: frame rejection listener failed: {}", socketId, e.toString());
            }
        }
        long now = System.nanoTime();
        if (count == 1) {
            lastReportNanos = now;
            LOG.warn("socket {}: dropped an invalid shmem frame ({}): {}; nothing freed, the socket goes on", socketId,
                    cause.text(), detail);
        } else if (now - lastReportNanos >= REPORT_INTERVAL_NS) {
            lastReportNanos = now;
            LOG.warn("socket {}: dropped {} invalid shmem frames since the last report, the last ({}): {}; {} in all: {}",
                    socketId, unreported + 1, cause.text(), detail, count, summary());
            unreported = 0;
            lastUnreported = null;
        } else {
            unreported++;
            lastUnreported = cause.text() + ": " + detail;
        }
    }

    /** Frames dropped so far. */
    public long total() {
        return total;
    }

    /** Frames dropped for {@code cause} so far. */
    public long count(FrameRejection cause) {
        return counts[cause.ordinal()];
    }

    /** The non-zero counts by cause, in the enum's order. */
    public Map<FrameRejection, Long> byCause() {
        Map<FrameRejection, Long> map = new EnumMap<>(FrameRejection.class);
        for (FrameRejection cause : CAUSES) {
            long n = counts[cause.ordinal()];
            if (n > 0) {
                map.put(cause, n);
            }
        }
        return map;
    }

    /** E.g. {@code "not an allocated chunk: 2, unknown region: 1"}, or {@code "none"}. */
    public String summary() {
        StringJoiner joiner = new StringJoiner(", ");
        byCause().forEach((cause, n) -> joiner.add(cause.text() + ": " + n));
        return joiner.length() == 0 ? "none" : joiner.toString();
    }

    /** Reports what the rate limit held back. */
    public void close() {
        if (unreported > 0) {
            LOG.warn("socket {}: dropped {} invalid shmem frames since the last report, the last ({}); {} in all: {}",
                    socketId, unreported, lastUnreported, total, summary());
            unreported = 0;
        }
    }
}
