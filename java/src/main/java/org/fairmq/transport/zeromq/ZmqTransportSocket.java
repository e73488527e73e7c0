package org.fairmq.transport.zeromq;

import java.util.ArrayList;
import java.util.List;
import org.fairmq.transport.InterruptFlag;
import org.fairmq.transport.Message;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.ZmqBackedSocket;
import org.fairmq.zmq.Zmq;
import org.fairmq.zmq.ZmqContext;

/**
 * A zeromq-transport socket: one frame per message (or part) carrying the payload bytes
 * (PROTOCOL.md 7); results are frame byte counts. Not thread-safe.
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

    private static ZmqMessage own(Message message) {
        if (message instanceof ZmqMessage) {
            return (ZmqMessage) message;
        }
        ZmqMessage copy = new ZmqMessage(message.size()); // 3.11: convert by copying
        copy.data().put(message.data());
        return copy;
    }

    @Override
    protected long sendMessage(Message message, int flags) {
        ZmqMessage zmqMessage = own(message);
        int n = sendFrame(zmqMessage.address(), zmqMessage.size(), flags);
        if (n < 0) {
            return failure(n, "sending");
        }
        bytesSent += n;
        messagesSent++;
        return n;
    }

    @Override
    protected long receiveMessage(Message message, int flags) {
        if (!(message instanceof ZmqMessage)) {
            throw new IllegalArgumentException("cannot receive into a " + message.transportType().text()
                    + " message on zeromq socket " + id());
        }
        long n = receiveOne((ZmqMessage) message, flags);
        if (n >= 0) {
            bytesReceived += n;
            messagesReceived++;
        }
        return n;
    }

    private long receiveOne(ZmqMessage message, int flags) {
        for (;;) {
            long n = zmq.receiveFrame(flags);
            if (n >= 0) {
                zmq.copyFrame(message.prepareReceive(n));
                return n;
            }
            if (n != -Zmq.EAGAIN || (flags & Zmq.DONTWAIT) != 0 || interrupt.isSet()) {
                return failure((int) n, "receiving");
            }
        }
    }

    @Override
    protected long sendParts(List<? extends Message> parts, int flags) {
        long total = 0;
        int last = parts.size() - 1;
        for (int i = 0; i <= last; i++) {
            ZmqMessage part = own(parts.get(i));
            int n = sendFrame(part.address(), part.size(), i < last ? flags | Zmq.SNDMORE : flags);
            if (n < 0) {
                return failure(n, "sending");
            }
            total += n;
        }
        bytesSent += total;
        messagesSent++;
        return total;
    }

    @Override
    protected long receiveParts(List<Message> parts, int flags) {
        List<Message> received = new ArrayList<>();
        long total = 0;
        int partFlags = flags;
        do {
            ZmqMessage part = new ZmqMessage();
            long n = receiveOne(part, partFlags);
            if (n < 0) {
                return n;
            }
            received.add(part);
            total += n;
            partFlags = flags & ~Zmq.DONTWAIT;
        } while (zmq.more());
        parts.addAll(received);
        bytesReceived += total;
        messagesReceived++;
        return total;
    }
}
