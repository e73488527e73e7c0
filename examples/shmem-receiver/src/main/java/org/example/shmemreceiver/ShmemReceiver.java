package org.example.shmemreceiver;

import java.nio.ByteBuffer;
import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import org.fairmq.device.State;
import org.fairmq.transport.Message;
import picocli.CommandLine.Option;

/**
 * Receives {@code --num-msgs} messages on {@code data[0]} and prints, for each, its size and first
 * bytes, then a total; with {@code --transport shmem} each payload is read in place in the shared
 * memory the C++ sender wrote it to. Started with {@code --control static}, the device ends after
 * its run and the process exits 0. Logging (slf4j-simple) goes to stderr, the lines below to stdout.
 */
public final class ShmemReceiver extends Device {
    @Option(names = "--num-msgs", defaultValue = "10", description = "Number of messages to receive")
    long numMsgs;

    @Option(names = "--show-bytes", defaultValue = "8", description = "How many leading bytes to print")
    int showBytes;

    public static void main(String[] args) {
        DeviceMain.run(args, ShmemReceiver::new);
    }

    @Override
    protected void run() {
        long received = 0;
        long bytes = 0;
        try (Message message = channel("data", 0).newMessage()) {
            while (checkCurrentState(State.RUNNING) && received < numMsgs) {
                if (receive(message, "data", 0) < 0) {
                    continue; // a 700 ms receive timeout, or the device is stopping
                }
                received++;
                bytes += message.size();
                System.out.println("message " + received + ": " + message.size() + " bytes, first bytes "
                        + hex(message.data(), showBytes));
                message.rebuild(); // frees the shared-memory chunk now
            }
        }
        System.out.println("received " + received + " messages, " + bytes + " bytes");
    }

    private static String hex(ByteBuffer payload, int limit) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(limit, payload.remaining()); i++) {
            text.append(i == 0 ? "" : " ").append(String.format("%02x", payload.get(payload.position() + i) & 0xFF));
        }
        return text.length() == 0 ? "(none)" : text.toString();
    }
}
