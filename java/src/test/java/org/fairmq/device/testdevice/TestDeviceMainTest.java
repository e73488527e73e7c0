package org.fairmq.device.testdevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The helper's command line (PROTOCOL.md 8): device by id prefix, unknown ids, its options. */
class TestDeviceMainTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "pull_zeromq, Pull", "push_shmem, Push", "sub_1zeromq, Sub", "pub_zeromq, Pub", "req_2shmem, Req",
        "rep_zeromq, Rep", "transfer_timeout_shmem, TransferTimeout", "pollout_zeromq, PollOut",
        "pollin_shmem, PollIn",
    })
    void shouldPickTheDeviceByIdPrefix(String id, String kind) {
        Supplier<? extends TestDevice> device = TestDeviceMain.deviceFor(id);
        assertEquals(kind, device.get().getClass().getSimpleName());
    }

    @Test
    void shouldNotKnowOtherIds() {
        assertNull(TestDeviceMain.deviceFor("pair_zeromq"));
        assertNull(TestDeviceMain.deviceFor("xpull_zeromq"));
    }

    @Test
    void shouldReadTheIdInBothSpellings() {
        assertEquals("a", TestDeviceMain.idOf(new String[] {"--control", "static", "--id", "a"}));
        assertEquals("b", TestDeviceMain.idOf(new String[] {"--id=b", "--verbosity", "DEBUG"}));
        assertNull(TestDeviceMain.idOf(new String[] {"--control", "static"}));
    }

    @Test
    void shouldRefuseAnUnknownIdWithExitCodeOne() {
        String[] stderr = new String[1];
        int code = withStderr(stderr, () -> TestDeviceMain.execute(new String[] {"--id", "nobody_zeromq", "--control",
                "static"}));
        assertEquals(1, code);
        assertTrue(stderr[0].contains("Don't know id 'nobody_zeromq'"), stderr[0]);
    }

    @Test
    void shouldListPollTypeInTheHelp() {
        String[] stderr = new String[1];
        int code = withStderr(stderr, () -> TestDeviceMain.execute(new String[] {"--help"}));
        assertEquals(0, code);
        assertTrue(stderr[0].contains("--poll-type"), stderr[0]);
        assertTrue(stderr[0].contains("--shm-segment-size"), stderr[0]);
    }

    private static int withStderr(String[] captured, Supplier<Integer> body) {
        PrintStream old = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return body.get();
        } finally {
            System.setErr(old);
            captured[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
