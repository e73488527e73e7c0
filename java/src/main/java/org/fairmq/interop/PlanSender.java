package org.fairmq.interop;

import java.util.ArrayList;
import java.util.List;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.UnmanagedRegion;

/**
 * Sends the messages of a {@link MessagePlan}, the Java twin of the C++ device's sending roles:
 * pattern payloads, multipart, empty parts, region payloads. Not thread-safe.
 */
public final class PlanSender {
    private final TransportFactory transport;
    private final Socket socket;
    private final MessagePlan plan;
    private final UnmanagedRegion region;
    private long checksum = Payloads.fnv1aInit();
    private long bytes;

    /** {@code region} is required when the plan has a region size, else null. */
    public PlanSender(TransportFactory transport, Socket socket, MessagePlan plan, UnmanagedRegion region) {
        this.transport = transport;
        this.socket = socket;
        this.plan = plan;
        this.region = region;
    }

    /** Sends message {@code k}; returns the socket's result (sum of sizes, or -1/-2). */
    public long send(long k) {
        if (plan.parts() == 1) {
            Message message = make(k, 0);
            long n = socket.send(message);
            message.close();
            return n;
        }
        List<Message> parts = new ArrayList<>(plan.parts());
        for (int j = 0; j < plan.parts(); j++) {
            parts.add(make(k, j));
        }
        long n = socket.send(parts);
        parts.forEach(Message::close);
        return n;
    }

    private Message make(long k, int j) {
        if (plan.isEmpty(k, j)) {
            return transport.createMessage();
        }
        long size = plan.size(k, j);
        Message message;
        if (plan.regionSize() > 0) {
            long offset = plan.regionOffset(k, j);
            checksum = Payloads.fillAndHash(region.data().position((int) offset).limit((int) (offset + size)),
                    plan.patternSeed(k, j), checksum);
            message = transport.createMessage(region, offset, size);
        } else {
            message = transport.createMessage(size);
            checksum = Payloads.fillAndHash(message.data(), plan.patternSeed(k, j), checksum);
        }
        bytes += size;
        return message;
    }

    public long checksum() {
        return checksum;
    }

    public long bytes() {
        return bytes;
    }
}
