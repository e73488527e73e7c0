package org.fairmq.device.testdevice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the protocol tests share: a unique shared-memory prefix per test (checked for leftovers),
 * a log directory, and the check that the last device out removed the segments. The tests use the
 * reference's fixed ports, so they must not run concurrently (JUnit's default: one thread).
 */
abstract class ProtocolTestBase {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("td");

    @TempDir
    Path logs;

    ProtocolRun protocol;

    @BeforeEach
    void createRun() {
        protocol = new ProtocolRun(shm.prefix(), logs);
    }

    @AfterEach
    void removeMutex() {
        NamedMutex.remove(ShmNames.withPrefix(shm.prefix()).mutex());
    }

    /** Runs the devices, checks the reference's pass criteria and that the segments are gone. */
    void expectSuccess(String successString, ProtocolRun.DeviceSpec... devices) throws InterruptedException {
        ProtocolRun.Outcome outcome = protocol.run(devices);
        outcome.assertSuccess(successString);
        assertEquals(java.util.List.of(), protocol.leftBesidesMutex(), "the last device out removes the segments\n"
                + outcome.output());
    }
}
