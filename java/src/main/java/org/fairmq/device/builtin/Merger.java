package org.fairmq.device.builtin;

import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import picocli.CommandLine.Mixin;

/**
 * {@code fairmq-merger} (PROTOCOL.md 6.7): messages from every sub-channel of {@code --in-channel}
 * (polled) go to {@code --out-channel}[0]. Messages are received with their input channel's
 * transport, so a shmem input forwards zero copy (the reference's D10 case cannot arise).
 */
public final class Merger extends Device {
    @Mixin
    final ForwardingOptions io = new ForwardingOptions();

    public static void main(String[] args) {
        DeviceMain.run(args, Merger::new);
    }

    @Override
    protected void initTask() {
        if (io.multipart > 0) {
            onMultipartData(io.inChannel, (parts, index) -> {
                channel(io.outChannel, 0).socket().send(parts);
                return true;
            });
        } else {
            onData(io.inChannel, (message, index) -> {
                send(message, io.outChannel, 0);
                return true;
            });
        }
    }
}
