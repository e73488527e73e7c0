package org.fairmq.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fairmq.device.builtin.Sink;
import org.fairmq.ipc.NativeInfo;
import org.fairmq.monitor.ShmMonitorMain;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.JavaProcess;
import org.fairmq.testing.OutputLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that cannot load libzmq.so.5 fails at its first native call with the one message of
 * {@link ShmNative#load()}, and a non-zero exit. The child runs in a private mount namespace where
 * an overlay with whiteouts over the library directory removes every {@code libzmq.so*}, so the
 * dynamic loader misses it exactly as on a machine without the package; its JavaCPP cache is a
 * fresh directory, so no copy extracted earlier can stand in. Needs {@code unshare} with the right
 * to mount (root in CI) and overlayfs; skipped otherwise.
 */
class MissingLibzmqTest {
    private static final long WITHIN_MS = 60_000;
    /** Where Debian and Ubuntu (amd64) install libzmq5. */
    private static final Path LIBRARY_DIR = Path.of("/usr/lib/x86_64-linux-gnu");
    /**
     * Runs "$@" with every libzmq.so* of $1 hidden, using $2 (an empty directory) for the overlay's
     * upper and work directories on a tmpfs of the namespace.
     */
    private static final String HIDE_LIBZMQ = String.join("\n",
            "set -e",
            "lib=$1; tmp=$2; shift 2",
            "mount -t tmpfs tmpfs \"$tmp\"",
            "mkdir \"$tmp/upper\" \"$tmp/work\"",
            "for f in \"$lib\"/libzmq.so*; do mknod \"$tmp/upper/${f##*/}\" c 0 0; done",
            "mount -t overlay overlay -o \"lowerdir=$lib,upperdir=$tmp/upper,workdir=$tmp/work\" \"$lib\"",
            "exec \"$@\"");
    private static final String MESSAGE = "fairmq-shmem-java needs libzmq.so.5 (ZeroMQ 4), which the dynamic loader"
            + " cannot load (libzmq.so.5: cannot open shared object file: No such file or directory). Install it:"
            + " package libzmq5 on Debian and Ubuntu (apt-get install libzmq5), zeromq on RPM-based systems"
            + " (dnf install zeromq)";

    @TempDir
    Path dir;

    private final String prefix = DevShm.uniquePrefix("nozmq");

    @BeforeAll
    static void needsAMountNamespaceWithOverlay(@TempDir Path probeDir) throws Exception {
        String reason;
        if (!Files.exists(LIBRARY_DIR.resolve(ShmNative.LIBZMQ))) {
            reason = "libzmq is not in " + LIBRARY_DIR + " here, so this test cannot hide it";
        } else {
            try {
                Process probe = new ProcessBuilder(hidden(probeDir, List.of("sh", "-c",
                        "test ! -e " + LIBRARY_DIR.resolve(ShmNative.LIBZMQ)))).redirectErrorStream(true).start();
                boolean ended = probe.waitFor(30, TimeUnit.SECONDS);
                String output = new String(probe.getInputStream().readAllBytes()).trim();
                reason = !ended ? "unshare did not end" : probe.exitValue() == 0 ? null
                        : "cannot hide libzmq in a mount namespace here (unshare --mount and overlayfs need root or"
                                + " CAP_SYS_ADMIN): " + output;
            } catch (IOException e) {
                reason = "unshare is not available: " + e.getMessage();
            }
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    @AfterEach
    void nothingReachesDevShm() {
        assertEquals(List.of(), DevShm.leftWith(prefix));
    }

    /** {@code command} inside a private mount namespace where libzmq is gone. */
    private static List<String> hidden(Path scratch, List<String> command) {
        List<String> all = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                HIDE_LIBZMQ, "hide-libzmq", LIBRARY_DIR.toString(), scratch.toString()));
        all.addAll(command);
        return all;
    }

    /** A child JVM of {@code mainClass} without libzmq and with a JavaCPP cache of its own. */
    private OutputLines startWithoutLibzmq(Class<?> mainClass, String... args) throws IOException {
        List<String> java = JavaProcess.builder(mainClass, List.of(args)).command();
        java.removeIf(option -> option.startsWith("-Dorg.bytedeco.javacpp.cachedir="));
        java.add(1, "-Dorg.bytedeco.javacpp.cachedir=" + Files.createDirectory(dir.resolve("javacpp-cache")));
        return OutputLines.start(new ProcessBuilder(hidden(Files.createDirectory(dir.resolve("overlay")), java)));
    }

    private static void assertOneMessage(OutputLines child) {
        String output = child.text();
        assertFalse(output.contains("java.library.path"), output);
        assertFalse(output.contains("Caused by"), output);
        assertEquals(1, output.split("Install it:", -1).length - 1, "one message: " + output);
    }

    @Test
    void shouldNameLibzmqAndItsPackagesAtTheFirstNativeCall() throws Exception {
        try (OutputLines child = startWithoutLibzmq(BoostVersion.class)) {
            assertEquals(1, child.exitCode(WITHIN_MS), child.text());
            assertTrue(child.text().contains("Exception in thread \"main\" java.lang.UnsatisfiedLinkError: " + MESSAGE
                    + "\n"), child.text());
            assertOneMessage(child);
        }
    }

    @Test
    void shouldEndADeviceWithTheMessage() throws Exception {
        try (OutputLines child = startWithoutLibzmq(Sink.class, "--id", "sink1", "--transport", "shmem", "--control",
                "static", "--shm-prefix", prefix, "--channel-config",
                "name=data,type=pull,method=bind,address=ipc://" + dir.resolve("data.ipc"))) {
            assertEquals(1, child.exitCode(WITHIN_MS), child.text());
            assertEquals("device sink1: java.lang.UnsatisfiedLinkError: " + MESSAGE,
                    child.awaitContaining("device sink1: ", 0), child.text());
            assertOneMessage(child);
        }
    }

    @Test
    void shouldEndTheMonitorWithTheMessage() throws Exception {
        try (OutputLines child = startWithoutLibzmq(ShmMonitorMain.class, "--version")) {
            assertNotEquals(0, child.exitCode(WITHIN_MS), child.text());
            assertTrue(child.text().contains(MESSAGE), child.text());
            assertOneMessage(child);
        }
    }

    /** The first native call of a program that embeds the library, with nothing caught. */
    public static final class BoostVersion {
        public static void main(String[] args) {
            System.out.println(NativeInfo.boostVersion());
        }
    }
}
