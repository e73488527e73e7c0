package org.fairmq.ipc;

import org.fairmq.protocol.ShmNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-counter protocol of PROTOCOL.md 2.1 step 8 and 2.2 step 3: every shmem transport
 * increments the main segment's DeviceCounter under the named mutex when it starts, decrements it
 * when it stops, and the last one out removes the main and the management segments.
 *
 * <p>Deliberate fix of defect D2: the last user removes the <em>configured</em> main segment name,
 * not the literal {@code fairmq_shmem_main}. Log lines are the reference's (section 9).
 * The last one out first warns about the user chunks still allocated in the main segment
 * ({@link LeakReport#lastDeviceWarning}), which would otherwise vanish with it.
 * Stateless and thread-safe; the named mutex serialises processes. Every lock is bounded by
 * {@link LockTimeout}: a holder that died is a {@link ShmTimeoutException}, not a hang.
 */
public final class DeviceCounterProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCounterProtocol.class);

    private DeviceCounterProtocol() {}

    /**
     * Locked find-and-increment, or construct with 1. Returns the new value. Afterwards the
     * DeviceCounter's block is protected: no received frame can name it ({@link ManagedSegment#protectBoostObjects}).
     */
    public static long attach(ManagedSegment main, NamedMutex mutex) {
        try (NamedMutex.Guard guard = mutex.guard(LockTimeout.get())) {
            long now;
            var found = main.findDeviceCounter();
            if (found.isPresent()) {
                LOG.debug("shmem: device counter found, with value of {}. incrementing.", found.getAsLong());
                now = main.addToDeviceCounter(1);
                LOG.debug("shmem: incremented device counter, now: {}", now);
            } else {
                LOG.debug("shmem: no device counter found, creating one and initializing with 1");
                main.constructDeviceCounter(1);
                LOG.debug("shmem: initialized device counter with: 1");
                now = 1;
            }
            main.protectBoostObjects();
            return now;
        }
    }

    /** What {@link #detach} did. */
    public record Detached(long counter, boolean removedMain, boolean removedManagement) {}

    /**
     * Locked decrement; at 0 removes the configured main segment and the management segment
     * (by name: mappings stay valid until closed). The mutex itself is never removed (2.2 step 4).
     */
    public static Detached detach(ManagedSegment main, NamedMutex mutex, ShmNames names) {
        try (NamedMutex.Guard guard = mutex.guard(LockTimeout.get())) {
            long now = main.addToDeviceCounter(-1);
            if (now != 0) {
                LOG.debug("shmem: other '{}' users present ({}), not removing it.", names.mainSegment(), now);
                return new Detached(now, false, false);
            }
            LOG.debug("shmem: last '{}' user, removing segment.", names.mainSegment());
            warnAboutLeaks(main, names.mainSegment());
            boolean removedMain = removeLogged(names.mainSegment());
            boolean removedManagement = removeLogged(names.managementSegment());
            return new Detached(0, removedMain, removedManagement);
        }
    }

    /**
     * Leak accounting of the last one out: the user chunks the segment still holds beyond its empty
     * state would vanish with it unnoticed, so they are named first (nothing is logged for a clean
     * segment). A walk that fails (a stuck lock, a corrupt block list) is reported and does not stop
     * the removal.
     */
    private static void warnAboutLeaks(ManagedSegment main, String name) {
        try {
            AllocatedBlocks blocks = main.allocatedBlocks(LeakReport.LOGGED_CHUNKS);
            if (!blocks.isEmpty()) {
                LOG.warn(LeakReport.lastDeviceWarning(name, blocks));
            }
        } catch (ShmException e) {
            LOG.warn("shmem: could not account for the chunks still allocated in \"{}\" before removing it: {}", name,
                    e.getMessage());
        }
    }

    private static boolean removeLogged(String name) {
        boolean removed = ManagedSegment.remove(name);
        if (removed) {
            LOG.debug("shmem: successfully removed \"{}\" segment after the device has stopped.", name);
        } else {
            LOG.debug("shmem: did not remove \"{}\" segment after the device stopped. Already removed?", name);
        }
        return removed;
    }
}
