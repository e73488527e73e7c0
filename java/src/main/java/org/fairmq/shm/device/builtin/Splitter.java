package org.fairmq.shm.device.builtin;

import org.fairmq.shm.device.Device;
import org.fairmq.shm.device.DeviceMain;
import picocli.CommandLine.Option;

/**
 * {@code fairmq-splitter} (PROTOCOL.md 6.7): each message received on {@code --in-channel} goes to
 * the next sub-channel of {@code --out-channel}, round robin; shmem payloads are forwarded zero copy.
 */
public final class Splitter extends Device {
    @Option(names = "--in-channel", defaultValue = "data-in", description = "Name of the input channel")
    String inChannel;

    @Option(names = "--out-channel", defaultValue = "data-out", description = "Name of the output channel")
    String outChannel;

    @Option(names = "--multipart", defaultValue = "1", description = "Handle multipart payloads")
    int multipart;

    private int next;

    public static void main(String[] args) {
        DeviceMain.run(args, Splitter::new);
    }

    @Override
    protected void initTask() {
        int outputs = channels(outChannel).size();
        if (multipart > 0) {
            onMultipartData(inChannel, (parts, index) -> {
                channel(outChannel, next).socket().send(parts);
                next = (next + 1) % outputs;
                return true;
            });
        } else {
            onData(inChannel, (message, index) -> {
                send(message, outChannel, next);
                next = (next + 1) % outputs;
                return true;
            });
        }
    }
}
