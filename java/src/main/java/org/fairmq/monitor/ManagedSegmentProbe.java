package org.fairmq.monitor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.ShmException;

/**
 * Tells whether a name in /dev/shm is a Boost {@code managed_shared_memory} segment before the
 * monitor opens or removes it, without blocking and without trusting the object:
 * <ol>
 * <li>the first 32-bit word must be Boost's "initialized" mark (2). Boost's {@code open_only}
 *     waits forever while that word is 0 or 1, so a raw region or any zero-filled object under a
 *     segment name would hang the reference monitor; we read the word through the file system
 *     first;</li>
 * <li>Boost must open it ({@code open_only});</li>
 * <li>the size its segment header reports must be the object's size: a {@code message_queue}
 *     (which carries the same initialization word) fails here.</li>
 * </ol>
 * Boost's {@code check_sanity()} is deliberately not part of the test: it takes the segment's
 * internal mutex, which a process killed inside an allocation leaves locked for good (PROTOCOL.md
 * 2.4), and a crashed topology is exactly what the monitor cleans up. Stateless, thread-safe.
 */
final class ManagedSegmentProbe {
    /** Where Boost puts POSIX shared memory on Linux (PROTOCOL.md 1.1). */
    static final Path DEV_SHM = Path.of("/dev/shm");
    /** managed_open_or_create_impl's state word: UninitializedSegment, Initializing, Initialized, Corrupted. */
    private static final int INITIALIZED_SEGMENT = 2;

    private ManagedSegmentProbe() {}

    /** What a probe found. */
    enum Kind {
        /** No object of that name. */
        ABSENT,
        /** A Boost managed segment. */
        MANAGED,
        /** Something else (the reason says what and why). */
        FOREIGN
    }

    /**
     * The outcome of one probe.
     *
     * @param kind   what the object is
     * @param reason for {@link Kind#FOREIGN}: why it is not a managed segment; otherwise empty
     */
    record Result(Kind kind, String reason) {
        boolean isManaged() {
            return kind == Kind.MANAGED;
        }
    }

    /** The file behind a Boost shared-memory name. */
    static Path file(String name) {
        return DEV_SHM.resolve(name);
    }

    /** Probes {@code name}; never blocks, never throws for what it finds. */
    static Result probe(String name) {
        Opened opened = open(name);
        if (opened.segment() != null) {
            opened.segment().close();
        }
        return opened.result();
    }

    /**
     * Probes {@code name} and, if it is a managed segment, returns it opened ({@code open_only});
     * the caller closes it.
     */
    static Opened open(String name) {
        if (name.isEmpty() || name.contains("/")) {
            return new Opened(NOTHING, null);
        }
        Path path = file(name);
        long size;
        int word;
        try (SeekableByteChannel channel = Files.newByteChannel(path, StandardOpenOption.READ)) {
            size = channel.size();
            if (size < Integer.BYTES) {
                return foreign("it has only " + size + " byte(s), less than a Boost segment header");
            }
            ByteBuffer head = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder());
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // read the whole word
            }
            word = head.getInt(0);
        } catch (NoSuchFileException e) {
            return new Opened(NOTHING, null);
        } catch (IOException e) {
            return foreign("it cannot be read: " + e.getMessage());
        }
        if (word != INITIALIZED_SEGMENT) {
            return foreign(String.format("its first word is 0x%08x, not Boost's initialized mark 0x%08x (a raw region, "
                    + "an unfinished segment or another program's object)", word, INITIALIZED_SEGMENT));
        }
        ManagedSegment segment;
        try {
            segment = ManagedSegment.openOnly(name);
        } catch (ShmException e) {
            if (!Files.exists(path)) {
                return new Opened(NOTHING, null);
            }
            return foreign("Boost cannot open it: " + e.getMessage());
        }
        if (segment.size() != size) {
            long described = segment.size();
            segment.close();
            return foreign("its header describes " + described + " bytes but the object has " + size
                    + " bytes (another kind of Boost object, e.g. a message queue)");
        }
        return new Opened(new Result(Kind.MANAGED, ""), segment);
    }

    /**
     * A probe's result and, for a managed segment, the segment opened by the probe.
     *
     * @param result  what the name is
     * @param segment the open segment if {@code result} is MANAGED, else null; owned by the caller
     */
    record Opened(Result result, ManagedSegment segment) {}

    private static final Result NOTHING = new Result(Kind.ABSENT, "");

    private static Opened foreign(String reason) {
        return new Opened(new Result(Kind.FOREIGN, reason), null);
    }
}
