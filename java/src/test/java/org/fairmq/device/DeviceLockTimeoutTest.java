package org.fairmq.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fairmq.device.builtin.BenchmarkSampler;
import org.fairmq.interop.CppPeer;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.JavaProcess;
import org.fairmq.testing.OutputLines;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * fairmq-bsampler against a main segment whose allocator mutex a C++ peer held when it was killed
 * (SIGKILL): the device reports the lock held by a process that may be dead, names the segment and
 * the remedy, and exits 1 within its --shm-lock-timeout-ms (plus start-up); nothing hangs.
 */
class DeviceLockTimeoutTest {
    /** JVM start-up and two builds beside us; the bound itself is 1000 ms. */
    private static final long EXIT_WITHIN_MS = 60_000;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("devlock");

    private ShmNames names() {
        return ShmNames.withPrefix(shm.prefix());
    }

    @AfterEach
    void removeWhatTheTestAndTheDeviceLeft() {
        // the dead peer's lock stays in the segment: the test removes what it made
        ManagedSegment.remove(names().mainSegment());
        ManagedSegment.remove(names().managementSegment());
        NamedMutex.remove(names().mutex());
    }

    private static void lockAndDie(String segment) throws InterruptedException {
        CppPeer peer = CppPeer.start(InteropBinaries.peer());
        try {
            peer.ok("segment-open " + segment);
            peer.ok("segment-lock-mutex " + segment);
        } finally {
            peer.process().destroyForcibly();
            assertTrue(peer.process().waitFor(30, TimeUnit.SECONDS));
        }
    }

    private OutputLines startSampler() {
        List<String> args = List.of("--id", "sampler1", "--transport", "shmem", "--control", "static", "--shm-prefix",
                shm.prefix(), "--shm-segment-size", "64000000", "--shm-lock-timeout-ms", "1000", "--verbosity", "INFO",
                "--msg-size", "1000", "--channel-config",
                "name=data,type=push,method=connect,address=ipc:///tmp/" + shm.prefix() + "nobody.ipc");
        return OutputLines.start(JavaProcess.builder(BenchmarkSampler.class, args));
    }

    private String lockMessage(String operation) {
        return operation + " \"" + names().mainSegment() + "\": its lock inside shared memory was not released within"
                + " 1000 ms: it is held by a process that may be dead (killed while holding it; these locks are not"
                + " robust); remove the topology's shared memory with fairmq-shmmonitor --cleanup and restart the devices";
    }

    @Test
    void shouldGoToErrorAndExit1WhenTheAllocatorLockIsHeldByADeadPeerWhileRunning() throws Exception {
        try (ManagedSegment main = ManagedSegment.createOnly(names().mainSegment(), 64_000_000)) {
            main.constructDeviceCounter(1); // as a device would: the sampler attaches without allocating
        }
        lockAndDie(names().mainSegment());
        try (OutputLines sampler = startSampler()) {
            assertEquals(1, sampler.exitCode(EXIT_WITHIN_MS), sampler.text());
            String output = sampler.text();
            assertTrue(output.contains("Entering RUNNING state"), output);
            assertTrue(output.contains("Exception in state RUNNING: org.fairmq.ipc.ShmTimeoutException: "
                    + lockMessage("allocate 1000 bytes in")), output);
            assertTrue(output.contains("Entering ERROR state"), output);
        }
        try (ManagedSegment main = ManagedSegment.openOnly(names().mainSegment())) {
            assertEquals(1, main.findDeviceCounter().getAsLong(), "the sampler detached on its way out");
        }
    }

    @Test
    void shouldExit1AtStartUpWhenTheLockIsHeldByADeadPeerBeforeTheDeviceAttaches() throws Exception {
        try (CppPeer creator = CppPeer.start(InteropBinaries.peer())) {
            creator.ok("segment-create " + names().mainSegment() + " 64000000"); // no device counter yet
        }
        lockAndDie(names().mainSegment());
        try (OutputLines sampler = startSampler()) {
            assertEquals(1, sampler.exitCode(EXIT_WITHIN_MS), sampler.text());
            String output = sampler.text();
            assertTrue(output.contains("device sampler1: " + lockMessage("construct DeviceCounter in")), output);
            assertTrue(!output.contains("Entering RUNNING state"), output);
        }
    }
}
