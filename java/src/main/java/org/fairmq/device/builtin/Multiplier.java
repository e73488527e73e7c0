package org.fairmq.device.builtin;

import java.util.ArrayList;
import java.util.List;
import org.fairmq.device.Channel;
import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import org.fairmq.transport.Message;
import picocli.CommandLine.Option;

/**
 * {@code fairmq-multiplier} (PROTOCOL.md 6.7): every message from {@code --in-channel} goes to every
 * sub-channel of every {@code --out-channel}: copies to all but the last, the original to the last
 * sub-channel of the last out-channel. Copies are made with each output's own transport. Like the
 * reference, {@code --out-channel} has no default (D40): without it the device fails at INIT_TASK
 * with a message saying so.
 */
public final class Multiplier extends Device {
    @Option(names = "--in-channel", defaultValue = "data-in", description = "Name of the input channel")
    String inChannel;

    @Option(names = "--out-channel", arity = "1..*", description = "Name of the output channel(s)")
    List<String> outChannels = new ArrayList<>();

    @Option(names = "--multipart", defaultValue = "1", description = "Handle multipart payloads")
    int multipart;

    public static void main(String[] args) {
        DeviceMain.run(args, Multiplier::new);
    }

    @Override
    protected void initTask() {
        if (outChannels.isEmpty()) {
            throw new IllegalArgumentException("multiplier: --out-channel is required (no default, PROTOCOL.md D40)");
        }
        List<Channel> outputs = new ArrayList<>();
        outChannels.forEach(name -> outputs.addAll(channels(name)));
        Channel last = outputs.get(outputs.size() - 1);
        if (multipart > 0) {
            onMultipartData(inChannel, (parts, index) -> {
                for (Channel out : outputs) {
                    if (out == last) {
                        out.socket().send(parts);
                    } else {
                        List<Message> copies = new ArrayList<>();
                        for (Message part : parts) {
                            copies.add(copyFor(out, part));
                        }
                        out.socket().send(copies);
                        copies.forEach(Message::close);
                    }
                }
                return true;
            });
        } else {
            onData(inChannel, (message, index) -> {
                for (Channel out : outputs) {
                    if (out == last) {
                        out.socket().send(message);
                    } else {
                        try (Message copy = copyFor(out, message)) {
                            out.socket().send(copy);
                        }
                    }
                }
                return true;
            });
        }
    }

    private static Message copyFor(Channel out, Message source) {
        Message copy = out.newMessage();
        if (source.size() > 0) {
            copy.copy(source);
        }
        return copy;
    }
}
