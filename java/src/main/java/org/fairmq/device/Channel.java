package org.fairmq.device;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.fairmq.device.config.ConfigException;
import org.fairmq.device.config.SubChannelSpec;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sub-channel {@code <name>[<index>]}: its configuration, its transport and its socket
 * (PROTOCOL.md 4.5, 6.3). Attaching validates the configuration, binds (falling back to random
 * ports in 22000..32000) or connects every endpoint, and writes the endpoints actually used back
 * into the address. Not thread-safe: used by the device's worker thread.
 */
public final class Channel {
    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);
    private static final int PORT_MIN = 22000;
    private static final int PORT_MAX = 32000;
    private static final int BIND_ATTEMPTS = 1000;

    private final String name;
    private final int index;
    private SubChannelSpec spec;
    private TransportFactory transport;
    private Socket socket;

    Channel(String name, int index, SubChannelSpec spec) {
        this.name = name;
        this.index = index;
        this.spec = spec;
    }

    /** {@code <channel>[<index>]}, the socket name (6.3). */
    public String socketName() {
        return name + "[" + index + "]";
    }

    public String name() {
        return name;
    }

    public int index() {
        return index;
    }

    public SubChannelSpec spec() {
        return spec;
    }

    public Socket socket() {
        if (socket == null) {
            throw new IllegalStateException("channel " + socketName() + " is not attached");
        }
        return socket;
    }

    public TransportFactory transport() {
        return transport;
    }

    /** True if any endpoint binds (by prefix or method). */
    boolean isBinding() {
        for (Endpoint e : endpoints()) {
            if (e.bind) {
                return true;
            }
        }
        return false;
    }

    private record Endpoint(boolean bind, String address) {}

    private List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        String[] parts = spec.address().split(",");
        boolean anyPrefix = false;
        boolean allPrefix = true;
        for (String part : parts) {
            boolean prefixed = !part.isEmpty() && "@+>".indexOf(part.charAt(0)) >= 0;
            anyPrefix |= prefixed;
            allPrefix &= prefixed;
        }
        if (anyPrefix && !allPrefix && !spec.method().equals("bind") && !spec.method().equals("connect")) {
            throw new ConfigException("Invalid endpoint connection method: " + spec.address() + " (channel "
                    + socketName() + ")");
        }
        for (String part : parts) {
            char first = part.isEmpty() ? ' ' : part.charAt(0);
            if (first == '@') {
                out.add(new Endpoint(true, part.substring(1)));
            } else if (first == '+' || first == '>') {
                out.add(new Endpoint(false, part.substring(1)));
            } else if (spec.method().equals("bind") || spec.method().equals("connect")) {
                out.add(new Endpoint(spec.method().equals("bind"), part));
            } else {
                throw new ConfigException("Cannot update configuration. Socket method (bind/connect) not specified."
                        + " (channel " + socketName() + ")");
            }
        }
        return out;
    }

    /** Validation of 4.5: type, transport, sizes, addresses. */
    void validate() {
        SocketType.parse(spec.type()); // "Invalid channel type"
        if (!List.of("default", "zeromq", "shmem").contains(spec.transport())) {
            throw new ConfigException("Invalid channel transport: \"" + spec.transport() + "\" (channel " + socketName()
                    + "; expected default, zeromq or shmem)");
        }
        if (spec.sndBufSize() < 0 || spec.rcvBufSize() < 0 || spec.sndKernelSize() < 0 || spec.rcvKernelSize() < 0
                || spec.rateLogging() < 0) {
            throw new ConfigException("channel " + socketName() + ": buffer sizes and rateLogging must not be negative");
        }
        for (Endpoint e : endpoints()) {
            String a = e.address;
            boolean ok = (a.startsWith("tcp://") && a.indexOf(':', 6) > 0) || (a.startsWith("ipc://") && a.length() > 6)
                    || (a.startsWith("inproc://") && a.length() > 9);
            if (!ok) {
                throw new ConfigException("channel " + socketName() + ": invalid address \"" + a
                        + "\" (expected tcp://host:port, ipc://path or inproc://name)");
            }
        }
    }

    /** Creates the socket with {@code factory} and binds/connects all endpoints; false if one failed. */
    boolean attach(TransportFactory factory) {
        this.transport = factory;
        if (socket == null) {
            socket = factory.createSocket(SocketType.parse(spec.type()), socketName());
            socket.configure(spec.sndBufSize(), spec.rcvBufSize(), spec.sndKernelSize(), spec.rcvKernelSize());
        }
        List<String> used = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            if (e.bind) {
                String bound = bind(e.address);
                if (bound == null) {
                    return false;
                }
                used.add("@" + bound);
            } else {
                if (!socket.connect(e.address)) {
                    return false;
                }
                used.add("+" + e.address);
            }
        }
        spec = spec.withAddress(String.join(",", used));
        return true;
    }

    private String bind(String address) {
        if (socket.bind(address)) {
            return socket.lastEndpoint();
        }
        if (!address.startsWith("tcp://")) {
            return null;
        }
        LOG.info("trying random port in range {}-{}", PORT_MIN, PORT_MAX);
        String host = address.substring(0, address.lastIndexOf(':') + 1);
        for (int i = 0; i < BIND_ATTEMPTS; i++) {
            String candidate = host + ThreadLocalRandom.current().nextInt(PORT_MIN, PORT_MAX + 1);
            if (socket.bind(candidate)) {
                return socket.lastEndpoint();
            }
        }
        LOG.error("could not bind to any (TCP) port in the given range after {} attempts", BIND_ATTEMPTS);
        return null;
    }

    /** A message of this channel's transport. */
    public Message newMessage(long size) {
        return transport.createMessage(size);
    }

    public Message newMessage() {
        return transport.createMessage();
    }

    /** A message of this channel's transport aligned to {@code alignment} bytes (0: the transport's own). */
    public Message newMessage(long size, long alignment) {
        return transport.createMessage(size, alignment);
    }

    /**
     * Closes the socket (RESET_DEVICE); the channel can be attached again. First logs what the socket
     * did, in the {@code --print-channels} style: {@code <chan>[<i>]: in: <msgs> msgs (<bytes> bytes),
     * out: ..., rejected frames: <n>} (with the causes when there were any).
     */
    void detach() {
        if (socket != null) {
            logTotals();
            socket.close();
            socket = null;
        }
    }

    private void logTotals() {
        long rejected = socket.framesRejected();
        String causes = rejected > 0 ? " (" + socket.framesRejectedByCause() + ")" : "";
        String line = socketName() + ": in: " + socket.messagesReceived() + " msgs (" + socket.bytesReceived()
                + " bytes), out: " + socket.messagesSent() + " msgs (" + socket.bytesSent() + " bytes), rejected frames: "
                + rejected + causes;
        if (rejected > 0) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }

    @Override
    public String toString() {
        return socketName() + " " + spec;
    }
}
