package org.fairmq.transport.zeromq;

import java.util.List;
import org.fairmq.transport.InterruptFlag;
import org.fairmq.transport.Message;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.ZmqBackedSocket;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqContext;

/**
 * A zeromq-transport socket: one frame per message (or part) carrying the payload bytes
 * (PROTOCOL.md 7); results are frame byte counts. A {@link ZmqMessage} goes out and comes in as
 * its own {@code zmq_msg_t} ({@code zmq_msg_send}/{@code zmq_msg_recv}): no copy, no Java
 * allocation; after a successful send the message is empty. A message of another transport is
 * copied into a temporary zeromq message (3.11). A multipart receive makes one message object per
 * part (the API returns them in a list), each holding its received frame, no buffer. Not
 * thread-safe.
 */
public final class ZmqTransportSocket extends ZmqBackedSocket {
    ZmqTransportSocket(ZmqContext context, String transportId, String name, SocketType type, InterruptFlag interrupt,
            long maxMessageSize, Runnable onClose) {
        super(context, transportId, name, type, interrupt, onClose);
        int errno = zmq.setLong(Zmq.MAXMSGSIZE, maxMessageSize);
        if (errno != 0) {
            throw new IllegalStateException("cannot limit frames of socket " + id() + " to " + maxMessageSize
                    + " bytes: " + Zmq.strerror(errno));
        }
    }

    @Override
    protected long sendMessage(Message message, int flags) {
        long n = sendPart(message, flags);
        if (n < 0) {
            return failure((int) n, "sending");
        }
        bytesSent += n;
        messagesSent++;
        return n;
    }

    /** One frame: the message's own, or a copy of another transport's message. */
    private long sendPart(Message message, int flags) {
        if (message instanceof ZmqMessage own) {
            return sendOne(own, flags);
        }
        try (ZmqMessage copy = ZmqMessage.copyOf(message)) {
            return sendOne(copy, flags);
        }
    }

    private long sendOne(ZmqMessage message, int flags) {
        for (;;) {
            long n = zmq.send(message.frame(), flags);
            if (n >= 0) {
                message.sent();
                return n;
            }
            if (n != -Zmq.EAGAIN || (flags & Zmq.DONTWAIT) != 0 || interrupt.isSet()) {
                return n;
            }
        }
    }

    @Override
    protected long receiveMessage(Message message, int flags) {
        if (!(message instanceof ZmqMessage)) {
            throw new IllegalArgumentException("cannot receive into a " + message.transportType().text()
                    + " message on zeromq socket " + id());
        }
        long n = receiveOne((ZmqMessage) message, flags);
        if (n < 0) {
            return failure((int) n, "receiving");
        }
        bytesReceived += n;
        messagesReceived++;
        return n;
    }

    private long receiveOne(ZmqMessage message, int flags) {
        for (;;) {
            long n = zmq.receive(message.frame(), flags);
            message.received(n);
            if (n >= 0 || n != -Zmq.EAGAIN || (flags & Zmq.DONTWAIT) != 0 || interrupt.isSet()) {
                return n;
            }
        }
    }

    @Override
    protected long sendParts(List<? extends Message> parts, int flags) {
        long total = 0;
        int last = parts.size() - 1;
        for (int i = 0; i <= last; i++) {
            long n = sendPart(parts.get(i), i < last ? flags | Zmq.SNDMORE : flags);
            if (n < 0) {
                return failure((int) n, "sending");
            }
            total += n;
        }
        bytesSent += total;
        messagesSent++;
        return total;
    }

    @Override
    protected long receiveParts(List<Message> parts, int flags) {
        int first = parts.size();
        long total = 0;
        int partFlags = flags;
        do {
            ZmqMessage part = new ZmqMessage();
            parts.add(part);
            long n = receiveOne(part, partFlags);
            if (n < 0) {
                dropFrom(parts, first);
                return failure((int) n, "receiving");
            }
            total += n;
            partFlags = flags & ~Zmq.DONTWAIT;
        } while (zmq.more());
        bytesReceived += total;
        messagesReceived++;
        return total;
    }

    /** Closes and removes the parts of an incomplete multipart receive. */
    private static void dropFrom(List<Message> parts, int first) {
        List<Message> partial = parts.subList(first, parts.size());
        partial.forEach(Message::close);
        partial.clear();
    }
}
