package org.fairmq.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.fairmq.testing.JavaProcess;
import org.fairmq.testing.ThreadPerTask;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker thread's failures and the STOP that lands right after RUN. */
class WorkerLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void shouldExitWithOneWhenADataHandlerThrowsAnError() throws Exception {
        String address = "ipc://" + dir.resolve("loop.ipc");
        Path log = dir.resolve("device.log");
        Process p = JavaProcess.start(ThrowingHandlerDevice.class, List.of("--id", "thrower", "--control", "static",
                "--verbosity", "INFO", "--channel-config", "name=data-in,type=pull,method=bind,address=" + address,
                "--channel-config", "name=data-out,type=push,method=connect,address=" + address), log);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the device did not exit: " + Files.readString(log));
        }
        String text = Files.readString(log);
        assertEquals(1, p.exitValue(), text);
        assertTrue(text.contains("Exception in state RUNNING: java.lang.AssertionError: handler gave up"), text);
        assertTrue(text.contains("Entering ERROR state"), text);
    }

    /** Each repetition stops a fresh device as soon as it is RUNNING, before its worker resumed the transports. */
    @RepeatedTest(10)
    void shouldNeverLoseAStopThatLandsRightAfterRun() throws Exception {
        BlockingRunDevice device = new BlockingRunDevice();
        String[] args = {"--id", "blocker", "--control", "static", "--catch-signals", "0", "--verbosity", "WARN",
                "--channel-config", "name=data,type=pull,method=bind,address=inproc://blocker-" + System.nanoTime()};
        CompletableFuture<Integer> run = ThreadPerTask.supply(() -> DeviceMain.execute(args, () -> device));
        device.stateMachine().waitFor(State.RUNNING);
        assertTrue(device.stateMachine().changeState(Event.STOP), "STOP from RUNNING");
        assertEquals(0, run.get(20, TimeUnit.SECONDS), "the device left RUNNING and ended");
    }
}
