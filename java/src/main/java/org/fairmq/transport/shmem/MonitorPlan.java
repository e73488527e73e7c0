package org.fairmq.transport.shmem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.protocol.ShmNames;

/**
 * What {@code --shm-monitor true} asks of {@link MonitorSpawn} in a 2017 topology (our extension:
 * the 2017 transport has the start of a monitor only as dead code, PROTOCOL.md D34): the guard is
 * the {@code MonitorStatus} a running monitor keeps in the management segment (5.3 step 2); the
 * arguments are {@code --self-destruct --segment-name <main>}, which the reference's C++ monitor
 * understands too, plus {@code --prefix <prefix>} (ours only) when the names are not the reference
 * ones. The 2017 monitor does not daemonise, so it is detached by {@link MonitorSpawn}. Stateless.
 */
final class MonitorPlan {
    private MonitorPlan() {}

    static MonitorSpawn.Plan of(ShmNames names, ManagedSegment management) {
        List<String> arguments = new ArrayList<>(List.of("--self-destruct", "--segment-name", names.mainSegment()));
        if (!names.prefix().equals(ShmNames.DEFAULT_PREFIX)) {
            arguments.addAll(List.of("--prefix", names.prefix()));
        }
        return new MonitorSpawn.Plan("segment \"" + names.mainSegment() + "\"",
                Path.of("/dev/shm", names.managementSegment()), management::hasMonitorStatus, arguments, true);
    }
}
