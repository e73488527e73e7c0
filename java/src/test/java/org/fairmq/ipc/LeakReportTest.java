package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The words of the leak reports, and the native text they are parsed from (jni/AllocatedBlocks.h). */
class LeakReportTest {
    private static final AllocatedBlocks THREE = new AllocatedBlocks(3, 3072, 3120,
            List.of(new AllocatedBlock(336, 1000), new AllocatedBlock(1344, 1032)));

    @Test
    void shouldParseTheNativeText() {
        assertEquals(THREE, AllocatedBlocks.parse("3 3072 3120\n336 1000\n1344 1032\n"));
        assertEquals(AllocatedBlocks.NONE, AllocatedBlocks.parse("0 0 0\n"));
        assertTrue(AllocatedBlocks.NONE.isEmpty());
    }

    @Test
    void shouldNameTheListedChunksAndCountTheRest() {
        assertEquals("shmem: 3072 bytes in 3 chunks still allocated in \"x_main\" beyond its empty state when the last"
                + " device left; chunks (offset,size): (336,1000) (1344,1032) ... (1 more)",
                LeakReport.lastDeviceWarning("x_main", THREE));
        assertEquals("\"x_main\": 3072 bytes in 3 chunks still allocated beyond its empty state\n  offset size\n"
                + "  336 1000\n  1344 1032\n  ... 1 more chunk\n", LeakReport.segmentReport("x_main", THREE));
        assertEquals("\"x_main\": no chunks allocated beyond its empty state\n",
                LeakReport.segmentReport("x_main", AllocatedBlocks.NONE));
        assertEquals("1000 bytes in 1 chunk",
                LeakReport.amount(new AllocatedBlocks(1, 1000, 1008, List.of(new AllocatedBlock(336, 1000)))));
    }
}
