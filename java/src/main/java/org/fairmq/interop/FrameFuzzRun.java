package org.fairmq.interop;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.shmem.FrameRejection;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmSocket;
import org.fairmq.transport.shmem.ShmTransportFactory;

/**
 * The frame fuzz driver: the C++ {@code sampler-fuzz} role sends one random frame before each valid
 * message; a Java shmem PULL socket receives and checks every valid message and must drop every
 * random frame. A random frame that is not dropped is a wrong free (its "chunk" would be freed),
 * and shows up as a missing rejection and a failed check. Used by {@code FrameFuzzTest} (20,000
 * frames in CI) and by {@code scripts/fuzz-frames.sh} (1,000,000 outside CI):
 *
 * <pre>bin/fairmq-java org.fairmq.interop.FrameFuzzRun --frames 1000000 [--seed 1] [--device path]</pre>
 *
 * Uses its own name prefix and removes what it created. Not thread-safe; one run at a time.
 */
public final class FrameFuzzRun {
    private static final long MESSAGE_SIZE = 256;

    /** What a run found. {@code wrongFrees} counts random frames that were taken for chunks. */
    public record Result(long frames, long rejected, Map<FrameRejection, Long> byCause, long validReceived,
            List<String> problems, long freeBefore, long freeAfter, boolean sane, double seconds, String cppOutcome) {
        public long wrongFrees() {
            return frames - rejected;
        }

        public boolean ok() {
            return wrongFrees() == 0 && validReceived == frames && problems.isEmpty() && freeBefore == freeAfter && sane
                    && cppOutcome.isEmpty();
        }

        @Override
        public String toString() {
            return String.format("frames %d in %.1f s (%.0f frames/s, each followed by a valid message), dropped %d %s,"
                    + " valid messages received %d, wrong frees %d, check problems %s, free memory %d -> %d, sanity %s%s",
                    frames, seconds, frames / seconds, rejected, byCause, validReceived, wrongFrees(), problems,
                    freeBefore, freeAfter, sane ? "ok" : "FAILED", cppOutcome.isEmpty() ? "" : ", C++ sampler: " + cppOutcome);
        }
    }

    private FrameFuzzRun() {}

    /** Runs {@code frames} random frames with this seed against a fresh segment of this prefix. */
    public static Result run(Path cppDevice, String prefix, long frames, long seed, long segmentSize)
            throws InterruptedException {
        ShmNames names = ShmNames.withPrefix(prefix);
        String endpoint = "ipc:///tmp/" + prefix + "fuzz.ipc";
        try (ShmTransportFactory java = ShmTransportFactory.create(
                ShmOptions.defaults("fuzz").withNames(names).withSegmentSize(segmentSize))) {
            ShmSocket pull = java.createSocket(SocketType.PULL, "data[0]");
            if (!pull.bind(endpoint)) {
                throw new IllegalStateException("cannot bind " + endpoint);
            }
            long freeBefore = java.freeMemory();
            MessagePlan plan = MessagePlan.fixed(seed, MESSAGE_SIZE);
            long start = System.nanoTime();
            long received = 0;
            PlanReceiver receiver = new PlanReceiver(java, pull, plan);
            String cppOutcome = "";
            try (CppDevice sampler = CppDevice.start(cppDevice, List.of("--role", "sampler-fuzz", "--endpoint", endpoint,
                    "--method", "connect", "--prefix", prefix, "--segment-size", Long.toString(segmentSize),
                    "--num-msgs", Long.toString(frames), "--size", Long.toString(MESSAGE_SIZE), "--seed",
                    Long.toString(seed), "--timeout-ms", "60000", "--hold-ms", "600000"))) {
                for (long k = 0; k < frames; k++) {
                    if (receiver.receive(k, 60_000) < 0) {
                        break; // the check below reports the shortfall
                    }
                    received++;
                }
                receiver.close();
                sampler.terminate();
                int exit = sampler.awaitExit(60_000);
                if (exit != 0) {
                    cppOutcome = "exit code " + exit + ", " + sampler.output();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            boolean sane;
            try (ManagedSegment main = ManagedSegment.openOnly(names.mainSegment())) {
                sane = main.checkSanity();
            }
            return new Result(frames, pull.framesRejected(), pull.rejectedFrames().byCause(), received,
                    receiver.problems(), freeBefore, java.freeMemory(), sane, seconds, cppOutcome);
        } finally {
            NamedMutex.remove(names.mutex());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        long frames = 1_000_000;
        long seed = 1;
        Path device = Path.of("build/interop-tests/fairmq-interop-device");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--frames": frames = Long.parseLong(args[i + 1]); break;
                case "--seed": seed = Long.parseLong(args[i + 1]); break;
                case "--device": device = Path.of(args[i + 1]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--frames N, --seed S, --device path/to/fairmq-interop-device)");
            }
        }
        String prefix = "fmqfuzz_" + ProcessHandle.current().pid() + "_";
        long started = System.nanoTime();
        Result result = run(device.toAbsolutePath(), prefix, frames, seed, 64_000_000);
        System.out.println("FrameFuzzRun (seed " + seed + "): " + result);
        System.out.println("JVM crashes: 0 (this line is printed by the receiving JVM after "
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s)");
        System.exit(result.ok() ? 0 : 1);
    }
}
