package org.fairmq.device.builtin;

import org.fairmq.device.Channel;
import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import org.fairmq.device.State;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import picocli.CommandLine.Option;

/**
 * {@code fairmq-sink} (PROTOCOL.md 6.7): receives on {@code <in-channel>[0]} and frees each message.
 * With {@code --num-msgs N} it receives exactly N messages and leaves RUNNING (the reference
 * receives N+1, D24). One reused message: no Java garbage per message.
 */
public final class Sink extends Device {
    @Option(names = "--in-channel", defaultValue = "data", description = "Name of the input channel")
    String inChannel;

    @Option(names = "--num-msgs", defaultValue = "0", description = "Number of messages to receive (0 = unlimited)")
    long numMsgs;

    public static void main(String[] args) {
        DeviceMain.run(args, Sink::new);
    }

    @Override
    protected void run() {
        Channel in = channel(inChannel, 0);
        Socket socket = in.socket();
        log.info("Starting the benchmark and expecting to receive {} messages.", numMsgs);
        long start = System.nanoTime();
        long received = 0;
        try (Message message = in.newMessage()) {
            while (checkCurrentState(State.RUNNING) && (numMsgs == 0 || received < numMsgs)) {
                if (socket.receive(message) >= 0) {
                    received++;
                    message.rebuild(); // frees the chunk now
                }
            }
        }
        log.info("Leaving RUNNING state. Received {} messages in {}ms.", received, (System.nanoTime() - start) / 1_000_000);
    }
}
