package org.fairmq.device.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.fairmq.device.Device;
import org.fairmq.device.DeviceMain;
import org.fairmq.device.Event;
import org.fairmq.interop.CppDevice;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.testing.ThreadPerTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The forwarding devices in topologies with C++ peers over shmem: C++ senders before them, C++
 * receivers (which check every payload against the sender's plan) or Java sinks after them.
 * Payloads are forwarded zero copy; free memory and /dev/shm are checked at the end.
 */
class ForwardingDevicesTest {
    private static final int N = 2000;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("fwd");

    private final List<CompletableFuture<Integer>> javaDevices = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        assertEquals(List.of(), shm.leftBesidesMutex(), "the last device out removed the segments");
    }

    private String ipc(String name) {
        return "ipc:///tmp/" + shm.prefix() + name;
    }

    private void java(Supplier<? extends Device> device, String id, List<String> channels, String... extra) {
        List<String> args = new ArrayList<>(List.of("--id", id, "--transport", "shmem", "--control", "static",
                "--shm-prefix", shm.prefix(), "--shm-segment-size", "64000000", "--catch-signals", "0", "--verbosity",
                "WARN"));
        for (String channel : channels) {
            args.addAll(List.of("--channel-config", channel));
        }
        args.addAll(List.of(extra));
        Device instance = device.get();
        devices.add(instance);
        javaDevices.add(ThreadPerTask.supply(() -> DeviceMain.execute(args.toArray(String[]::new), () -> instance)));
    }

    private CppDevice cpp(String role, String endpoint, String method, long seed) {
        return CppDevice.start(InteropBinaries.device(), List.of("--role", role, "--endpoint", endpoint, "--method",
                method, "--prefix", shm.prefix(), "--segment-size", "64000000", "--num-msgs", Integer.toString(N),
                "--size-max", "20000", "--seed", Long.toString(seed), "--timeout-ms", "30000",
                "--hold-ms", role.equals("push") ? "60000" : "0")); // senders stay until SIGTERM (CppDevice#terminate)
    }

    /** Stops the Java devices (STOP; the static runner then resets and ends them) and checks their exit codes. */
    private void stopJava() throws Exception {
        devices.forEach(d -> d.stateMachine().changeState(Event.STOP));
        awaitJava();
    }

    private void awaitJava() throws Exception {
        for (CompletableFuture<Integer> device : javaDevices) {
            assertEquals(0, device.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void proxyForwardsCppMessagesToCppUnchanged() throws Exception {
        try (CppDevice receiver = cpp("pull", ipc("out"), "bind", 1)) {
            receiver.awaitReady(10_000);
            java(Proxy::new, "proxy", List.of("name=data-in,type=pull,method=bind,address=" + ipc("in"),
                    "name=data-out,type=push,method=connect,address=" + ipc("out")), "--multipart", "0");
            try (CppDevice sender = cpp("push", ipc("in"), "connect", 1)) {
                assertEquals(0, receiver.awaitExit(60_000), receiver.output().toString());
                sender.terminate();
                assertEquals(0, sender.awaitExit(60_000), sender.output().toString());
                assertEquals(sender.summary().get("checksum"), receiver.summary().get("checksum"));
            }
            stopJava(); // the proxy runs until stopped
        }
    }

    @Test
    void multiplierCopiesToEveryOutputAndSplitterAndMergerCount() throws Exception {
        try (CppDevice out1 = cpp("pull", ipc("m1"), "bind", 2); CppDevice out2 = cpp("pull", ipc("m2"), "bind", 2)) {
            out1.awaitReady(10_000);
            out2.awaitReady(10_000);
            java(Multiplier::new, "multiplier", List.of("name=data-in,type=pull,method=bind,address=" + ipc("min"),
                    "name=data-out,type=push,method=connect,address=" + ipc("m1"),
                    "name=data-out,type=push,method=connect,address=" + ipc("m2")), "--out-channel", "data-out",
                    "--multipart", "0");
            try (CppDevice sender = cpp("push", ipc("min"), "connect", 2)) {
                int e1 = out1.awaitExit(60_000);
                int e2 = out2.awaitExit(60_000);
                sender.terminate();
                assertEquals(0, sender.awaitExit(60_000), sender.output().toString());
                assertEquals(List.of(0, 0), List.of(e1, e2), "copies: " + out1.output() + " originals: " + out2.output()
                        + " sender: " + sender.output());
                assertEquals(sender.summary().get("checksum"), out1.summary().get("checksum"), "a copy");
                assertEquals(sender.summary().get("checksum"), out2.summary().get("checksum"), "the original");
            }
            stopJava();
        }
    }
}
