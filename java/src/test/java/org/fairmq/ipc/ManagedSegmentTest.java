package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import org.fairmq.interop.Payloads;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ManagedSegmentTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("segment");

    private String name() {
        return shm.prefix() + "main";
    }

    @Test
    void shouldMatchBoost174LayoutOfAFreshSegment() {
        try (ManagedSegment segment = ManagedSegment.createOnly(name(), 2_000_000_000L)) {
            assertEquals(2_000_000_000L, segment.size());
            assertEquals(1_999_999_776L, segment.freeMemory());
            segment.constructDeviceCounter(1);
            assertEquals(OptionalLong.of(280), segment.deviceCounterHandle());
            assertEquals(336, segment.allocate(16));
            assertEquals(384, segment.allocate(16));
        } finally {
            ManagedSegment.remove(name());
        }
    }

    @Test
    void shouldWriteAndReadAChunkZeroCopyAndRestoreFreeMemory() {
        try (ManagedSegment a = ManagedSegment.createOnly(name(), 1 << 20);
                ManagedSegment b = ManagedSegment.openOnly(name())) {
            long before = a.freeMemory();
            long handle = a.allocate(4096);
            ByteBuffer written = a.buffer(handle, 4096);
            assertTrue(written.isDirect());
            Payloads.fill(written, 7);
            // a second mapping at another address sees the same bytes through the same handle
            assertEquals(-1, Payloads.firstMismatch(b.buffer(handle, 4096), 7));
            assertEquals(a.handle(a.address(handle)), handle);
            b.deallocate(handle);
            assertEquals(before, a.freeMemory());
            assertTrue(a.checkSanity());
        } finally {
            ManagedSegment.remove(name());
        }
    }

    @Test
    void shouldReportAFullSegmentWithoutThrowingOrWithAClearError() {
        try (ManagedSegment segment = ManagedSegment.createOnly(name(), 64 * 1024)) {
            assertEquals(-1, segment.tryAllocate(1 << 20));
            ShmOutOfMemoryException e = assertThrows(ShmOutOfMemoryException.class, () -> segment.allocate(1 << 20));
            assertTrue(e.getMessage().startsWith("allocate \"" + name() + "\": cannot allocate 1048576 bytes, "),
                    e.getMessage());
            assertTrue(segment.tryAllocate(100) > 0, "usable after a failed allocation");
        } finally {
            ManagedSegment.remove(name());
        }
    }

    @Test
    void shouldRefuseHandlesOutsideTheSegmentAndForeignBlocks() {
        try (ManagedSegment segment = ManagedSegment.createOnly(name(), 64 * 1024)) {
            for (long bad : new long[] {0, -16, 1 << 20, 337, Long.MAX_VALUE}) {
                ShmBadHandleException e = assertThrows(ShmBadHandleException.class, () -> segment.deallocate(bad));
                assertTrue(e.getMessage().contains("handle " + bad), e.getMessage());
            }
            assertThrows(ShmBadHandleException.class, () -> segment.buffer(336, 64 * 1024));
            assertThrows(ShmBadHandleException.class, () -> segment.checkChunk(1 << 30, 1));
            long handle = segment.allocate(64);
            segment.deallocate(handle);
            ShmBadHandleException twice = assertThrows(ShmBadHandleException.class, () -> segment.deallocate(handle));
            assertTrue(twice.getMessage().contains("is not an allocated block"), twice.getMessage());
            assertTrue(segment.checkSanity(), "segment intact after the refused free");
        } finally {
            ManagedSegment.remove(name());
        }
    }

    @Test
    void shouldReportMissingAndExistingSegments() {
        ShmNotFoundException missing = assertThrows(ShmNotFoundException.class, () -> ManagedSegment.openOnly(name()));
        assertEquals("managed_shared_memory open_only \"" + name() + "\": No such file or directory", missing.getMessage());
        try (ManagedSegment created = ManagedSegment.createOnly(name(), 64 * 1024)) {
            assertThrows(ShmAlreadyExistsException.class, () -> ManagedSegment.createOnly(name(), 64 * 1024));
            try (ManagedSegment opened = ManagedSegment.openOrCreate(name(), 1 << 20)) {
                assertEquals(64 * 1024, opened.size(), "size ignored when the segment exists");
            }
        } finally {
            assertTrue(ManagedSegment.remove(name()));
            assertFalse(ManagedSegment.remove(name()));
        }
    }

    @Test
    void shouldThrowInsteadOfCrashingWhenUsedAfterClose() {
        ManagedSegment segment = ManagedSegment.createOnly(name(), 64 * 1024);
        long handle = segment.allocate(128);
        ByteBuffer buffer = segment.buffer(handle, 128);
        buffer.put(0, (byte) 1);
        segment.close();
        ManagedSegment.remove(name());
        LateAccess.assertFails(() -> buffer.get(0));
        LateAccess.assertFails(() -> {
            buffer.put(0, new byte[4]);
            return 0;
        });
        assertThrows(IllegalStateException.class, () -> segment.allocate(16));
        assertThrows(IllegalStateException.class, () -> segment.deallocate(handle));
        assertThrows(IllegalStateException.class, segment::freeMemory);
        segment.close(); // idempotent
    }

    @Test
    void shouldShareUniqueInstancesBetweenMappings() {
        try (ManagedSegment a = ManagedSegment.createOnly(name(), 64 * 1024);
                ManagedSegment b = ManagedSegment.openOnly(name())) {
            assertEquals(OptionalLong.empty(), a.findDeviceCounter());
            a.constructDeviceCounter(1);
            assertEquals(OptionalLong.of(1), b.findDeviceCounter());
            assertEquals(2, b.addToDeviceCounter(1));
            assertThrows(ShmAlreadyExistsException.class, () -> b.constructDeviceCounter(1));
            assertTrue(a.destroyDeviceCounter());
            assertThrows(ShmNotFoundException.class, () -> b.addToDeviceCounter(1));

            assertFalse(a.hasMonitorStatus());
            a.constructMonitorStatus();
            assertTrue(b.hasMonitorStatus());
            assertTrue(b.destroyMonitorStatus());
            assertEquals(1, a.nextRegionId());
            assertEquals(2, b.nextRegionId());
            assertEquals(OptionalLong.of(2), a.findRegionCounter());
        } finally {
            ManagedSegment.remove(name());
        }
    }

    @Test
    void shouldListQueueEntries() {
        try (ManagedSegment segment = ManagedSegment.createOnly(name(), 64 * 1024)) {
            assertNull(segment.findStringVector("q"));
            segment.constructQueueEntries("q", List.of("a", "b"), 3);
            assertEquals(List.of("a", "b"), segment.findStringVector("q"));
            assertEquals(OptionalLong.of(3), segment.findNamedInt("b"));
            assertEquals(OptionalLong.empty(), segment.findNamedInt("c"));
        } finally {
            ManagedSegment.remove(name());
        }
    }
}
