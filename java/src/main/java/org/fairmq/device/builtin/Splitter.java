package org.fairmq.device.builtin;

import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import picocli.CommandLine.Mixin;

/**
 * {@code fairmq-splitter} (PROTOCOL.md 6.7): each message received on {@code --in-channel} goes to
 * the next sub-channel of {@code --out-channel}, round robin; shmem payloads are forwarded zero copy.
 */
public final class Splitter extends Device {
    @Mixin
    final ForwardingOptions io = new ForwardingOptions();

    private int next;

    public static void main(String[] args) {
        DeviceMain.run(args, Splitter::new);
    }

    @Override
    protected void initTask() {
        int outputs = channels(io.outChannel).size();
        if (io.multipart > 0) {
            onMultipartData(io.inChannel, (parts, index) -> {
                channel(io.outChannel, next).socket().send(parts);
                next = (next + 1) % outputs;
                return true;
            });
        } else {
            onData(io.inChannel, (message, index) -> {
                send(message, io.outChannel, next);
                next = (next + 1) % outputs;
                return true;
            });
        }
    }
}
