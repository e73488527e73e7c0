package org.fairmq.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fairmq.device.builtin.Sink;
import org.fairmq.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --control interactive} (PROTOCOL.md 6.6.4): keys in, the reference's log lines out. */
class InteractiveControlTest {
    @TempDir
    Path dir;

    private static void type(OutputStream keys, String text) throws Exception {
        keys.write(text.getBytes(StandardCharsets.US_ASCII));
        keys.flush();
        Thread.sleep(700); // keys are polled every 500 ms
    }

    @Test
    void shouldPauseRunHelpRejectAndEndOnKeys() throws Exception {
        Path log = dir.resolve("device.log");
        Process device = JavaProcess.builder(Sink.class, List.of("--id", "sink1", "--control", "interactive",
                "--verbosity", "INFO", "--channel-config", "name=data,type=pull,method=bind,address=inproc://keys"))
                .redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream keys = device.getOutputStream()) {
            Thread.sleep(2500); // started, RUNNING
            type(keys, "p");
            type(keys, "r");
            type(keys, "x");
            type(keys, "h");
            type(keys, "q");
            assertTrue(device.waitFor(30, TimeUnit.SECONDS), "device ended after [q]");
        } finally {
            device.destroyForcibly();
        }
        String text = Files.readString(log);
        assertEquals(0, device.exitValue(), text);
        for (String expected : new String[] {"[p] pause", "Entering PAUSED state", "[r] run", "Invalid input: [x]",
                "[h] help", "Use keys to control the state machine:", "[q] end", "Entering EXITING state"}) {
            assertTrue(text.contains(expected), "missing \"" + expected + "\" in:\n" + text);
        }
        assertTrue(text.indexOf("Entering PAUSED state") < text.indexOf("[INFO] [r] run"), text);
    }
}
