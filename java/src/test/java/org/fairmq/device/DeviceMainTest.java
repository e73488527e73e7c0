package org.fairmq.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device command line (PROTOCOL.md 6.1): defaults, tolerated unknown options, clear errors. */
class DeviceMainTest {
    @TempDir
    Path dir;

    /** A device with no channels and nothing to do. */
    static final class Idle extends Device {}

    private record Result(int code, String out, String err) {}

    private static synchronized Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = DeviceMain.execute(args, Idle::new);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void shouldPrintEveryOptionWithItsReferenceDefault() {
        Result r = run("--print-options");
        assertEquals(0, r.code());
        for (String line : new String[] {"verbosity:DEBUG:", "io-threads:1:", "transport:zeromq:", "config:static:",
                "control:interactive:", "network-interface:default:", "catch-signals:1:", "initialization-timeout:120:",
                "port-range-min:22000:", "port-range-max:32000:", "shm-segment-size:2000000000:",
                "shm-prefix:fairmq_shmem_:", "log-color:true:"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(line)), "missing " + line + " in\n" + r.out());
        }
    }

    @Test
    void shouldRequireAnIdWithTheReferenceMessage() {
        Result r = run("--control", "static");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Device id not provided, provide with --id"), r.err());
    }

    @Test
    void shouldTolerateUnknownOptionsAndPrintChannels() {
        Result r = run("--id", "d1", "--some-plugin-option", "x", "--print-channels", "--channel-config",
                "name=data,type=push,method=bind,address=tcp://*:5555", "name=data,type=push,method=bind,address=tcp://*:5556");
        assertEquals(0, r.code(), r.err());
        assertEquals("data:2:2\n", r.out());
    }

    @Test
    void shouldNameTheFileDeviceAndKeyOfABadConfig() throws Exception {
        Path config = dir.resolve("topo.json");
        Files.writeString(config, "{\"fairMQOptions\":{\"device\":{\"id\":\"d1\",\"channel\":{\"name\":\"data\","
                + "\"rcvBufSize\":\"many\"}}}}");
        Result r = run("--id", "d1", "--mq-config", config.toString(), "--control", "static");
        assertEquals(1, r.code());
        assertTrue(r.err().contains(config + ": device \"d1\", channel \"data\": key \"rcvBufSize\" must be an integer"),
                r.err());
        Path yaml = dir.resolve("topo.yaml");
        Files.writeString(yaml, "x");
        Result unknown = run("--id", "d1", "--mq-config", yaml.toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("unknown configuration file extension"), unknown.err());
    }

    @Test
    void shouldRefuseAnInvalidChannelTypeAtInitialization() {
        Result r = run("--id", "d1", "--control", "static", "--catch-signals", "0", "--channel-config",
                "name=data,type=pusher,method=bind,address=tcp://127.0.0.1:5555");
        assertEquals(1, r.code(), "the device reaches ERROR and exits with 1");
    }
}
