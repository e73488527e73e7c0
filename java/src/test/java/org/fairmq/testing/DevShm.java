package org.fairmq.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Unique name prefixes for tests, and what a prefix left behind in /dev/shm. */
public final class DevShm {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private DevShm() {}

    /** A prefix no other test or process uses: {@code fmqj_<tag>_<pid>_<n>_}. */
    public static String uniquePrefix(String tag) {
        return "fmqj_" + tag + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet() + "_";
    }

    /** Files in /dev/shm whose name contains {@code prefix} (semaphores appear as {@code sem.<name>}). */
    public static List<String> leftWith(String prefix) {
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(prefix)).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /dev/shm", e);
        }
    }
}
