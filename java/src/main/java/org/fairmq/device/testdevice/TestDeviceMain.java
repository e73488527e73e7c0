package org.fairmq.device.testdevice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.fairmq.device.DeviceMain;
import org.fairmq.device.Logging;

/**
 * {@code fairmq-testdevice}: the Java twin of the reference's {@code testhelper_runTestDevice}
 * (PROTOCOL.md 8). The device options of 6.1 plus {@code --poll-type}; the device is picked by the
 * prefix of {@code --id}; an unknown id prints {@code Don't know id '<id>'} and exits with 1.
 */
public final class TestDeviceMain {
    /** Id prefix -> device, as the reference's helper picks them. */
    static final Map<String, Supplier<? extends TestDevice>> DEVICES = new LinkedHashMap<>();

    static {
        DEVICES.put("pull_", Pull::new);
        DEVICES.put("push_", Push::new);
        DEVICES.put("sub_", Sub::new);
        DEVICES.put("pub_", Pub::new);
        DEVICES.put("req_", Req::new);
        DEVICES.put("rep_", Rep::new);
        DEVICES.put("transfer_timeout_", TransferTimeout::new);
        DEVICES.put("pollout_", PollOut::new);
        DEVICES.put("pollin_", PollIn::new);
    }

    /** Options that end the program before a device is needed (6.1). */
    private static final Set<String> NO_DEVICE_NEEDED = Set.of("-h", "--help", "-v", "--version", "--print-options");

    private TestDeviceMain() {}

    public static void main(String[] args) {
        Logging.configure(args);
        System.exit(execute(args));
    }

    /** Runs the device that {@code --id} names and returns the exit code. */
    public static int execute(String[] args) {
        String id = idOf(args);
        Supplier<? extends TestDevice> device = id == null ? null : deviceFor(id);
        if (device == null) {
            if (id == null || needsNoDevice(args)) {
                return DeviceMain.execute(args, PollIn::new); // help, version, or the missing-id error
            }
            System.err.println("Don't know id '" + id + "'");
            System.err.println("getDevice(): no valid device provided. Exiting.");
            return 1;
        }
        return DeviceMain.execute(args, device);
    }

    /** The device for {@code id} by prefix, or null. */
    static Supplier<? extends TestDevice> deviceFor(String id) {
        for (Map.Entry<String, Supplier<? extends TestDevice>> e : DEVICES.entrySet()) {
            if (id.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean needsNoDevice(String[] args) {
        for (String a : args) {
            if (NO_DEVICE_NEEDED.contains(a) || a.startsWith("--print-options=")) {
                return true;
            }
        }
        return false;
    }

    /** The value of the last {@code --id} ({@code --id x} or {@code --id=x}), or null. */
    static String idOf(String[] args) {
        String id = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--id") && i + 1 < args.length) {
                id = args[++i];
            } else if (args[i].startsWith("--id=")) {
                id = args[i].substring("--id=".length());
            }
        }
        return id;
    }
}
