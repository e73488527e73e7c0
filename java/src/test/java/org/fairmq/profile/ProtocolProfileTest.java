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

    @Test
    void anOptionOnlyTheV110MonitorHasSelectsV110() {
        // PROTOCOL-V110.md 2.4: the spawn line of devices with --shm-monitor true
        String[] spawn = {"-x", "-m", "--shmid", "dbab2873", "-d", "-t", "2000", ""};
        ShmMonitorCommand.Selection s = ShmMonitorCommand.select(spawn);
        assertEquals(ProtocolProfile.V110, s.profile());
        assertArrayEquals(spawn, s.arguments());
        for (String option : new String[] {"-s", "--session", "--shmid", "-r", "--reset-content", "-v", "--view", "-d",
                "--daemonize", "-m", "--monitor", "-b", "--debug", "-e", "--clean-on-exit", "--interval", "--get-shmid",
                "--list-all", "--list-all-path", "--verbose", "--severity", "--user-id", "--get-shmid=1",
                "--session=x", "--list-all=true", "--user-id=5", "--monit", "-c", "-x", "-i", "-t", "-h", "-sfoo"}) {
            assertEquals(ProtocolProfile.V110, ShmMonitorCommand.select(new String[] {option, "v"}).profile(), option);
            assertEquals(ProtocolProfile.V110,
                    ShmMonitorCommand.select(new String[] {"--prefix", "p_", option}).profile(), option);
        }
    }

    @Test
    void the2017OptionsAndTheirValuesKeepThe2017Monitor() {
        for (String[] args : new String[][] {{"--segment-name", "-m"}, {"--cleanup"}, {"--self-destruct"},
                {"--interactive"}, {"--timeout", "-x", "--nope"}, {"--help"}, {"--prefix", "--session"},
                {"--status-json"}, {"--version"}, {"--clean=yes"}, {"--seg", "x", "--clean"}, {"--bogus"}, {""},
                {"--", "-m"}, {}}) {
            assertEquals(ProtocolProfile.V2017, ShmMonitorCommand.select(args).profile(), String.join(" ", args));
        }
        // an explicit --shm-protocol wins
        ShmMonitorCommand.Selection s = ShmMonitorCommand.select(new String[] {"-m", "--shm-protocol", "2017"});
        assertEquals(ProtocolProfile.V2017, s.profile());
        assertArrayEquals(new String[] {"-m"}, s.arguments());
        assertEquals(ProtocolProfile.V110,
                ShmMonitorCommand.select(new String[] {"--shm-protocol=1.10", "--cleanup"}).profile());
    }
}
