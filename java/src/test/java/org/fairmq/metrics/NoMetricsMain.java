package org.fairmq.metrics;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.monitor.Monitor;
import org.fairmq.monitor.ShmMonitorMain;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.transport.Message;
import org.fairmq.transport.Socket;
import org.fairmq.transport.SocketType;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.fairmq.transport.shmem.v110.V110Options;
import org.fairmq.transport.shmem.v110.V110TransportFactory;

/**
 * A child JVM for {@link WithoutMicrometerTest}: a message through a transport of each profile, a
 * 2017 monitor started and stopped, {@code --status-json}, all without metrics; with the argument
 * {@code metrics-port}, then {@code --metrics-port 0}, whose exit code and stderr it prints. Prints
 * {@code DONE} at the end. Test support.
 */
public final class NoMetricsMain {
    private NoMetricsMain() {}

    public static void main(String[] args) throws Exception {
        String prefix = DevShm.uniquePrefix("nometrics");
        ShmNames names = ShmNames.withPrefix(prefix);
        try (ShmTransportFactory shm = ShmTransportFactory.create(ShmOptions.defaults("java").withNames(names)
                .withSegmentSize(4L << 20))) {
            roundTrip(shm, prefix);
        }
        try (V110TransportFactory v110 = V110TransportFactory.create(
                V110Options.defaults("java", "jnometrics-" + UUID.randomUUID()).withSegmentSize(4L << 20))) {
            roundTrip(v110, prefix);
        }
        try (Monitor monitor = Monitor.builder(names).output(new PrintStream(new ByteArrayOutputStream())).start()) {
            monitor.stop();
        }
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        check(ShmMonitorMain.run(new String[] {"--prefix", prefix, "--status-json"}, quiet, quiet) == 0, "status-json");
        if (args.length > 0 && args[0].equals("metrics-port")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = ShmMonitorMain.run(new String[] {"--prefix", prefix, "--metrics-port", "0"}, quiet,
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            System.out.println("METRICS-PORT " + code + " " + err.toString(StandardCharsets.UTF_8).trim());
        }
        NamedMutex.remove(names.mutex());
        System.out.println("LEFT " + DevShm.leftWith(prefix));
        System.out.println("DONE");
    }

    private static void roundTrip(TransportFactory transport, String prefix) {
        Socket pull = transport.createSocket(SocketType.PULL, "data[0]");
        check(pull.bind("inproc://" + prefix + "data"), "bind");
        Socket push = transport.createSocket(SocketType.PUSH, "data[0]");
        check(push.connect("inproc://" + prefix + "data"), "connect");
        check(push.send(transport.createMessage(100)) == 100, "send");
        try (Message in = transport.createMessage()) {
            check(pull.receive(in) == 100, "receive");
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what + " failed");
        }
    }
}
