package org.fairmq.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a unique name prefix and fails the test if anything with that prefix is left in
 * /dev/shm afterwards (after removing it, so one failure does not leak into the next run). Use as
 * a {@code @RegisterExtension} field and read {@link #prefix()} in the test.
 */
public final class ShmPrefixExtension implements BeforeEachCallback, AfterEachCallback {
    private final String tag;
    private String prefix;

    public ShmPrefixExtension(String tag) {
        this.tag = tag;
    }

    public String prefix() {
        return prefix;
    }

    /**
     * What this test's prefix still has in /dev/shm besides the named mutex, which devices never
     * remove (PROTOCOL.md 2.2 step 4); the mutex is removed here.
     */
    public List<String> leftBesidesMutex() {
        NamedMutex.remove(ShmNames.withPrefix(prefix).mutex());
        return DevShm.leftWith(prefix);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        prefix = DevShm.uniquePrefix(tag);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<String> left = DevShm.leftWith(prefix);
        for (String name : left) {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("/dev/shm", name));
        }
        assertEquals(List.of(), left, "left in /dev/shm by " + context.getDisplayName());
    }
}
