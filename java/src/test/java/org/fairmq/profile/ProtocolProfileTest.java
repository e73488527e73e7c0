package org.fairmq.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtocolProfileTest {
    @Test
    void parsesTheVersionsDevicesAndTheMonitorAccept() {
        assertEquals(ProtocolProfile.V2017, ProtocolProfile.parse("2017"));
        assertEquals(ProtocolProfile.V2017, ProtocolProfile.parse(" 2017 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtocolProfile.parse("1.0"));
        assertTrue(e.getMessage().contains("'--shm-protocol'") && e.getMessage().contains("'2017'"), e.getMessage());
    }

    @Test
    void monitorWithoutTheOptionRunsThe2017Profile() {
        ShmMonitorCommand.Selection s = ShmMonitorCommand.select(new String[] {"--cleanup", "--prefix", "x_"});
        assertEquals(ProtocolProfile.V2017, s.profile());
        assertArrayEquals(new String[] {"--cleanup", "--prefix", "x_"}, s.arguments());
    }

    @Test
    void monitorOptionIsRemovedBeforeTheProfileParses() {
        ShmMonitorCommand.Selection s = ShmMonitorCommand.select(new String[] {"--shm-protocol", "2017", "-h"});
        assertEquals(ProtocolProfile.V2017, s.profile());
        assertArrayEquals(new String[] {"-h"}, s.arguments());
        s = ShmMonitorCommand.select(new String[] {"--shm-protocol=2017"});
        assertArrayEquals(new String[0], s.arguments());
        assertThrows(IllegalArgumentException.class, () -> ShmMonitorCommand.select(new String[] {"--shm-protocol"}));
    }
}
