package org.fairmq.monitor.v110;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.transport.shmem.v110.SessionCleanup;

/**
 * A random v1.10 session name of one test, its shmId, and what of it is in /dev/shm
 * ({@code fmq_<shmId>_*} and {@code sem.fmq_<shmId>_ms}); {@link #removeLeftovers()} removes only
 * those. Test support; immutable.
 */
record V110TestSession(String session, ShmId shmId) {
    static V110TestSession random() {
        String session = "mon110-" + UUID.randomUUID().toString().substring(0, 12);
        return new V110TestSession(session, ShmId.ofSession(session));
    }

    SessionNames names() {
        return new SessionNames(shmId);
    }

    /** The objects of this session in /dev/shm, sorted. */
    List<String> leftovers() {
        String prefix = "fmq_" + shmId + "_";
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) || n.equals("sem." + prefix + "ms")).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /dev/shm", e);
        }
    }

    /** Removes whatever of this session is left (after a failed test), silently. */
    void removeLeftovers() {
        SessionCleanup.cleanupFull(shmId, SessionCleanup.Output.SILENT);
    }
}
