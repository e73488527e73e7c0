package org.fairmq.shm.device.builtin;

import org.fairmq.shm.device.Device;
import org.fairmq.shm.device.DeviceMain;
import picocli.CommandLine.Option;

/**
 * {@code fairmq-merger} (PROTOCOL.md 6.7): messages from every sub-channel of {@code --in-channel}
 * (polled) go to {@code --out-channel}[0]. Messages are received with their input channel's
 * transport, so a shmem input forwards zero copy (the reference's D10 case cannot arise).
 */
public final class Merger extends Device {
    @Option(names = "--in-channel", defaultValue = "data-in", description = "Name of the input channel")
    String inChannel;

    @Option(names = "--out-channel", defaultValue = "data-out", description = "Name of the output channel")
    String outChannel;

    @Option(names = "--multipart", defaultValue = "1", description = "Handle multipart payloads")
    int multipart;

    public static void main(String[] args) {
        DeviceMain.run(args, Merger::new);
    }

    @Override
    protected void initTask() {
        if (multipart > 0) {
            onMultipartData(inChannel, (parts, index) -> {
                channel(outChannel, 0).socket().send(parts);
                return true;
            });
        } else {
            onData(inChannel, (message, index) -> {
                send(message, outChannel, 0);
                return true;
            });
        }
    }
}
