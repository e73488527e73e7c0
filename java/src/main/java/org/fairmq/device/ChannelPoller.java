package org.fairmq.device;

import java.util.ArrayList;
import java.util.List;
import org.fairmq.transport.Poller;
import org.fairmq.transport.Socket;

/**
 * A poller over device sub-channels (PROTOCOL.md 4.8): built from a list of sub-channels or from
 * channel names (each expanded to all its sub-channels, in order); events are checked by flat index
 * or by (channel name, sub-channel index). All sub-channels must use one transport. Not
 * thread-safe; close it when done.
 */
public final class ChannelPoller implements AutoCloseable {
    private final List<Channel> channels;
    private final Poller poller;

    ChannelPoller(List<Channel> channels) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a poller needs at least one channel");
        }
        for (Channel c : channels) {
            if (c.transport() != channels.get(0).transport()) {
                throw new IllegalArgumentException("FairMQDevice::NewPoller() failed: different transports within "
                        + "same poller are not yet supported. Going to ERROR state. (" + channels.get(0).socketName()
                        + " uses " + channels.get(0).transport().type().text() + ", " + c.socketName() + " uses "
                        + c.transport().type().text() + ")");
            }
        }
        this.channels = List.copyOf(channels);
        List<Socket> sockets = new ArrayList<>();
        channels.forEach(c -> sockets.add(c.socket()));
        this.poller = channels.get(0).transport().createPoller(sockets);
    }

    /** Waits up to {@code timeoutMs} for any event; returns the number of sub-channels with events. */
    public int poll(long timeoutMs) {
        return poller.poll(timeoutMs);
    }

    /** Whether sub-channel {@code index} (in construction order) can receive. */
    public boolean checkInput(int index) {
        return poller.checkInput(index);
    }

    /** Whether sub-channel {@code index} (in construction order) can send. */
    public boolean checkOutput(int index) {
        return poller.checkOutput(index);
    }

    /** Whether {@code channel[index]} can receive; unknown sub-channels throw. */
    public boolean checkInput(String channel, int index) {
        return poller.checkInput(flatIndex(channel, index));
    }

    /** Whether {@code channel[index]} can send; unknown sub-channels throw. */
    public boolean checkOutput(String channel, int index) {
        return poller.checkOutput(flatIndex(channel, index));
    }

    private int flatIndex(String channel, int index) {
        for (int i = 0; i < channels.size(); i++) {
            Channel c = channels.get(i);
            if (c.name().equals(channel) && c.index() == index) {
                return i;
            }
        }
        throw new IllegalArgumentException("poller has no channel " + channel + "[" + index + "]");
    }

    @Override
    public void close() {
        poller.close();
    }
}
