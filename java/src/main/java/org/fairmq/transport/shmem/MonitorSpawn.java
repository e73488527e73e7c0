package org.fairmq.transport.shmem;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A monitor per topology, started by its devices ({@code --shm-monitor}, both protocol profiles):
 * if no monitor owns the topology's guard (the 2017 {@code MonitorStatus}, the v1.10 monitor mutex),
 * start {@value #PROGRAM} from {@code $FAIRMQ_PATH} (one directory), then {@code $PATH}, as a
 * detached process, and wait a bounded time ({@link #waitMs()}) until a monitor owns the guard.
 *
 * <p><b>Exactly one monitor</b> even when many devices start at once: the whole check-spawn-wait
 * runs under an exclusive {@code fcntl} lock on the topology's management segment file
 * ({@link Plan#lockFile()}), which every device of the topology has opened before it gets here.
 * The kernel drops the lock of a process that dies, so a crashed device cannot wedge the others;
 * Boost never locks that file, so C++ peers are not affected. A device that waited for the lock
 * finds the monitor the first one started. Inside one JVM the lock is taken once at a time.
 *
 * <p>A device never fails because of its monitor: a program that is not found, cannot be started or
 * does not answer within {@link #waitMs()} is logged (WARN) and the device goes on.
 *
 * <p>Detaching: with {@link Plan#detach()} the program is started through {@code setsid -f} (its
 * own session, the parent exits at once), standard input from {@code /dev/null}, output to
 * {@code /dev/null} or, with {@code FAIRMQ_SHMMONITOR_VERBOSE=true}, appended to
 * {@code fairmq-shmmonitor_<YYYY-MM-DD>_<HH>_<MM>_<SS>.log} in the device's working directory (the
 * name the v1.10 monitor gives its own log, PROTOCOL-V110.md 6.9). Without it the program
 * daemonises itself (the v1.10 {@code -d}) and inherits the device's output. Stateless and
 * thread-safe.
 */
public final class MonitorSpawn {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorSpawn.class);
    /** The program looked for in {@code $FAIRMQ_PATH} and {@code $PATH}. */
    public static final String PROGRAM = "fairmq-shmmonitor";
    /** The environment variable that asks for the monitor's log ({@code true}). */
    public static final String VERBOSE_VARIABLE = "FAIRMQ_SHMMONITOR_VERBOSE";
    /** The environment variable that bounds the wait for a started monitor, in ms. */
    public static final String WAIT_VARIABLE = "FAIRMQ_SHMMONITOR_WAIT_MS";
    /** The wait for a started monitor unless {@value #WAIT_VARIABLE} says otherwise. */
    public static final long DEFAULT_WAIT_MS = 30_000;
    /** How often the guard is looked at while waiting (the v1.10 reference's 10 ms). */
    static final long POLL_MS = 10;
    private static final DateTimeFormatter LOG_FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH_mm_ss");
    /** One check-spawn-wait at a time in this JVM: a file lock belongs to the process. */
    private static final Object JVM_LOCK = new Object();

    private MonitorSpawn() {}

    /**
     * What one profile asks for.
     *
     * @param topology       how the log names the topology, e.g. {@code shared memory id dbab2873}
     * @param lockFile       the topology's management segment file (exists, opened by this device)
     * @param monitorPresent whether a monitor owns the topology's guard; called often, must not block long
     * @param arguments      the monitor's arguments (without the program)
     * @param detach         start it through {@code setsid -f} with its output redirected (see above)
     */
    public record Plan(String topology, Path lockFile, BooleanSupplier monitorPresent, List<String> arguments,
            boolean detach) {
        public Plan {
            Objects.requireNonNull(topology, "topology");
            Objects.requireNonNull(lockFile, "lockFile");
            Objects.requireNonNull(monitorPresent, "monitorPresent");
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * How long a device waits for the monitor it started: {@code $FAIRMQ_SHMMONITOR_WAIT_MS}, else
     * {@value #DEFAULT_WAIT_MS} ms. The reference's C++ devices wait 10 s (PROTOCOL-V110.md 2.4);
     * ours wait longer because a JVM monitor on a loaded machine can take that long to start, and
     * a second device must not start a second monitor meanwhile.
     */
    public static long waitMs() {
        String text = System.getenv(WAIT_VARIABLE);
        if (text != null) {
            try {
                long ms = Long.parseLong(text.trim());
                if (ms > 0) {
                    return ms;
                }
            } catch (NumberFormatException e) {
                // the default below
            }
            LOG.warn("ignoring {}={}: not a positive number of milliseconds", WAIT_VARIABLE, text);
        }
        return DEFAULT_WAIT_MS;
    }

    /** What {@link #ensureRunning} found or did. */
    public enum Outcome {
        /** A monitor owned the guard already. */
        FOUND,
        /** This device started the monitor, which now owns the guard. */
        STARTED,
        /** No program in {@code $FAIRMQ_PATH:$PATH}, or it could not be executed. */
        NOT_STARTED,
        /** Started, but no monitor owned the guard within the wait. */
        NO_RESPONSE
    }

    /** Makes sure a monitor watches the topology of {@code plan}; never throws for the monitor's sake. */
    public static Outcome ensureRunning(Plan plan) {
        long waitMs = waitMs();
        synchronized (JVM_LOCK) {
            try (FileChannel file = FileChannel.open(plan.lockFile(), StandardOpenOption.READ, StandardOpenOption.WRITE);
                    FileLock lock = awaitLock(file, 2 * waitMs)) {
                if (lock == null) {
                    LOG.warn("another device of {} has been starting fairmq-shmmonitor for over {} ms; going on without "
                            + "waiting for it", plan.topology(), 2 * waitMs);
                    return plan.monitorPresent().getAsBoolean() ? Outcome.FOUND : Outcome.NO_RESPONSE;
                }
                return checkSpawnAndWait(plan, waitMs);
            } catch (IOException e) {
                LOG.warn("cannot lock {} to start fairmq-shmmonitor ({}); looking for a monitor without it",
                        plan.lockFile(), e.getMessage());
                return checkSpawnAndWait(plan, waitMs);
            }
        }
    }

    /** The lock, waiting at most {@code ms} (another device's whole spawn); null if not got. */
    private static FileLock awaitLock(FileChannel file, long ms) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (true) {
            FileLock lock = file.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() - deadline > 0 || !pause(POLL_MS)) {
                return null;
            }
        }
    }

    private static Outcome checkSpawnAndWait(Plan plan, long waitMs) {
        if (plan.monitorPresent().getAsBoolean()) {
            LOG.debug("Found fairmq-shmmonitor for {}", plan.topology());
            return Outcome.FOUND;
        }
        LOG.debug("no fairmq-shmmonitor found for {}, starting...", plan.topology());
        File program = find(System.getenv("FAIRMQ_PATH"), System.getenv("PATH"));
        if (program == null) {
            LOG.warn("could not find fairmq-shmmonitor in \"$FAIRMQ_PATH:$PATH\"");
            return Outcome.NOT_STARTED;
        }
        try {
            start(program, plan);
        } catch (IOException e) {
            LOG.warn("could not start {} for {}: {}; going on without a monitor", program, plan.topology(),
                    e.getMessage());
            return Outcome.NOT_STARTED;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (true) {
            if (plan.monitorPresent().getAsBoolean()) {
                LOG.debug("Started fairmq-shmmonitor for {}", plan.topology());
                return Outcome.STARTED;
            }
            if (System.nanoTime() - deadline > 0 || !pause(POLL_MS)) {
                break;
            }
        }
        LOG.warn("Did not get response from fairmq-shmmonitor after {} milliseconds; going on without a monitor for {}",
                waitMs, plan.topology());
        return Outcome.NO_RESPONSE;
    }

    private static void start(File program, Plan plan) throws IOException {
        List<String> command = new ArrayList<>();
        ProcessBuilder builder = new ProcessBuilder(command);
        if (plan.detach()) {
            File setsid = find("setsid", null, System.getenv("PATH"));
            if (setsid != null) {
                command.addAll(List.of(setsid.getPath(), "-f"));
            }
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if ("true".equals(System.getenv(VERBOSE_VARIABLE))) {
                File log = new File(System.getProperty("user.dir"),
                        PROGRAM + "_" + LocalDateTime.now().format(LOG_FILE_TIME) + ".log");
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log)).redirectErrorStream(true);
            } else {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            }
        } else {
            builder.inheritIO(); // it daemonises: this child exits at once
        }
        command.add(program.getPath());
        command.addAll(plan.arguments());
        builder.start(); // the JDK reaps the child when it exits
    }

    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The executable {@value #PROGRAM} in the one directory {@code fairmqPath}, then in {@code path}. */
    public static File find(String fairmqPath, String path) {
        return find(PROGRAM, fairmqPath, path);
    }

    private static File find(String name, String firstDirectory, String path) {
        List<String> directories = new ArrayList<>();
        if (firstDirectory != null && !firstDirectory.isEmpty()) {
            directories.add(firstDirectory);
        }
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        for (String directory : directories) {
            File candidate = new File(directory.isEmpty() ? "." : directory, name);
            if (candidate.isFile() && candidate.canExecute()) {
                return candidate;
            }
        }
        return null;
    }
}
