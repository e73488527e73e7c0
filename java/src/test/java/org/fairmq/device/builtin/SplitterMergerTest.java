package org.fairmq.device.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * Splitter and merger with C++ peers over shmem: C++ sender -> Java splitter -> two Java sinks; two
 * C++ senders -> Java merger -> Java sink. Counts add up; every chunk is freed; /dev/shm is clean.
 */
class SplitterMergerTest {
    private static final int N = 1000;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("spm");

    private final List<CompletableFuture<Integer>> running = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        assertEquals(List.of(), shm.leftBesidesMutex());
    }

    private String ipc(String name) {
        return "ipc:///tmp/" + shm.prefix() + name;
    }

    private <D extends Device> D java(D device, String id, List<String> channels, String... extra) {
        List<String> args = new ArrayList<>(List.of("--id", id, "--transport", "shmem", "--control", "static",
                "--shm-prefix", shm.prefix(), "--shm-segment-size", "64000000", "--catch-signals", "0"));
        channels.forEach(c -> args.addAll(List.of("--channel-config", c)));
        args.addAll(List.of(extra));
        devices.add(device);
        running.add(ThreadPerTask.supply(() -> DeviceMain.execute(args.toArray(String[]::new), () -> device)));
        return device;
    }

    private CppDevice sender(String endpoint, long seed) {
        return CppDevice.start(InteropBinaries.device(), List.of("--role", "push", "--endpoint", endpoint, "--method",
                "connect", "--prefix", shm.prefix(), "--segment-size", "64000000", "--num-msgs", Integer.toString(N),
                "--size-max", "30000", "--seed", Long.toString(seed), "--hold-ms", "60000"));
    }

    private void awaitAll() throws Exception {
        for (CompletableFuture<Integer> device : running) {
            assertEquals(0, device.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void splitterSharesMessagesRoundRobin() throws Exception {
        java(new Sink(), "sink1", List.of("name=data,type=pull,method=bind,address=" + ipc("s1")),
                "--num-msgs", Integer.toString(N / 2));
        java(new Sink(), "sink2", List.of("name=data,type=pull,method=bind,address=" + ipc("s2")),
                "--num-msgs", Integer.toString(N / 2));
        Splitter splitter = java(new Splitter(), "splitter", List.of("name=data-in,type=pull,method=bind,address=" + ipc("in"),
                "name=data-out,type=push,method=connect,address=" + ipc("s1"),
                "name=data-out,type=push,method=connect,address=" + ipc("s2")), "--multipart", "0");
        try (CppDevice cpp = sender(ipc("in"), 5)) {
            assertEquals(0, running.get(0).get(60, TimeUnit.SECONDS), "sink1 got N/2");
            assertEquals(0, running.get(1).get(60, TimeUnit.SECONDS), "sink2 got N/2");
            splitter.stateMachine().changeState(Event.STOP);
            assertEquals(0, running.get(2).get(60, TimeUnit.SECONDS));
            cpp.terminate();
            assertEquals(0, cpp.awaitExit(30_000), cpp.output().toString());
        }
    }

    @Test
    void mergerJoinsTwoSenders() throws Exception {
        java(new Sink(), "sink", List.of("name=data,type=pull,method=bind,address=" + ipc("out")), "--num-msgs",
                Integer.toString(2 * N));
        Merger merger = java(new Merger(), "merger", List.of("name=data-in,type=pull,method=bind,address=" + ipc("a"),
                "name=data-in,type=pull,method=bind,address=" + ipc("b"),
                "name=data-out,type=push,method=connect,address=" + ipc("out")), "--multipart", "0");
        try (CppDevice a = sender(ipc("a"), 6); CppDevice b = sender(ipc("b"), 7)) {
            assertEquals(0, running.get(0).get(60, TimeUnit.SECONDS), "the sink got 2N");
            merger.stateMachine().changeState(Event.STOP);
            assertEquals(0, running.get(1).get(60, TimeUnit.SECONDS));
            a.terminate();
            b.terminate();
            assertEquals(0, a.awaitExit(30_000));
            assertEquals(0, b.awaitExit(30_000));
        }
    }
}
