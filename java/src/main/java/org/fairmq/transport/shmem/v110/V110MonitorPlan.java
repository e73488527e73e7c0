package org.fairmq.transport.shmem.v110;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.v110.ProtocolV110;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.transport.shmem.MonitorSpawn;

/**
 * What {@code --shm-monitor true} asks of {@link MonitorSpawn} in a v1.10 session
 * (PROTOCOL-V110.md 2.4): the guard is the monitor mutex {@code fmq_<id>_ms} (it exists only while a
 * monitor runs); the arguments are exactly {@code -x -m --shmid <id> -d -t 2000 <X>} ({@code X} =
 * {@code --verbose} if {@code FAIRMQ_SHMMONITOR_VERBOSE=true}, else an empty argument), so that the
 * reference's C++ monitor works as well as ours; the monitor daemonises itself. Unlike the
 * reference this runs before the device takes the session mutex (S12), it waits up to
 * {@link MonitorSpawn#waitMs()} (the reference: 10 ms polls, at most 1000), and a monitor that does
 * not answer is logged, not thrown (our choice, README "Monitor per topology").
 * Stateless.
 */
final class V110MonitorPlan {
    private V110MonitorPlan() {}

    static MonitorSpawn.Plan of(SessionNames names, ShmId shmId) {
        List<String> arguments = new ArrayList<>(List.of("-x", "-m", "--shmid", shmId.toString(), "-d", "-t",
                Long.toString(ProtocolV110.SPAWNED_MONITOR_TIMEOUT_MS)));
        arguments.add("true".equals(System.getenv(MonitorSpawn.VERBOSE_VARIABLE)) ? "--verbose" : "");
        return new MonitorSpawn.Plan("shared memory id " + shmId, Path.of("/dev/shm", names.management()),
                () -> isRunning(names), arguments, false);
    }

    /** Whether a monitor of the session holds its named mutex (it exists only while one runs). */
    static boolean isRunning(SessionNames names) {
        try (NamedMutex mutex = NamedMutex.openOnly(names.monitorMutex())) {
            return true;
        } catch (ShmException e) {
            return false;
        }
    }
}
