package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A payload buffer used after its mapping closed throws, on the JDK this runs on, and the JVM goes
 * on; the shared memory is not touched by the late access. The suite runs on JDK 17 and on JDK 25
 * (scripts/test.sh), so this is checked per JDK, with the implementation that JDK picks from the
 * multi-release jar.
 */
class LateAccessTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("late");

    private String name() {
        return ShmNames.withPrefix(shm.prefix()).mainSegment();
    }

    @Test
    void shouldPickTheImplementationOfThisJdk() {
        int feature = Runtime.version().feature();
        boolean fromJar = "jar".equals(System.getProperty("fairmq.test.artifact"));
        if (feature < 22) {
            assertEquals(InternalError.class, MappingViews.LATE_ACCESS_ERROR, MappingViews.DESIGN);
        } else if (fromJar) {
            // the jar, built by a JDK 22+, carries META-INF/versions/22: this JDK must use it
            assertEquals(IllegalStateException.class, MappingViews.LATE_ACCESS_ERROR, MappingViews.DESIGN);
        }
    }

    @Test
    void shouldThrowOnReadAndWriteOfASegmentBufferAfterCloseAndLeaveTheSegmentAlone() {
        try {
            ManagedSegment segment = ManagedSegment.createOnly(name(), 1 << 20);
            long handle = segment.allocate(64);
            ByteBuffer buffer = segment.buffer(handle, 64);
            buffer.put(0, (byte) 42);
            segment.close();

            Throwable read = LateAccess.failureOf(() -> buffer.get(0));
            assertInstanceOf(MappingViews.LATE_ACCESS_ERROR, read, MappingViews.DESIGN);
            Throwable write = LateAccess.failureOf(() -> {
                buffer.put(0, (byte) 7);
                return 0;
            });
            assertInstanceOf(MappingViews.LATE_ACCESS_ERROR, write, MappingViews.DESIGN);
            LateAccess.assertFails(() -> buffer.get(new byte[64]).position());

            // the JVM goes on, and the shared memory still holds what was written before the close
            try (ManagedSegment again = ManagedSegment.openOnly(name())) {
                assertEquals(42, again.buffer(handle, 64).get(0));
            }
        } finally {
            ManagedSegment.remove(name());
        }
    }

    @Test
    void shouldThrowOnARegionBufferAfterClose() {
        String region = ShmNames.withPrefix(shm.prefix()).region(1);
        try {
            SharedRegion mapping = SharedRegion.createOnly(region, 8192);
            ByteBuffer buffer = mapping.buffer(4096, 16);
            buffer.put(0, (byte) 5);
            mapping.close();
            LateAccess.assertFails(() -> {
                buffer.put(0, (byte) 6);
                return 0;
            });
            try (SharedRegion again = SharedRegion.openOnly(region)) {
                assertEquals(5, again.buffer(4096, 16).get(0));
            }
        } finally {
            SharedRegion.remove(region);
        }
    }

    /**
     * JDK 17-21: the closed range stays reserved by the placeholder while a buffer of it is
     * reachable (so no other mapping can appear under a late access), and is unmapped once none is.
     */
    @Test
    void shouldHoldTheVacatedRangeWhileABufferIsReachableAndFreeItAfter() throws InterruptedException {
        assumeTrue(MappingViews.LATE_ACCESS_ERROR == InternalError.class, "only the JDK 17 design vacates ranges");
        try {
            ManagedSegment segment = ManagedSegment.createOnly(name(), 1 << 20);
            long start = segment.baseAddress() & ~4095L;
            ByteBuffer[] buffer = {segment.buffer(segment.allocate(64), 64)};
            segment.close();
            assertTrue(mapsLine(start).contains("fairmq-vacated-mapping"), mapsLine(start));
            System.gc();
            assertTrue(mapsLine(start).contains("fairmq-vacated-mapping"), "released while a buffer is reachable");
            assertFalse(buffer[0].isReadOnly()); // still reachable up to here
            buffer[0] = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!mapsLine(start).isEmpty() && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(10); // polls the event (the cleaner's release); not a fixed wait
            }
            assertEquals("", mapsLine(start), "the vacated range was not released after its buffers became unreachable");
        } finally {
            ManagedSegment.remove(name());
        }
    }

    /** The line of /proc/self/maps that starts at {@code address}, or "". */
    private static String mapsLine(long address) {
        String prefix = Long.toHexString(address) + "-";
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
