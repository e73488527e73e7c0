package org.fairmq.transport.shmem.v110;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region-event subscription (PROTOCOL-V110.md 4.7): a thread polls the session's EventCounter
 * every 50 ms; when it changed, it reads the segment and region maps and tells the listener about
 * every (id, managed) pair it has not seen created yet, and about those seen created that are now
 * destroyed. As in the reference, a region created and destroyed between two polls is not
 * reported. The listener runs on the subscription's thread; one that throws is logged.
 */
final class RegionEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionEvents.class);
    static final long POLL_MS = 50;

    private final V110TransportFactory transport;
    private final Consumer<RegionInfo> listener;
    private final Thread thread;
    private final Set<Long> created = new HashSet<>();
    private final Set<Long> destroyed = new HashSet<>();
    private volatile boolean stopping;

    RegionEvents(V110TransportFactory transport, Consumer<RegionInfo> listener) {
        this.transport = transport;
        this.listener = listener;
        this.thread = new Thread(this::run, "fairmq-v110-region-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long seen = -1;
        while (!stopping) {
            try {
                long events = transport.session().management().eventCount();
                if (events != seen) {
                    seen = events;
                    report(transport.regionInfo());
                }
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("region events: {}", e.getMessage());
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void report(List<RegionInfo> infos) {
        for (RegionInfo info : infos) {
            long key = ((long) info.id() << 1) | (info.managed() ? 1 : 0);
            if (info.event() == RegionInfo.Event.CREATED && created.add(key)) {
                fire(info);
            } else if (info.event() == RegionInfo.Event.DESTROYED && created.contains(key) && destroyed.add(key)) {
                fire(info);
            }
        }
    }

    private void fire(RegionInfo info) {
        try {
            listener.accept(info);
        } catch (RuntimeException e) {
            LOG.warn("region event listener failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
