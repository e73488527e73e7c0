package org.fairmq.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.fairmq.protocol.ShmNames;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;

/**
 * A 2017 shmem transport as a process, for the leak accounting tests: joins the topology of a
 * prefix (PROTOCOL.md 2.1), prints {@code READY}, and leaves orderly (2.2, with the last user's leak
 * warning on stderr) when its standard input ends, then prints {@code LEFT}. Arguments: prefix,
 * main segment size.
 */
public final class ShmTransportDeviceMain {
    private ShmTransportDeviceMain() {}

    public static void main(String[] args) throws IOException {
        ShmOptions options = ShmOptions.defaults("leak-test-device").withNames(ShmNames.withPrefix(args[0]))
                .withSegmentSize(Long.parseLong(args[1]));
        try (ShmTransportFactory transport = ShmTransportFactory.create(options)) {
            System.out.println("READY");
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
