package org.fairmq.device.builtin;

import java.util.ArrayList;
import java.util.List;
import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import org.fairmq.device.State;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import picocli.CommandLine.Mixin;

/**
 * {@code fairmq-proxy} (PROTOCOL.md 6.7): receives on {@code --in-channel}[0] and sends on
 * {@code --out-channel}[0] in a loop; a failed transfer logs "Transfer interrupted" and ends RUNNING.
 */
public final class Proxy extends Device {
    @Mixin
    final ForwardingOptions io = new ForwardingOptions();

    public static void main(String[] args) {
        DeviceMain.run(args, Proxy::new);
    }

    @Override
    protected void run() {
        Socket in = channel(io.inChannel, 0).socket();
        Socket out = channel(io.outChannel, 0).socket();
        if (io.multipart > 0) {
            List<Message> parts = new ArrayList<>();
            while (checkCurrentState(State.RUNNING)) {
                parts.clear();
                long n = in.receive(parts);
                if (n < 0 || out.send(parts) < 0) {
                    parts.forEach(Message::close);
                    if (checkCurrentState(State.RUNNING) && n != -2) {
                        log.info("Transfer interrupted");
                        return;
                    }
                    continue;
                }
                parts.forEach(Message::close);
            }
            return;
        }
        try (Message message = channel(io.inChannel, 0).newMessage()) {
            while (checkCurrentState(State.RUNNING)) {
                long n = in.receive(message);
                if (n >= 0 && out.send(message) >= 0) {
                    continue;
                }
                if (checkCurrentState(State.RUNNING) && n != -2) {
                    log.info("Transfer interrupted");
                    return;
                }
            }
        }
    }
}
