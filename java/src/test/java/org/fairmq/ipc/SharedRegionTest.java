package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.fairmq.interop.Payloads;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedRegionTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("region");

    private String name() {
        return ShmNames.withPrefix(shm.prefix()).region(1);
    }

    @Test
    void shouldShareExactlySizedRegionWithOpeners() {
        try (SharedRegion created = SharedRegion.createOnly(name(), 10_000);
                SharedRegion opened = SharedRegion.openOnly(name())) {
            assertEquals(10_000, created.size());
            assertEquals(10_000, opened.size());
            Payloads.fill(created.buffer(4096, 1000), 3);
            assertEquals(-1, Payloads.firstMismatch(opened.buffer(4096, 1000), 3));
        } finally {
            SharedRegion.remove(name());
        }
    }

    @Test
    void shouldRefuseRangesOutsideTheRegion() {
        try (SharedRegion region = SharedRegion.createOnly(name(), 4096)) {
            assertThrows(ShmBadHandleException.class, () -> region.buffer(4000, 100));
            assertThrows(ShmBadHandleException.class, () -> region.buffer(-1, 1));
            assertTrue(region.contains(0, 4096));
        } finally {
            SharedRegion.remove(name());
        }
    }

    @Test
    void shouldReportMissingExistingAndClosedRegions() {
        assertThrows(ShmNotFoundException.class, () -> SharedRegion.openOnly(name()));
        SharedRegion region = SharedRegion.createOnly(name(), 4096);
        assertThrows(ShmAlreadyExistsException.class, () -> SharedRegion.createOnly(name(), 4096));
        ByteBuffer view = region.buffer(0, 16);
        region.close();
        assertTrue(SharedRegion.remove(name()));
        LateAccess.assertFails(() -> view.get(0));
        assertThrows(IllegalStateException.class, region::size);
    }
}
