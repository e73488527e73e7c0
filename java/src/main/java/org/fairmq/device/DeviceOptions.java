package org.fairmq.device;

import java.util.ArrayList;
import java.util.List;
import org.fairmq.profile.ProtocolProfile;
import org.fairmq.profile.ShmTransportSettings;
import org.fairmq.protocol.ShmNames;
import org.fairmq.transport.zeromq.ZmqTransportFactory;
import picocli.CommandLine.Option;

/**
 * The options every device executable shares (PROTOCOL.md 6.1), with the reference's defaults,
 * plus our {@code --shm-prefix}. Booleans take an optional value ({@code --print-options} or
 * {@code --print-options=1}) as Boost.Program_options' implicit values do. A picocli mixin.
 */
public final class DeviceOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print help")
    public boolean help;

    @Option(names = {"-v", "--version"}, description = "Print version")
    public boolean version;

    @Option(names = "--verbosity", defaultValue = "DEBUG",
            description = "Verbosity level: TRACE, DEBUG, RESULTS, INFO, STATE, WARN, ERROR, NOLOG")
    public String verbosity;

    @Option(names = "--log-color", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Colored console log")
    public String logColor;

    @Option(names = "--print-options", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Print options in machine-readable form (<option>:<value>:<type>:<description>)")
    public String printOptions;

    @Option(names = "--id", description = "Device ID (required)")
    public String id;

    @Option(names = "--io-threads", defaultValue = "1", description = "Number of I/O threads")
    public int ioThreads;

    @Option(names = "--zmq-max-msg-size", defaultValue = "1073741824",
            description = "zeromq transport: largest frame accepted, in bytes (-1 = no limit); a peer announcing more is disconnected")
    public long zmqMaxMsgSize = ZmqTransportFactory.DEFAULT_MAX_MESSAGE_SIZE;

    @Option(names = "--transport", defaultValue = "zeromq", description = "Transport ('zeromq'/'shmem')")
    public String transport;

    @Option(names = "--config", defaultValue = "static", description = "Config source (read but unused)")
    public String config;

    @Option(names = "--control", defaultValue = "interactive",
            description = "States control ('interactive'/'static'/...)")
    public String control;

    @Option(names = "--network-interface", defaultValue = "default",
            description = "Network interface to bind on (e.g. eth0, ib0..., default will try to detect the interface of the default route)")
    public String networkInterface;

    @Option(names = "--config-key", description = "Use provided value instead of device id for fetching the configuration from the config file")
    public String configKey;

    @Option(names = "--catch-signals", defaultValue = "1", description = "Enable signal handling (1/0)")
    public int catchSignals;

    @Option(names = "--initialization-timeout", defaultValue = "120", description = "Timeout for the initialization in seconds (when expecting dynamic initialization)")
    public int initializationTimeout;

    @Option(names = "--drain-timeout-ms", defaultValue = "5000", description = "Extension: how long a sending channel may wait at its end for its peers to read what it sent (0: close at once)")
    public long drainTimeoutMs;

    @Option(names = "--port-range-min", defaultValue = "22000", description = "Start of the port range for dynamic initialization (parsed and listed only, as in the reference)")
    public int portRangeMin;

    @Option(names = "--port-range-max", defaultValue = "32000", description = "End of the port range for dynamic initialization (parsed and listed only, as in the reference)")
    public int portRangeMax;

    @Option(names = "--log-to-file", defaultValue = "", description = "Log output to a file")
    public String logToFile;

    @Option(names = "--print-channels", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Print registered channel endpoints in a machine-readable format (<channel name>:<min num subsockets>:<max num subsockets>)")
    public String printChannels;

    @Option(names = "--shm-protocol", defaultValue = "2017",
            description = "shmem transport: the shared-memory protocol, '2017' (fairmq_shmem_*, the seed's) or '1.10' (fmq_<shmid>_*, FairMQ v1.9/v1.10) (extension)")
    public String shmProtocol;

    @Option(names = "--shm-segment-size", defaultValue = "2000000000", description = "shmem transport: size of the shared memory segment (in bytes; the default shown is 2017's, 2147483648 with --shm-protocol 1.10)")
    public long shmSegmentSize = org.fairmq.protocol.Protocol2017.DEFAULT_SEGMENT_SIZE;

    /** Whether {@code --shm-segment-size} was on the command line (else the profile's default applies). */
    public boolean shmSegmentSizeGiven;

    @Option(names = "--shm-segment-name", description = "shmem transport: name of the shared memory segment (default: <shm-prefix>main)")
    public String shmSegmentName;

    @Option(names = "--shm-prefix", defaultValue = ShmNames.DEFAULT_PREFIX,
            description = "shmem transport: prefix of every shared-memory object name (extension; the reference's is fairmq_shmem_)")
    public String shmPrefix;

    @Option(names = "--shm-lock-timeout-ms", defaultValue = "5000",
            description = "shmem transport: give up waiting for a lock inside shared memory after this long, reporting a peer that may have died holding it (extension)")
    public long shmLockTimeoutMs = org.fairmq.ipc.LockTimeout.DEFAULT_MS;

    @Option(names = "--shm-reserve", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "shmem transport: allocate every page of the segment in /dev/shm at start-up, failing there if it does not fit instead of a SIGBUS later (extension)")
    public String shmReserve;

    @Option(names = "--session", defaultValue = "default", description = "shmem transport, --shm-protocol 1.10: session name (with the user id it gives the shared memory id)")
    public String session;

    @Option(names = "--shmid", description = "shmem transport, --shm-protocol 1.10: EXPERIMENTAL: a fixed shared memory id, a decimal number (printed in hex)")
    public String shmId;

    @Option(names = "--shm-segment-id", defaultValue = "0", description = "shmem transport, --shm-protocol 1.10: EXPERIMENTAL: the managed segment this device allocates in")
    public int shmSegmentId;

    @Option(names = "--shm-allocation", defaultValue = "rbtree_best_fit", description = "shmem transport, --shm-protocol 1.10: allocation algorithm of a segment it creates: rbtree_best_fit/simple_seq_fit")
    public String shmAllocation;

    @Option(names = "--shm-throw-bad-alloc", arity = "0..1", fallbackValue = "true", defaultValue = "true", description = "shmem transport, --shm-protocol 1.10: throw a fair::mq::MessageBadAlloc if memory is insufficient; false: retry forever")
    public String shmThrowBadAlloc;

    @Option(names = "--bad-alloc-max-attempts", description = "shmem transport, --shm-protocol 1.10: allocation attempts before a MessageBadAlloc (-1: infinite)")
    public Integer badAllocMaxAttempts;

    @Option(names = "--bad-alloc-attempt-interval", defaultValue = "50", description = "shmem transport, --shm-protocol 1.10: interval between allocation attempts, in ms")
    public long badAllocAttemptInterval;

    @Option(names = "--shm-metadata-msg-size", defaultValue = "0", description = "shmem transport, --shm-protocol 1.10: pad metadata frames to this size in bytes")
    public int shmMetadataMsgSize;

    @Option(names = "--shm-no-cleanup", arity = "0..1", fallbackValue = "true", defaultValue = "false", description = "shmem transport, --shm-protocol 1.10: the last user does not remove the session's shared memory")
    public String shmNoCleanup;

    @Option(names = "--shm-monitor", arity = "0..1", fallbackValue = "true", defaultValue = "false", description = "shmem transport: start fairmq-shmmonitor (from $FAIRMQ_PATH, then $PATH; it ends with the topology) if none watches the topology's shared memory")
    public String shmMonitor;

    @Option(names = "--shm-mlock-segment", arity = "0..1", fallbackValue = "true", defaultValue = "false", description = "shmem transport, --shm-protocol 1.10: lock the managed segment's pages in memory")
    public String shmMlockSegment;

    @Option(names = "--shm-mlock-segment-on-creation", arity = "0..1", fallbackValue = "true", defaultValue = "false", description = "shmem transport, --shm-protocol 1.10: lock the managed segment's pages when this device creates it")
    public String shmMlockSegmentOnCreation;

    @Option(names = "--shm-zero-segment", arity = "0..1", fallbackValue = "true", defaultValue = "false", description = "shmem transport, --shm-protocol 1.10: zero the managed segment's free memory")
    public String shmZeroSegment;

    @Option(names = "--shm-zero-segment-on-creation", arity = "0..1", fallbackValue = "true", defaultValue = "false", description = "shmem transport, --shm-protocol 1.10: zero the managed segment's free memory when this device creates it")
    public String shmZeroSegmentOnCreation;

    @Option(names = "--mq-config", description = "JSON/XML input as file. The configuration object will check xml or json file extention and will call the json or xml parser accordingly")
    public String mqConfig;

    @Option(names = "--config-json-string", arity = "1..*", description = "JSON input as command line string.")
    public List<String> configJsonString = new ArrayList<>();

    @Option(names = "--config-xml-string", arity = "1..*", description = "XML input as command line string.")
    public List<String> configXmlString = new ArrayList<>();

    @Option(names = "--channel-config", arity = "1..*", description = "Configure a channel (one sub-channel per argument: name=...,type=...,method=...,address=...)")
    public List<String> channelConfig = new ArrayList<>();

    @Option(names = {"-S", "--plugin-search-path"}, arity = "1..*", description = "Search path for plugins (accepted, unused)")
    public List<String> pluginSearchPath = new ArrayList<>();

    @Option(names = {"-P", "--plugin"}, arity = "1..*", description = "List of plugin names to load (accepted, unused)")
    public List<String> plugins = new ArrayList<>();

    /** A Boost-style boolean text: 1/0, true/false, yes/no, on/off. */
    public static boolean isTrue(String text) {
        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1": case "true": case "yes": case "on": return true;
            case "0": case "false": case "no": case "off": return false;
            default: throw new IllegalArgumentException("the argument ('" + text + "') is invalid for a boolean option");
        }
    }

    /** The protocol profile of {@code --shm-protocol}. */
    public ProtocolProfile shmProfile() {
        return ProtocolProfile.parse(shmProtocol);
    }

    /** The shmem options as given, for the profile to make a transport with id {@code transportId}. */
    public ShmTransportSettings shmSettings(String transportId) {
        return new ShmTransportSettings(transportId, ioThreads, shmSegmentSizeGiven ? shmSegmentSize : null,
                shmLockTimeoutMs, isTrue(shmReserve), shmPrefix, shmSegmentName, session, shmId, shmSegmentId,
                shmAllocation, isTrue(shmThrowBadAlloc), badAllocMaxAttempts, badAllocAttemptInterval, shmMetadataMsgSize,
                isTrue(shmNoCleanup), isTrue(shmMonitor), isTrue(shmMlockSegment), isTrue(shmMlockSegmentOnCreation),
                isTrue(shmZeroSegment), isTrue(shmZeroSegmentOnCreation));
    }
}
