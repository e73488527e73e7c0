package org.fairmq.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 20,000 random frames from the C++ fuzz sampler, each followed by a valid message, into a Java
 * shmem socket (FrameFuzzRun; {@code scripts/fuzz-frames.sh} runs 1,000,000): every random frame is
 * dropped, every valid message arrives intact, nothing is freed wrongly, the segment stays sane.
 */
class FrameFuzzTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("fuzz");

    @Test
    void everyRandomFrameIsDroppedAndEveryValidMessageArrives() throws Exception {
        FrameFuzzRun.Result result = FrameFuzzRun.run(InteropBinaries.device(), shm.prefix(), 20_000, 20261201, 64_000_000);
        assertEquals(0, result.wrongFrees(), result.toString());
        assertEquals(20_000, result.rejected(), result.toString());
        assertEquals(20_000, result.validReceived(), result.toString());
        assertEquals(List.of(), result.problems(), result.toString());
        assertEquals(result.freeBefore(), result.freeAfter(), result.toString());
        assertTrue(result.sane(), result.toString());
        assertEquals("", result.cppOutcome(), result.toString());
        assertTrue(result.byCause().size() >= 5, "the frames reach many checks: " + result.byCause());
        assertEquals(List.of(), shm.leftBesidesMutex());
    }
}
