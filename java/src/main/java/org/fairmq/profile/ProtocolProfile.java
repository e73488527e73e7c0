package org.fairmq.profile;

import java.io.PrintStream;
import java.util.Locale;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.protocol.ShmNames;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;

/**
 * A shared-memory protocol: the one seam between what devices and the monitor do and which
 * protocol they do it in. Thread-safe (stateless constants).
 */
public enum ProtocolProfile {
    /**
     * The 2017 protocol of the seed (PROTOCOL.md): names from {@link ShmNames}, facts in
     * {@link Protocol2017}, the transport {@link ShmTransportFactory}, the monitor
     * {@link org.fairmq.monitor.ShmMonitorMain}.
     */
    V2017("2017") {
        @Override
        public TransportFactory createShmTransport(ShmTransportSettings settings) {
            ShmNames names = ShmNames.withPrefix(settings.prefix());
            if (settings.segmentName() != null) {
                names = names.withMainSegment(settings.segmentName());
            }
            long size = settings.segmentSize() != null ? settings.segmentSize() : Protocol2017.DEFAULT_SEGMENT_SIZE;
            return ShmTransportFactory.create(new ShmOptions(settings.transportId(), names, size, settings.ioThreads(),
                    settings.lockTimeoutMs(), settings.reserve()));
        }

        @Override
        public int runMonitor(String[] args, PrintStream out, PrintStream err) {
            return org.fairmq.monitor.ShmMonitorMain.run(args, out, err);
        }
    };

    /** The option that picks a profile on devices, and explicitly on the monitor command. */
    public static final String OPTION = "--shm-protocol";

    private final String version;

    ProtocolProfile(String version) {
        this.version = version;
    }

    /** The {@code --shm-protocol} value: {@code 2017} or {@code 1.10}. */
    public String version() {
        return version;
    }

    /** Opens (or creates) the shared memory of this protocol for one device transport. */
    public abstract TransportFactory createShmTransport(ShmTransportSettings settings);

    /**
     * Runs {@code fairmq-shmmonitor} of this protocol with {@code args} (without the program name
     * and without {@link #OPTION}) and returns its exit code; SIGINT and SIGTERM end it.
     */
    public abstract int runMonitor(String[] args, PrintStream out, PrintStream err);

    /** The profile of a {@code --shm-protocol} value. */
    public static ProtocolProfile parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (ProtocolProfile profile : values()) {
            if (profile.version.equals(wanted)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("the argument ('" + text + "') for option '" + OPTION + "' is invalid: "
                + "supported are " + supported());
    }

    private static String supported() {
        StringBuilder text = new StringBuilder();
        for (ProtocolProfile profile : values()) {
            text.append(text.length() == 0 ? "'" : ", '").append(profile.version).append('\'');
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return version;
    }
}
