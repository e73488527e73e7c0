package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What counts as a Boost managed segment, decided without blocking. */
class ManagedSegmentProbeTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("monitor_probe");

    @Test
    void shouldRecogniseAManagedSegmentAndAMissingName() {
        String name = shm.prefix() + "main";
        assertEquals(ManagedSegmentProbe.Kind.ABSENT, ManagedSegmentProbe.probe(name).kind());
        ManagedSegment.createOnly(name, 100_000).close();
        try {
            assertEquals(new ManagedSegmentProbe.Result(ManagedSegmentProbe.Kind.MANAGED, ""), ManagedSegmentProbe.probe(name));
            ManagedSegmentProbe.Opened opened = ManagedSegmentProbe.open(name);
            try (ManagedSegment segment = opened.segment()) {
                assertEquals(100_000, segment.size());
            }
        } finally {
            ManagedSegment.remove(name);
        }
    }

    @Test
    void shouldNotHangOnAZeroFilledObject() {
        String name = shm.prefix() + "raw";
        SharedRegion.createOnly(name, 4096).close(); // Boost's open_only would spin on it forever
        try {
            ManagedSegmentProbe.Result result = ManagedSegmentProbe.probe(name);
            assertEquals(ManagedSegmentProbe.Kind.FOREIGN, result.kind());
            assertTrue(result.reason().startsWith("its first word is 0x00000000"), result.reason());
        } finally {
            SharedRegion.remove(name);
        }
    }

    @Test
    void shouldTellAMessageQueueFromASegment() {
        String name = shm.prefix() + "queue";
        MessageQueue.createOnly(name, 10, 1).close();
        try {
            ManagedSegmentProbe.Result result = ManagedSegmentProbe.probe(name);
            assertEquals(ManagedSegmentProbe.Kind.FOREIGN, result.kind());
            assertTrue(result.reason().contains("e.g. a message queue"), result.reason());
        } finally {
            MessageQueue.remove(name);
        }
    }

    @Test
    void shouldRejectTinyAndForeignFiles() throws Exception {
        Path tiny = Path.of("/dev/shm", shm.prefix() + "tiny");
        Files.write(tiny, new byte[] {2, 0});
        try {
            assertEquals(new ManagedSegmentProbe.Result(ManagedSegmentProbe.Kind.FOREIGN,
                    "it has only 2 byte(s), less than a Boost segment header"), ManagedSegmentProbe.probe(tiny.getFileName()
                    .toString()));
        } finally {
            Files.delete(tiny);
        }
        assertEquals(ManagedSegmentProbe.Kind.ABSENT, ManagedSegmentProbe.probe("").kind());
        assertEquals(ManagedSegmentProbe.Kind.ABSENT, ManagedSegmentProbe.probe("a/b").kind());
    }
}
