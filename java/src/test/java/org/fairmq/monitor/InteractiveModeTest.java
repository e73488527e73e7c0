package org.fairmq.monitor;

import org.fairmq.terminal.KeyInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Interactive mode through the API, keys from a test queue: every key's output, rows, restore. */
class InteractiveModeTest {
    static final Pattern ROW = Pattern.compile(
            "\\| +\\S+ \\| +\\S+ \\| +\\S+ \\| +\\S+ \\| +\\S+ \\| +\\S+ \\| +\\S+ \\| +\\S+ \\|[-\\\\|/]\r");

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("monitor_interactive");

    private final Captured out = new Captured();

    /** Keys the test types; records whether the monitor gave the input back. */
    static final class TestKeys implements KeyInput {
        final BlockingQueue<Integer> keys = new LinkedBlockingQueue<>();
        volatile boolean closed;
        volatile IOException failure;

        @Override
        public int poll(long timeoutMs) throws IOException {
            if (failure != null) {
                throw failure;
            }
            try {
                Integer key = keys.poll(timeoutMs, TimeUnit.MILLISECONDS);
                return key == null ? -1 : key;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private void type(TestKeys keys, char key, String expectedOutput) throws InterruptedException {
        keys.keys.add((int) key);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!withoutRows(out.text()).endsWith(expectedOutput)) {
            assertTrue(System.nanoTime() < deadline, "after key " + key + ": " + out.text());
            Thread.sleep(5);
        }
        Thread.sleep(250); // two more rows
    }

    static String withoutRows(String text) {
        return ROW.matcher(text).replaceAll("");
    }

    @Test
    void shouldAnswerEveryKeyLikeTheReference() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        String p = shm.prefix();
        ShmMonitorMainTest.createTopology(names, 1);
        TestKeys keys = new TestKeys();
        String header = StatusTable.header();
        String help = "controls: [x] close memory, [p] print queues, [h] help, [q] quit.";
        try (Monitor monitor = Monitor.builder(names).interactive(true).keys(() -> keys).output(out.stream).start()) {
            Thread.sleep(350);
            type(keys, 'h', "[h] --> help:\n\n" + help + "\n\n" + header);
            type(keys, 'p', "[p] --> active queues:\n\n\tno queues found\n\n" + header);
            type(keys, 'z', "[z] --> invalid input.\n" + header);
            type(keys, '\n', "[\\n] --> invalid input.\n" + header);
            type(keys, 'x', "[x] --> closing shared memory:\n"
                    + "Region counter found: 1\n"
                    + "Successfully removed \"" + p + "region_1\" shared memory segment.\n"
                    + "Successfully removed \"" + p + "management\" shared memory segment.\n"
                    + "Successfully removed \"" + p + "main\" shared memory segment.\n" + header);
            keys.keys.add((int) 'q');
            assertTrue(monitor.awaitTermination(3, TimeUnit.SECONDS));
        }
        assertTrue(keys.closed, "the input is given back");
        String text = out.text();
        assertTrue(text.endsWith("[q] --> quitting.\n"), text);
        assertEquals("\n" + help + "\n\n" + header
                + "[h] --> help:\n\n" + help + "\n\n" + header
                + "[p] --> active queues:\n\n\tno queues found\n\n" + header
                + "[z] --> invalid input.\n" + header
                + "[\\n] --> invalid input.\n" + header
                + "[x] --> closing shared memory:\n"
                + "Region counter found: 1\n"
                + "Successfully removed \"" + p + "region_1\" shared memory segment.\n"
                + "Successfully removed \"" + p + "management\" shared memory segment.\n"
                + "Successfully removed \"" + p + "main\" shared memory segment.\n" + header
                + "[q] --> quitting.\n", withoutRows(text));

        List<String> rows = ROW.matcher(text).results().map(java.util.regex.MatchResult::group).toList();
        assertTrue(rows.size() >= 10, text);
        String first = rows.get(0);
        String expectedStart = "| " + StatusTable.pad(p + "main", 18) + " |    1000000 | ";
        assertTrue(first.startsWith(expectedStart), first);
        assertTrue(first.matches(Pattern.quote(expectedStart) + " *\\d+ \\|  1 \\|          2 \\| +\\d+ \\| +\\d+ \\|          0 \\|-\r"),
                first); // used, and no trend yet on the first row
        assertTrue(rows.get(1).endsWith("|\\\r") && rows.get(2).endsWith("||\r") && rows.get(3).endsWith("|-\r")
                && rows.get(4).endsWith("|/\r") && rows.get(5).endsWith("|-\r"), "spinner - \\ | - /: " + rows);
        String dashes = "| " + StatusTable.pad("-", 18) + " | " + StatusTable.pad("-", 10) + " | "
                + StatusTable.pad("-", 10) + " |  - | " + StatusTable.pad("-", 10) + " | " + StatusTable.pad("-", 10) + " | "
                + StatusTable.pad("-", 10) + " | " + StatusTable.pad("-", 10) + " |";
        assertTrue(rows.get(rows.size() - 1).startsWith(dashes), "after x the segment is gone: " + rows);
        assertEquals(List.of(), DevShm.leftWith(p));
    }

    @Test
    void shouldListQueuesWhenTheVectorExists() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        try (ManagedSegment main = ManagedSegment.createOnly(names.mainSegment(), 1_000_000)) {
            main.constructQueueEntries(names.queues(), List.of("data1", "data2"), 5);
        }
        TestKeys keys = new TestKeys();
        try (Monitor monitor = Monitor.builder(names).interactive(true).keys(() -> keys).output(out.stream).start()) {
            type(keys, 'p', "[p] --> active queues:\n\nfound 2 queue(s):\n\tdata1 : 5 messages\n\tdata2 : 5 messages\n\n"
                    + StatusTable.header());
            keys.keys.add((int) 'q');
            assertTrue(monitor.awaitTermination(3, TimeUnit.SECONDS));
        }
        Monitor.cleanup(names, new Captured().stream); // the segment outlived the monitor, so did management
    }

    @Test
    void shouldGiveTheInputBackWhenInteractiveModeFails() throws Exception {
        TestKeys keys = new TestKeys();
        keys.failure = new IOException("terminal gone");
        Monitor monitor = Monitor.builder(ShmNames.withPrefix(shm.prefix())).interactive(true).keys(() -> keys)
                .output(out.stream).start();
        assertTrue(monitor.awaitTermination(3, TimeUnit.SECONDS));
        assertTrue(keys.closed, "restored after the exception");
        assertEquals("terminal gone", monitor.failure().orElseThrow().getMessage());
        assertEquals(List.of(), DevShm.leftWith(shm.prefix()));
    }
}
