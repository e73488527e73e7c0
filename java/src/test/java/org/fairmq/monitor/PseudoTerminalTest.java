package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code fairmq-shmmonitor --interactive} on a real pseudo-terminal ({@code script(1)} of
 * util-linux): key presses in, screen text out, and the terminal's mode restored afterwards
 * ({@code stty -a} run in the same terminal after the monitor shows {@code icanon} again).
 * The terminal echoes keys (at whatever point of the output they are typed) and turns "\n" into
 * "\r\n", as it does for the reference.
 */
class PseudoTerminalTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("monitor_pty");

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
    }

    private void awaitScreen(String text, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!screen().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no \"" + text + "\" on the screen: " + screen());
            Thread.sleep(10);
        }
    }

    private void press(OutputStream keyboard, String keys, String thenOnScreen) throws Exception {
        keyboard.write(keys.getBytes(StandardCharsets.US_ASCII));
        keyboard.flush();
        awaitScreen(thenOnScreen, 5000);
    }

    @Test
    void shouldRunInteractivelyOnATerminalAndRestoreIt() throws Exception {
        String p = shm.prefix();
        ShmNames names = ShmNames.withPrefix(p);
        ShmMonitorMainTest.createTopology(names, 0);
        String monitor = Launcher.script() + " --interactive --prefix " + p + " --timeout 60000";
        ProcessBuilder builder = Launcher.monitorCommand(List.of("script", "-qfec",
                monitor + "; rc=$?; echo; echo STTY; stty -a; exit $rc", "/dev/null"));
        Process process = builder.redirectErrorStream(true).start();
        Thread reader = new Thread(() -> copy(process.getInputStream()), "pty-screen");
        reader.setDaemon(true);
        reader.start();
        try {
            String help = "controls: [x] close memory, [p] print queues, [h] help, [q] quit.";
            String header = StatusTable.header();
            awaitScreen(header, 15_000);
            assertTrue(screen().startsWith("Starting monitor for shared memory segment: \"" + p + "main\"...\n\n" + help
                    + "\n\n" + header), screen());
            String row = "| " + StatusTable.pad(p + "main", 18) + " |    1000000 | ";
            awaitScreen(row, 5000);

            OutputStream keyboard = process.getOutputStream();
            press(keyboard, "h", "[h] --> help:\n\n" + help + "\n\n" + header);
            press(keyboard, "p", "[p] --> active queues:\n\n\tno queues found\n\n" + header);
            press(keyboard, "?", "[?] --> invalid input.\n" + header);
            press(keyboard, "\r", "[\\n] --> invalid input.\n" + header);
            press(keyboard, "x", "[x] --> closing shared memory:\n"
                    + "shmem: no region counter found. no regions to cleanup.\n"
                    + "Successfully removed \"" + p + "management\" shared memory segment.\n"
                    + "Successfully removed \"" + p + "main\" shared memory segment.\n" + header);
            press(keyboard, "q", "[q] --> quitting.\n");
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the monitor and stty end: " + screen());
            assertEquals(0, process.exitValue(), screen());
            reader.join(2000);

            String text = screen();
            assertTrue(Pattern.compile(Pattern.quote(row) + " *\\d+ \\|  1 \\|          2 \\| +\\d+ \\| +\\d+ \\| +[-+]?\\d+ \\|[-\\\\|/]\r")
                    .matcher(text).find(), text);
            assertTrue(text.replace("[?]", "").contains("?"), "echo stays on, as in the reference");
            String stty = text.substring(text.indexOf("STTY\n"));
            assertTrue(Pattern.compile("(^|\\s)icanon(\\s|;|$)").matcher(stty).find(), "canonical input restored: " + stty);
            assertFalse(stty.contains("-icanon"), stty);
            assertTrue(Pattern.compile("(^|\\s)echo(\\s|$)").matcher(stty).find(), "echo on: " + stty);
        } finally {
            process.destroyForcibly().waitFor();
        }
        assertEquals(List.of(), DevShm.leftWith(p));
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (screen) {
                    screen.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the terminal closed
        }
    }
}
