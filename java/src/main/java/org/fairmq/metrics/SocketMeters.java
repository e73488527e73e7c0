package org.fairmq.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketRegistry;
import org.fairmq.transport.shmem.FrameRejection;
import org.fairmq.transport.shmem.RejectedFrames;
import org.fairmq.transport.shmem.ShmSocketCounters;

/**
 * The counters of a transport's sockets in one registry: when a socket opens, function counters
 * over the fields it keeps anyway (messages and payload bytes each way, rejected frames per
 * {@link FrameRejection}); when it closes, they are removed from the registry. Nothing per message.
 * Thread-safe (sockets open and close on any thread).
 */
final class SocketMeters implements SocketRegistry.Watcher {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<Socket, List<Meter>> meters = new ConcurrentHashMap<>();

    SocketMeters(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    @Override
    public void opened(Socket socket) {
        if (!(socket instanceof ShmSocketCounters)) {
            return;
        }
        ShmSocketCounters counters = (ShmSocketCounters) socket;
        Tags socketTags = tags.and("socket", counters.id());
        List<Meter> list = new ArrayList<>();
        list.add(counter(MeterNames.MESSAGES_SENT, counters, ShmSocketCounters::messagesSent, socketTags, null,
                "Messages sent"));
        list.add(counter(MeterNames.MESSAGES_RECEIVED, counters, ShmSocketCounters::messagesReceived, socketTags,
                null, "Messages received"));
        list.add(counter(MeterNames.BYTES_SENT, counters, ShmSocketCounters::bytesSent, socketTags, BaseUnits.BYTES,
                "Payload bytes sent"));
        list.add(counter(MeterNames.BYTES_RECEIVED, counters, ShmSocketCounters::bytesReceived, socketTags,
                BaseUnits.BYTES, "Payload bytes received"));
        RejectedFrames rejected = counters.rejectedFrames();
        for (FrameRejection cause : FrameRejection.values()) {
            list.add(counter(MeterNames.FRAMES_REJECTED, rejected, r -> r.count(cause),
                    socketTags.and("cause", cause.name()), null, "Received frames dropped as invalid, by cause"));
        }
        meters.put(socket, list);
    }

    private <T> Meter counter(String name, T source, ToDoubleFunction<T> value, Tags socketTags, String unit,
            String description) {
        // held weakly by the counter: the socket's registry holds the socket until it closes
        return FunctionCounter.builder(name, source, value).tags(socketTags).baseUnit(unit).description(description)
                .register(registry);
    }

    @Override
    public void closed(Socket socket) {
        List<Meter> list = meters.remove(socket);
        if (list != null) {
            list.forEach(registry::remove);
        }
    }

    /** Removes every meter still registered (the binder is closed). */
    void removeAll() {
        meters.keySet().forEach(this::closed);
    }
}
