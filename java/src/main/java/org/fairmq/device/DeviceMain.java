package org.fairmq.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.fairmq.device.config.ChannelConfig;
import org.fairmq.device.config.ConfigException;
import org.fairmq.protocol.Protocol2017;
import picocli.CommandLine;

/**
 * The {@code main} of every device executable: parses the command line like the reference (device
 * options of 6.1, the device's own options; unknown options tolerated), reads the channel
 * configuration (6.2: --mq-config JSON/XML, --config-json-string, --config-xml-string,
 * --channel-config, the first present wins), then runs the device (6.6.4) and exits.
 */
public final class DeviceMain {
    private DeviceMain() {}

    /** Runs a device made by {@code factory}; never returns. */
    public static void run(String[] args, Supplier<? extends Device> factory) {
        Logging.configure(args);
        System.exit(execute(args, factory));
    }

    /** Runs a device and returns the exit code (for tests). */
    public static int execute(String[] args, Supplier<? extends Device> factory) {
        Device device = factory.get();
        DeviceOptions options = new DeviceOptions();
        CommandLine cli = new CommandLine(options);
        // the launcher's name (bin/fairmq-sink passes it), as the C++ tools print theirs
        cli.setCommandName(System.getProperty("fairmq.program.name", device.getClass().getSimpleName()));
        if (hasOptions(device.getClass())) {
            cli.addMixin("device", device); // the device's own options (6.7)
        }
        cli.setUnmatchedArgumentsAllowed(true);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        try {
            cli.parseArgs(args);
            options.shmSegmentSizeGiven = cli.getParseResult().hasMatchedOption("--shm-segment-size");
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            cli.usage(System.err);
            return 1;
        }
        if (options.help) {
            cli.usage(System.err);
            return 0;
        }
        if (options.version) {
            System.err.println("User device version: " + DeviceMain.class.getPackage().getImplementationVersion());
            System.err.println("FAIRMQ_INTERFACE_VERSION: " + Protocol2017.INTERFACE_VERSION);
            return 0;
        }
        if (DeviceOptions.isTrue(options.printOptions)) {
            OptionPrinter.print(cli, System.out);
            return 0;
        }
        if (options.id == null) {
            System.err.println("Device id not provided, provide with --id");
            return 1;
        }
        try {
            options.shmProfile();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        ChannelConfig config;
        try {
            config = readChannels(options);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 1;
        }
        if (DeviceOptions.isTrue(options.printChannels)) {
            if (config.channels().isEmpty()) {
                System.out.println("no channels registered.");
            }
            config.channels().forEach((name, subs) -> System.out.println(name + ":" + subs.size() + ":" + subs.size()));
            return 0;
        }
        try {
            device.configure(options, config);
            return new DeviceRunner(device).run();
        } catch (RuntimeException e) {
            System.err.println("device " + options.id + ": " + e.getMessage());
            return 1;
        } catch (Error e) { // from a transition in this thread: exit with 1 as for ERROR, never hang
            System.err.println("device " + options.id + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static boolean hasOptions(Class<?> type) {
        for (Class<?> c = type; c != null && c != Device.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(CommandLine.Option.class) || field.isAnnotationPresent(CommandLine.Mixin.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    static ChannelConfig readChannels(DeviceOptions options) {
        String selector = options.configKey != null ? options.configKey : options.id;
        if (options.mqConfig != null) {
            String file = options.mqConfig;
            String text;
            try {
                text = Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
            }
            String lower = file.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".json")) {
                return ChannelConfig.fromJson(text, selector, file);
            }
            if (lower.endsWith(".xml")) {
                return ChannelConfig.fromXml(text, selector, file);
            }
            throw new ConfigException(file + ": unknown configuration file extension (expected .json or .xml)");
        }
        if (!options.configJsonString.isEmpty()) {
            return ChannelConfig.fromJson(String.join(" ", options.configJsonString), selector, "--config-json-string");
        }
        if (!options.configXmlString.isEmpty()) {
            return ChannelConfig.fromXml(String.join(" ", options.configXmlString), selector, "--config-xml-string");
        }
        if (!options.channelConfig.isEmpty()) {
            return ChannelConfig.fromChannelConfigArguments(options.channelConfig);
        }
        org.slf4j.LoggerFactory.getLogger(DeviceMain.class).warn("FairMQProgOptions: no channels configuration provided "
                + "via neither of: --mq-config --config-json-string --config-xml-string --channel-config. "
                + "No channels will be created (You can create them manually).");
        return ChannelConfig.empty();
    }
}
