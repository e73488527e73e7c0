package org.fairmq.monitor.v110;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.fairmq.monitor.ChildProcess;
import org.fairmq.monitor.Launcher;
import org.fairmq.testing.Await;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.JavaProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --shm-monitor true} (PROTOCOL-V110.md 2.4): a C++ v1.10 device (the independent peer of
 * interop-tests/) and a Java v1.10 device, each with {@code FAIRMQ_PATH} pointing at this
 * checkout's bin/, spawn the Java monitor with {@code -x -m --shmid <id> -d -t 2000 ""}; it
 * daemonises, holds {@code fmq_<id>_ms}, cleans up after the device is SIGKILLed (6.4) and after an
 * orderly end exits by itself, leaving nothing. Waits for events, with generous deadlines.
 */
class MonitorSpawnTest {
    static final long DEADLINE_MS = 60_000;

    final V110TestSession s = V110TestSession.random();

    @AfterEach
    void noLeftovers() throws InterruptedException {
        await("the session and the monitor's mutex gone", () -> s.leftovers().isEmpty());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, DEADLINE_MS, condition);
    }

    private static ProcessBuilder withMonitorPath(ProcessBuilder builder) {
        return Launcher.withMonitorOnFairmqPath(builder);
    }

    private String mutexFile() {
        return "sem." + s.names().monitorMutex();
    }

    private ProcessBuilder cppDevice() {
        Path device = InteropBinaries.deviceV110();
        return withMonitorPath(new ProcessBuilder(device.toString(), "--role", "hold", "--session", s.session(),
                "--shm-segment-size", "10000000", "--shm-monitor", "1"));
    }

    @Test
    void aCppDeviceSpawnsTheJavaMonitorWhichCleansUpAfterItsCrash() throws Exception {
        try (ChildProcess cpp = ChildProcess.start("cpp", cppDevice())) {
            cpp.awaitLine("READY", DEADLINE_MS); // after "Started fairmq-shmmonitor": the mutex is held
            assertTrue(s.leftovers().contains(mutexFile()), s.leftovers().toString());
            cpp.kill();
        }
        // no heartbeats: after 2 s the monitor runs Cleanup, self-destructs and removes its mutex
    }

    @Test
    void theSpawnedMonitorEndsByItselfAfterAnOrderlyEnd() throws Exception {
        try (ChildProcess cpp = ChildProcess.start("cpp", cppDevice())) {
            cpp.awaitLine("READY", DEADLINE_MS);
            assertTrue(s.leftovers().contains(mutexFile()), s.leftovers().toString());
            cpp.signal("TERM");
            assertEquals(0, cpp.exitCode(DEADLINE_MS), cpp.lines().toString());
        }
        // the last user removed the session: "self destructing (segment has been observed and cleaned up orderly)"
    }

    @Test
    void aJavaDeviceSpawnsTheMonitorTooAndASecondDeviceFindsIt() throws Exception {
        ProcessBuilder java = withMonitorPath(JavaProcess.builder(V110DeviceMain.class,
                List.of(s.session(), "10000000", "monitor")));
        try (ChildProcess first = ChildProcess.start("java", java)) {
            first.awaitLine("READY " + s.shmId(), DEADLINE_MS);
            assertTrue(s.leftovers().contains(mutexFile()), s.leftovers().toString());
            try (ChildProcess second = ChildProcess.start("cpp", cppDevice())) {
                second.awaitLine("READY", DEADLINE_MS); // "Found fairmq-shmmonitor": no second monitor
                second.kill();
            }
            first.kill();
        }
    }
}
