package org.fairmq.device.builtin;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.fairmq.device.Channel;
import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import org.fairmq.device.State;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import picocli.CommandLine.Option;

/**
 * Test device: a sink that stops reading once, for {@code --pause-ms}, after {@code --pause-after}
 * messages (a consumer that stalls mid-stream), then receives the rest of its {@code --num-msgs}.
 */
public final class StallingSink extends Device {
    @Option(names = "--num-msgs", defaultValue = "0")
    long numMsgs;

    @Option(names = "--pause-after", defaultValue = "0")
    long pauseAfter;

    @Option(names = "--pause-ms", defaultValue = "0")
    long pauseMs;

    public static void main(String[] args) {
        DeviceMain.run(args, StallingSink::new);
    }

    @Override
    protected void run() {
        Channel in = channel("data", 0);
        Socket socket = in.socket();
        long received = 0;
        try (Message message = in.newMessage()) {
            while (checkCurrentState(State.RUNNING) && received < numMsgs) {
                if (socket.receive(message) < 0) {
                    continue;
                }
                received++;
                message.rebuild();
                if (received == pauseAfter) {
                    log.info("Pausing after {} messages for {} ms", received, pauseMs);
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMs);
                    for (long left; (left = end - System.nanoTime()) > 0;) {
                        LockSupport.parkNanos(left);
                    }
                }
            }
        }
        log.info("Leaving RUNNING state. Received {} messages.", received);
    }
}
