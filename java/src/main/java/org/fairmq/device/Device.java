package org.fairmq.device;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fairmq.device.config.ChannelConfig;
import org.fairmq.device.config.ConfigException;
import org.fairmq.device.config.SubChannelSpec;
import org.fairmq.transport.Message;
import org.fairmq.transport.Poller;
import org.fairmq.transport.Socket;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.TransportType;
import org.fairmq.transport.zeromq.ZmqTransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FairMQ device: subclass it and override the hooks ({@link #init}, {@link #initTask},
 * {@link #run} or {@link #conditionalRun}, {@link #preRun}, {@link #postRun}, {@link #resetTask},
 * {@link #reset}) or register {@link #onData} handlers. The state machine of PROTOCOL.md 6.6 calls
 * them; channels are attached at INIT_DEVICE (4.5) with their own transports (6.4).
 *
 * <p>Ownership: the device owns its transports and channels and closes them at END. Hooks run in the
 * device's worker thread (initTask in the controlling thread, as in the reference).
 */
public abstract class Device {
    /** Part of {@link #workerShutdownBoundMs()} that does not depend on draining channels. */
    private static final long WORKER_SHUTDOWN_BASE_MS = 30_000;

    protected final Logger log = LoggerFactory.getLogger(getClass());

    private String id;
    private DeviceOptions options;
    private final Map<String, List<Channel>> channels = new LinkedHashMap<>();
    private final Map<TransportType, TransportFactory> transports = new EnumMap<>(TransportType.class);
    private TransportType defaultTransport = TransportType.ZEROMQ;
    private final Map<String, DataHandler> dataHandlers = new LinkedHashMap<>();
    private final Map<String, MultipartHandler> multipartHandlers = new LinkedHashMap<>();
    private final StateMachine fsm = new StateMachine(new StateMachine.Actions() {
        @Override
        public void onInitDevice() {
            attachChannels();
        }

        @Override
        public void onInitTask() {
            initTask();
        }

        @Override
        public void onRun() {
            running();
        }

        @Override
        public void onPause() {
            paused();
        }

        @Override
        public void onUnblock() {
            transports.values().forEach(TransportFactory::interrupt);
        }

        @Override
        public void onResetTask() {
            resetTask();
        }

        @Override
        public void onResetDevice() {
            reset();
            channels.values().forEach(subs -> subs.forEach(Channel::detach));
        }

        @Override
        public void onEnd() {
            transports.values().forEach(TransportFactory::close);
            transports.clear();
        }
    });
    private RateLogger rateLogger;

    // -- configuration (SetConfig) ----------------------------------------------------------------

    /** Applies options and channels and creates the default transport (before INIT_DEVICE). */
    public final void configure(DeviceOptions deviceOptions, ChannelConfig config) {
        this.options = deviceOptions;
        this.id = deviceOptions.id;
        this.defaultTransport = TransportType.parse(deviceOptions.transport);
        for (Map.Entry<String, List<SubChannelSpec>> entry : config.channels().entrySet()) {
            List<Channel> subs = new ArrayList<>();
            for (int i = 0; i < entry.getValue().size(); i++) {
                subs.add(new Channel(entry.getKey(), i, entry.getValue().get(i)));
            }
            channels.put(entry.getKey(), subs);
        }
        transport(defaultTransport);
    }

    /** The transport of a type, created on first use with the device id (identities, 4.4). */
    protected final TransportFactory transport(TransportType type) {
        return transports.computeIfAbsent(type, t -> {
            TransportFactory factory = t == TransportType.SHMEM
                    ? options.shmProfile().createShmTransport(options.shmSettings(transportId()))
                    : ZmqTransportFactory.create(transportId(), options.ioThreads, options.zmqMaxMsgSize);
            factory.setDrainTimeout(options.drainTimeoutMs);
            return factory;
        });
    }

    private String transportId() {
        // the reference's default transport gets a random UUID (D23); we use the device id when known
        return id != null ? id : UUID.randomUUID().toString();
    }

    public final String id() {
        return id;
    }

    public final DeviceOptions options() {
        return options;
    }

    public final StateMachine stateMachine() {
        return fsm;
    }

    public final boolean checkCurrentState(State state) {
        return fsm.getState() == state;
    }

    /** Registers a handler for messages on every sub-channel of {@code channel} (while RUNNING). */
    protected final void onData(String channel, DataHandler handler) {
        dataHandlers.put(channel, handler);
    }

    protected final void onMultipartData(String channel, MultipartHandler handler) {
        multipartHandlers.put(channel, handler);
    }

    // -- channels -----------------------------------------------------------------------------------

    /** Sub-channel {@code index} of {@code name}. */
    public final Channel channel(String name, int index) {
        List<Channel> subs = channels.get(name);
        if (subs == null || index < 0 || index >= subs.size()) {
            throw new IllegalArgumentException("device " + id + " has no channel " + name + "[" + index + "]"
                    + " (channels: " + channels.keySet() + ")");
        }
        return subs.get(index);
    }

    public final List<Channel> channels(String name) {
        List<Channel> subs = channels.get(name);
        if (subs == null) {
            throw new IllegalArgumentException("device " + id + " has no channel " + name + " (channels: "
                    + channels.keySet() + ")");
        }
        return subs;
    }

    public final Map<String, List<Channel>> channels() {
        return channels;
    }

    public final long send(Message message, String channel, int index) {
        return channel(channel, index).socket().send(message);
    }

    public final long receive(Message message, String channel, int index) {
        return channel(channel, index).socket().receive(message);
    }

    /** Waits at most {@code timeoutMs} for {@code channel[index]} to take it; -2 on timeout or interrupt (4.6). */
    public final long send(Message message, String channel, int index, long timeoutMs) {
        return channel(channel, index).socket().send(message, timeoutMs);
    }

    /** Waits at most {@code timeoutMs} for a message on {@code channel[index]}; -2 on timeout or interrupt (4.6). */
    public final long receive(Message message, String channel, int index, long timeoutMs) {
        return channel(channel, index).socket().receive(message, timeoutMs);
    }

    /** A poller over these sub-channels, checked by flat index in this order (4.8). */
    public final ChannelPoller newPoller(List<Channel> subChannels) {
        return new ChannelPoller(subChannels);
    }

    /** A poller over all sub-channels of these channels, in order; check by (name, index) (4.8). */
    public final ChannelPoller newPoller(String... channelNames) {
        List<Channel> subs = new ArrayList<>();
        for (String name : channelNames) {
            subs.addAll(channels(name));
        }
        return new ChannelPoller(subs);
    }

    /** A message of the transport of {@code channel[index]} (use this with mixed transports, D22). */
    public final Message newMessageFor(String channel, int index, long size) {
        return channel(channel, index).newMessage(size);
    }

    // -- hooks --------------------------------------------------------------------------------------

    protected void init() {}

    protected void initTask() {}

    protected void preRun() {}

    /** Called after the conditionalRun loop ends (or directly, for devices that only override run). */
    protected void run() {}

    /** Called repeatedly while RUNNING and it returns true. */
    protected boolean conditionalRun() {
        return false;
    }

    protected void postRun() {}

    protected void resetTask() {}

    protected void reset() {}

    /**
     * Gives the transports back when the device leaves without END (ERROR is terminal, 6.6.3, or a
     * transition failed): interrupts blocking calls, waits up to 2 s for the worker, then closes the
     * sockets and the transports, so that a shmem transport decrements the device counter and the
     * last user removes the segments (2.2) before the process exits. If the worker is still busy
     * nothing is closed (its sockets are not thread-safe) and that is logged.
     */
    /**
     * How long the controller waits for one long transition of the worker at shutdown: leaving
     * RUNNING after STOP, resetting (each sending channel may drain up to {@code --drain-timeout-ms}).
     */
    final long workerShutdownBoundMs() {
        int subChannels = channels.values().stream().mapToInt(List::size).sum();
        return WORKER_SHUTDOWN_BASE_MS + Math.max(0, options.drainTimeoutMs) * subChannels;
    }

    final void releaseWithoutEnd() {
        transports.values().forEach(TransportFactory::interrupt);
        if (!fsm.waitForWorker(2000)) {
            log.error("device {}: the worker did not stop; transports not closed, shared memory not released", id);
            return;
        }
        channels.values().forEach(subs -> subs.forEach(Channel::detach));
        transports.values().forEach(TransportFactory::close);
        transports.clear();
    }

    // -- state machine actions ----------------------------------------------------------------------

    private void attachChannels() {
        List<Channel> binding = new ArrayList<>();
        List<Channel> connecting = new ArrayList<>();
        for (List<Channel> subs : channels.values()) {
            for (Channel c : subs) {
                c.validate();
                (c.isBinding() ? binding : connecting).add(c);
            }
        }
        int failed = 0;
        for (Channel c : binding) {
            if (!c.attach(transportOf(c))) {
                failed++;
            }
        }
        if (failed > 0) {
            throw new ConfigException(failed + " of the binding channels could not initialize. Initial configuration incomplete.");
        }
        long deadline = System.nanoTime() + options.initializationTimeout * 1_000_000_000L;
        for (Channel c : connecting) {
            while (!c.attach(transportOf(c))) {
                if (System.nanoTime() > deadline) {
                    throw new ConfigException("could not connect all channels after " + options.initializationTimeout
                            + " attempts");
                }
                sleep(50);
            }
        }
        init();
    }

    private TransportFactory transportOf(Channel c) {
        String t = c.spec().transport();
        if (t.equals("default") || t.equals(defaultTransport.text())) {
            log.debug("{}: using default transport", c.socketName());
            return transport(defaultTransport);
        }
        log.debug("{}: channel transport ({}) overriden to {}", c.socketName(), defaultTransport.text(), t);
        return transport(TransportType.parse(t));
    }

    private void running() {
        List<Channel> all = new ArrayList<>();
        channels.values().forEach(all::addAll);
        rateLogger = new RateLogger(all);
        transports.values().forEach(TransportFactory::resume);
        if (!checkCurrentState(State.RUNNING)) {
            // a STOP or PAUSE landed before this worker got here: the resume above must not undo its
            // unblock, or a run() that blocks in a receive would never see it (STOP is never lost)
            transports.values().forEach(TransportFactory::interrupt);
        }
        try {
            preRun();
            if (!dataHandlers.isEmpty() || !multipartHandlers.isEmpty()) {
                runHandlers();
            } else {
                while (checkCurrentState(State.RUNNING) && conditionalRun()) {
                    // the user's loop
                }
                run();
            }
            postRun();
        } finally {
            rateLogger.close();
            transports.values().forEach(TransportFactory::releaseHeldBackMemory); // idle now: nothing held back
        }
    }

    private void runHandlers() {
        record Input(Channel channel, DataHandler single, MultipartHandler multi) {}
        List<Input> inputs = new ArrayList<>();
        dataHandlers.forEach((name, h) -> channels(name).forEach(c -> inputs.add(new Input(c, h, null))));
        multipartHandlers.forEach((name, h) -> channels(name).forEach(c -> inputs.add(new Input(c, null, h))));
        List<Socket> sockets = inputs.stream().map(i -> i.channel().socket()).toList();
        Map<Channel, Message> reusable = new LinkedHashMap<>();
        Poller poller = inputs.size() > 1 ? inputs.get(0).channel().transport().createPoller(sockets) : null;
        try {
            while (checkCurrentState(State.RUNNING)) {
                if (poller != null && poller.poll(200) <= 0) {
                    continue;
                }
                for (int i = 0; i < inputs.size(); i++) {
                    if (poller != null && !poller.checkInput(i)) {
                        continue;
                    }
                    Input in = inputs.get(i);
                    Socket socket = sockets.get(i);
                    if (in.single() != null) {
                        Message message = reusable.computeIfAbsent(in.channel(), Channel::newMessage);
                        long n = poller != null ? socket.tryReceive(message) : socket.receive(message);
                        if (n >= 0 && !in.single().handle(message, in.channel().index())) {
                            return;
                        }
                        message.rebuild();
                    } else {
                        List<Message> parts = new ArrayList<>();
                        long n = poller != null ? socket.receive(parts, 0) : socket.receive(parts);
                        boolean more = n < 0 || in.multi().handle(parts, in.channel().index());
                        parts.forEach(Message::close);
                        if (!more) {
                            return;
                        }
                    }
                }
            }
        } finally {
            reusable.values().forEach(Message::close);
            if (poller != null) {
                poller.close();
            }
        }
    }

    private void paused() {
        while (checkCurrentState(State.PAUSED)) {
            sleep(500);
            log.debug("paused...");
        }
    }

    protected static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
