package org.fairmq.transport.shmem.v110;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --shm-monitor true} (PROTOCOL-V110.md 2.4): if no monitor holds the session's mutex
 * {@code fmq_<id>_ms}, start {@code fairmq-shmmonitor} from {@code $FAIRMQ_PATH} or {@code $PATH}
 * with exactly {@code -x -m --shmid <id> -d -t 2000 <X>} ({@code X} = {@code --verbose} if
 * {@code FAIRMQ_SHMMONITOR_VERBOSE=true}, else an empty argument) and wait until it holds the
 * mutex (10 ms polls, at most 1000). Whichever monitor it finds (the C++ one or ours) works. Unlike
 * the reference (S12) this runs before the device takes the session mutex. Stateless.
 */
final class MonitorSpawn {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorSpawn.class);
    static final String PROGRAM = "fairmq-shmmonitor";

    private MonitorSpawn() {}

    static void ensureRunning(SessionNames names, ShmId shmId) {
        if (isRunning(names)) {
            LOG.debug("Found fairmq-shmmonitor for shared memory id {}", shmId);
            return;
        }
        LOG.debug("no fairmq-shmmonitor found for shared memory id {}, starting...", shmId);
        File program = find(System.getenv("FAIRMQ_PATH"), System.getenv("PATH"));
        if (program == null) {
            LOG.warn("could not find fairmq-shmmonitor in \"$FAIRMQ_PATH:$PATH\"");
            return;
        }
        List<String> command = new ArrayList<>(List.of(program.getPath(), "-x", "-m", "--shmid", shmId.toString(), "-d",
                "-t", Long.toString(ProtocolV110.SPAWNED_MONITOR_TIMEOUT_MS)));
        command.add("true".equals(System.getenv("FAIRMQ_SHMMONITOR_VERBOSE")) ? "--verbose" : "");
        try {
            new ProcessBuilder(command).inheritIO().start(); // it daemonises: this child exits at once
        } catch (IOException e) {
            LOG.warn("could not start {}: {}", program, e.getMessage());
            return;
        }
        for (int i = 0; i < ProtocolV110.SPAWN_POLLS; i++) {
            if (isRunning(names)) {
                LOG.debug("Started fairmq-shmmonitor for shared memory id {}", shmId);
                return;
            }
            try {
                Thread.sleep(ProtocolV110.SPAWN_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("Did not get response from fairmq-shmmonitor after "
                + ProtocolV110.SPAWN_POLLS * ProtocolV110.SPAWN_POLL_MS + " milliseconds. Exiting.");
    }

    /** Whether a monitor of the session holds its named mutex (it exists only while one runs). */
    static boolean isRunning(SessionNames names) {
        try (NamedMutex mutex = NamedMutex.openOnly(names.monitorMutex())) {
            return true;
        } catch (ShmException e) {
            return false;
        }
    }

    /** The executable {@value #PROGRAM} in the one directory {@code fairmqPath}, then in {@code path}. */
    static File find(String fairmqPath, String path) {
        List<String> directories = new ArrayList<>();
        if (fairmqPath != null && !fairmqPath.isEmpty()) {
            directories.add(fairmqPath);
        }
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        for (String directory : directories) {
            File candidate = new File(directory.isEmpty() ? "." : directory, PROGRAM);
            if (candidate.isFile() && candidate.canExecute()) {
                return candidate;
            }
        }
        return null;
    }
}
