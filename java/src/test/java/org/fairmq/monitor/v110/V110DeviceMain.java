package org.fairmq.monitor.v110;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.fairmq.transport.shmem.v110.V110Options;
import org.fairmq.transport.shmem.v110.V110TransportFactory;

/**
 * A v1.10 "device" for the monitor tests: a {@link V110TransportFactory} that joins the session
 * (PROTOCOL-V110.md 2.1) and heartbeats (2.2), prints {@code READY <shmId>}, and leaves orderly
 * (2.3) when its standard input ends; a SIGKILL simulates a crash. Arguments: session, segment size,
 * and optionally {@code monitor} for {@code --shm-monitor true} (2.4: it spawns one through $FAIRMQ_PATH).
 */
public final class V110DeviceMain {
    private V110DeviceMain() {}

    public static void main(String[] args) throws IOException {
        V110Options options = V110Options.defaults("monitor-test-device", args[0]).withSegmentSize(Long.parseLong(args[1]))
                .withMonitor(args.length > 2 && args[2].equals("monitor"));
        try (V110TransportFactory transport = V110TransportFactory.create(options)) {
            System.out.println("READY " + options.shmId());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // wait for the end of the input
            }
        }
        System.out.println("LEFT");
        System.out.flush();
    }
}
