package org.fairmq.profile;

import java.io.PrintStream;
import java.util.Locale;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.protocol.ShmNames;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.transport.TransportFactory;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.fairmq.transport.shmem.v110.V110Options;
import org.fairmq.transport.shmem.v110.V110TransportFactory;

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
                    settings.lockTimeoutMs(), settings.reserve(), settings.monitor()));
        }

        @Override
        public int runMonitor(String[] args, PrintStream out, PrintStream err) {
            return org.fairmq.monitor.ShmMonitorMain.run(args, out, err);
        }
    },

    /**
     * FairMQ v1.9/v1.10 (PROTOCOL-V110.md): names from {@link SessionNames}, facts in
     * {@link ProtocolV110}, the transport {@link V110TransportFactory}, the monitor
     * {@link org.fairmq.monitor.v110.ShmMonitorV110Main}.
     */
    V110(ProtocolV110.VERSION) {
        @Override
        public TransportFactory createShmTransport(ShmTransportSettings s) {
            ShmId shmId = s.shmId() != null ? ShmId.ofNumber(s.shmId()) : ShmId.ofSession(s.session());
            long size = s.segmentSize() != null ? s.segmentSize() : ProtocolV110.DEFAULT_SEGMENT_SIZE;
            V110Options options = new V110Options(s.transportId(), s.session(), shmId, s.segmentId(), size,
                    V110Options.parseAllocation(s.allocation()), s.ioThreads(),
                    V110Options.attemptLimit(s.throwBadAlloc(), s.badAllocMaxAttempts()), s.badAllocAttemptInterval(),
                    s.metadataMsgSize(), s.noCleanup(), s.monitor(), s.mlockSegment(), s.mlockSegmentOnCreation(),
                    s.zeroSegment(), s.zeroSegmentOnCreation(), s.lockTimeoutMs());
            return V110TransportFactory.create(options);
        }

        @Override
        public int runMonitor(String[] args, PrintStream out, PrintStream err) {
            return org.fairmq.monitor.v110.ShmMonitorV110Main.run(args, out, err);
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
