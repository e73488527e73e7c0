package org.fairmq.device.testdevice;

import org.fairmq.device.Channel;
import org.fairmq.device.Device;
import org.fairmq.transport.Message;
import org.fairmq.transport.TransportType;
import picocli.CommandLine.Option;

/**
 * What the test devices of PROTOCOL.md 8 share: the helper executable's one option
 * ({@code --poll-type}), the 200 ms sleep in Init and the 100 ms sleep in Reset (all devices but
 * TransferTimeout), and how an empty message is made.
 *
 * <p>The reference's test devices make their empty messages with the device-level
 * {@code NewMessage()}, so on a shmem channel a peer sees either a zero-length frame or a 32-byte
 * MetaHeader with size 0 (D22, section 8). {@code --empty-message} picks one of the two forms so that
 * tests can send each on purpose (an extension; the default is the zero-length frame).
 */
public abstract class TestDevice extends Device {
    /** The two wire forms of an empty shmem message (3.3). */
    public enum EmptyForm {
        /** A zero-length frame, no chunk ({@code CreateMessage()}). */
        FRAME,
        /** A MetaHeader {0, 0, handle} with a minimal chunk the receiver frees ({@code CreateMessage(0)}). */
        HEADER
    }

    @Option(names = "--poll-type", defaultValue = "0",
            description = "Poll type switch(0 - vector of (sub-)channels, 1 - vector of channel names)")
    int pollType;

    @Option(names = "--empty-message", defaultValue = "frame",
            description = "Wire form of the empty messages sent on shmem channels: frame (zero-length frame) or "
                    + "header (MetaHeader of size 0 with a chunk); an extension for cross-language tests")
    EmptyForm emptyForm;

    @Override
    protected void init() {
        sleep(200);
    }

    @Override
    protected void reset() {
        sleep(100);
    }

    /** An empty message of the transport of {@code channel[0]}, in the form chosen by {@code --empty-message}. */
    protected final Message emptyMessage(String channel) {
        Channel c = channel(channel, 0);
        if (emptyForm == EmptyForm.HEADER && c.transport().type() == TransportType.SHMEM) {
            return c.newMessage(0);
        }
        return c.newMessage();
    }

    /** A message to receive into on {@code channel[0]}. */
    protected final Message receivingMessage(String channel) {
        return channel(channel, 0).newMessage();
    }
}
