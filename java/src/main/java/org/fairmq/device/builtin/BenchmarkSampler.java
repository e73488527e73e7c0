package org.fairmq.device.builtin;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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
 * {@code fairmq-bsampler} (PROTOCOL.md 6.7, PROTOCOL-V110.md 7.2): sends messages of
 * {@code --msg-size} bytes on {@code <out-channel>[0]} as fast as allowed by {@code --msg-rate}.
 * With {@code --num-msgs N} (2017) or {@code --max-iterations N} (v1.10) it sends exactly N
 * messages and leaves RUNNING by itself (the references send N+1, D24, 7.2). v1.10's
 * {@code --multipart} with {@code --num-parts}, {@code --msg-alignment} and {@code --memset} are
 * accepted too. The single message object is reused ({@code rebuild}), so the single-part loop
 * allocates no Java garbage.
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

    @Option(names = "--max-iterations", defaultValue = "0", description = "Number of run iterations (0 - infinite); the same as --num-msgs")
    long maxIterations;

    @Option(names = "--multipart", arity = "0..1", fallbackValue = "true", defaultValue = "false", description = "Handle multipart payloads")
    String multipart;

    @Option(names = "--num-parts", defaultValue = "1", description = "Number of parts to send. 1 will send single messages, not parts")
    int numParts;

    @Option(names = "--msg-alignment", defaultValue = "0", description = "Message alignment")
    long msgAlignment;

    @Option(names = "--memset", arity = "0..1", fallbackValue = "true", defaultValue = "false", description = "Memset allocated buffers to 0")
    String memset;

    public static void main(String[] args) {
        DeviceMain.run(args, BenchmarkSampler::new);
    }

    @Override
    protected void run() {
        Channel out = channel(outChannel, 0);
        Socket socket = out.socket();
        long limit = numMsgs > 0 ? numMsgs : maxIterations;
        if (DeviceOptions.isTrue(multipart)) {
            runMultipart(out, socket, limit);
            return;
        }
        boolean zeroing = DeviceOptions.isTrue(memset);
        boolean same = DeviceOptions.isTrue(sameMsg) && msgAlignment == 0 && !zeroing;
        log.info("Starting the benchmark with message size of {} and number of messages {}.", msgSize, limit);
        long start = System.nanoTime();
        long sent = 0;
        long windowStart = start;
        long windowBudget = msgRate / 100; // per 10 ms window, as the reference (rates < 100: unlimited)
        long inWindow = 0;
        Message message = out.newMessage();
        try (Message base = out.newMessage(msgSize)) {
            while (checkCurrentState(State.RUNNING) && (limit == 0 || sent < limit)) {
                if (same) {
                    message.rebuild();
                    message.copy(base);
                } else if (msgAlignment == 0) {
                    message.rebuild(msgSize);
                } else {
                    message.close();
                    message = out.newMessage(msgSize, msgAlignment);
                }
                if (zeroing) {
                    zero(message.data());
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
        } finally {
            message.close();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        log.info("Done {} iterations in {}ms.", sent, ms);
        log.info("Leaving RUNNING state. Sent {} messages in {}ms.", sent, ms);
    }

    /** v1.10's --multipart: {@code --num-parts} new parts per message. */
    private void runMultipart(Channel out, Socket socket, long limit) {
        log.info("Starting the benchmark with message size of {} and number of messages {}, {} parts each.", msgSize,
                limit, numParts);
        long start = System.nanoTime();
        long sent = 0;
        boolean zeroing = DeviceOptions.isTrue(memset);
        List<Message> parts = new ArrayList<>(numParts);
        while (checkCurrentState(State.RUNNING) && (limit == 0 || sent < limit)) {
            for (int i = 0; i < numParts; i++) {
                Message part = out.newMessage(msgSize, msgAlignment);
                if (zeroing) {
                    zero(part.data());
                }
                parts.add(part);
            }
            if (socket.send(parts) >= 0) {
                sent++;
            }
            parts.forEach(Message::close);
            parts.clear();
        }
        log.info("Done {} iterations in {}ms.", sent, (System.nanoTime() - start) / 1_000_000);
    }

    private static void zero(ByteBuffer data) {
        for (int i = 0; i < data.limit(); i++) {
            data.put(i, (byte) 0);
        }
    }
}
