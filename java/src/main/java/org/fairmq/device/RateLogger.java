package org.fairmq.device;

import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate logging of PROTOCOL.md 6.5: every second while RUNNING, for each sub-channel with
 * rateLogging k > 0, every k-th wake-up: {@code <chan>[<i>]: in: <msg/s> (<MB/s> MB) out: ...}.
 * Rates are per second since that sub-channel's previous line (the reference divides by one
 * wake-up interval, which overstates rates k-fold for k > 1). Once a socket dropped invalid frames,
 * the line ends with {@code rejected frames: <total>}. Owns one daemon thread.
 */
final class RateLogger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RateLogger.class);

    private final Thread thread;
    private volatile boolean running = true;

    RateLogger(List<Channel> channels) {
        thread = new Thread(() -> loop(channels), "rate-logger");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(List<Channel> channels) {
        int n = channels.size();
        long[] msgsIn = new long[n];
        long[] bytesIn = new long[n];
        long[] msgsOut = new long[n];
        long[] bytesOut = new long[n];
        long[] since = new long[n];
        long start = System.nanoTime();
        java.util.Arrays.fill(since, start);
        for (int tick = 1; running; tick++) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Channel c = channels.get(i);
                int every = c.spec().rateLogging();
                if (every <= 0 || tick % every != 0) {
                    continue;
                }
                var s = c.socket();
                double seconds = (now - since[i]) / 1e9;
                long rejected = s.framesRejected();
                LOG.debug(String.format(Locale.ROOT, "%s: in: %.0f (%.3f MB) out: %.0f (%.3f MB)%s", c.socketName(),
                        (s.messagesReceived() - msgsIn[i]) / seconds, (s.bytesReceived() - bytesIn[i]) / 1e6 / seconds,
                        (s.messagesSent() - msgsOut[i]) / seconds, (s.bytesSent() - bytesOut[i]) / 1e6 / seconds,
                        rejected > 0 ? " rejected frames: " + rejected : ""));
                msgsIn[i] = s.messagesReceived();
                bytesIn[i] = s.bytesReceived();
                msgsOut[i] = s.messagesSent();
                bytesOut[i] = s.bytesSent();
                since[i] = now;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
