package org.fairmq.demo;

import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import org.fairmq.interop.MessagePlan;
import org.fairmq.interop.Payloads;
import org.fairmq.transport.Message;
import picocli.CommandLine.Option;

/**
 * The demo's processor: checks every message from {@code data-in} against the C++ sampler's
 * deterministic plan, in place in shared memory (zero copy), and forwards it unchanged on
 * {@code data-out} (the chunk's ownership moves on with the frame). Leaves RUNNING after
 * {@code --num-msgs}.
 */
public final class Processor extends Device {
    @Option(names = "--num-msgs", defaultValue = "0", description = "Messages to process (0 = unlimited)")
    long numMsgs;

    @Option(names = "--seed", defaultValue = "1", description = "The sampler's --seed")
    long seed;

    @Option(names = "--size-max", defaultValue = "16384", description = "The sampler's --size-max")
    long sizeMax;

    private long processed;
    private long errors;
    private long bytes;

    public static void main(String[] args) {
        DeviceMain.run(args, Processor::new);
    }

    @Override
    protected void initTask() {
        MessagePlan plan = MessagePlan.random(seed, sizeMax);
        onData("data-in", (Message message, int index) -> {
            long k = processed++;
            if (message.size() != plan.size(k, 0)
                    || (message.size() > 0 && Payloads.firstMismatch(message.data(), plan.patternSeed(k, 0)) >= 0)) {
                errors++;
            }
            bytes += message.size();
            send(message, "data-out", 0);
            return numMsgs == 0 || processed < numMsgs;
        });
    }

    @Override
    protected void postRun() {
        log.info("Processor: checked {} messages ({} bytes) from the C++ sampler in place, {} errors", processed, bytes,
                errors);
    }
}
