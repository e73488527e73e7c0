package org.fairmq.device.builtin;

import java.util.concurrent.locks.LockSupport;
import org.fairmq.device.Channel;
import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import org.fairmq.device.DeviceOptions;
import org.fairmq.device.State;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import picocli.CommandLine.Option;

/**
 * {@code fairmq-bsampler} (PROTOCOL.md 6.7): sends messages of {@code --msg-size} bytes on
 * {@code <out-channel>[0]} as fast as allowed by {@code --msg-rate}. With {@code --num-msgs N} it
 * sends exactly N messages and leaves RUNNING by itself (the reference sends N+1 and hangs, D24).
 * The message object is reused ({@code rebuild}), so the loop allocates no Java garbage.
 */
public final class BenchmarkSampler extends Device {
    @Option(names = "--out-channel", defaultValue = "data", description = "Name of the output channel")
    String outChannel;

    @Option(names = "--same-msg", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Re-send the same message (a copy of one base message), or allocate a new one each time")
    String sameMsg;

    @Option(names = "--msg-size", defaultValue = "1000", description = "Message size in bytes")
    long msgSize;

    @Option(names = "--num-msgs", defaultValue = "0", description = "Number of messages to send (0 = unlimited)")
    long numMsgs;

    @Option(names = "--msg-rate", defaultValue = "0", description = "Msg rate limit in maximum number of messages per second (0 = unlimited)")
    int msgRate;

    public static void main(String[] args) {
        DeviceMain.run(args, BenchmarkSampler::new);
    }

    @Override
    protected void run() {
        Channel out = channel(outChannel, 0);
        Socket socket = out.socket();
        boolean same = DeviceOptions.isTrue(sameMsg);
        log.info("Starting the benchmark with message size of {} and number of messages {}.", msgSize, numMsgs);
        long start = System.nanoTime();
        long sent = 0;
        long windowStart = start;
        long windowBudget = msgRate / 100; // per 10 ms window, as the reference (rates < 100: unlimited)
        long inWindow = 0;
        try (Message base = out.newMessage(msgSize); Message message = out.newMessage()) {
            while (checkCurrentState(State.RUNNING) && (numMsgs == 0 || sent < numMsgs)) {
                if (same) {
                    message.rebuild();
                    message.copy(base);
                } else {
                    message.rebuild(msgSize);
                }
                if (socket.send(message) < 0) {
                    continue; // interrupted or timed out: the state check decides
                }
                sent++;
                if (windowBudget > 0 && ++inWindow >= windowBudget) {
                    long next = windowStart + 10_000_000;
                    long now = System.nanoTime();
                    if (next > now) {
                        LockSupport.parkNanos(next - now);
                    }
                    windowStart = System.nanoTime();
                    inWindow = 0;
                }
            }
        }
        log.info("Leaving RUNNING state. Sent {} messages in {}ms.", sent, (System.nanoTime() - start) / 1_000_000);
    }
}
