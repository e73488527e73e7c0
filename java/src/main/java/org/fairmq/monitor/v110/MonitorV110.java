package org.fairmq.monitor.v110;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fairmq.ipc.DataSegment;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.ManagementSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.v110.SessionNames;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.transport.shmem.v110.SessionCleanup;

/**
 * The static API of the C++ {@code fair::mq::shmem::Monitor} (PROTOCOL-V110.md 6.10) for Java
 * programs: cleanups, free memory and presence queries, the segment table, {@code --list-all},
 * and thin wrappers of the Boost {@code remove} functions. Every function has a {@link ShmId}
 * form; the session forms hash the session name with this process's euid (1.1). Stateless: every
 * call opens and closes what it needs; thread-safe. None of them checks whether devices are
 * alive (S14).
 */
public final class MonitorV110 {
    private MonitorV110() {}

    /** {@code Cleanup(ShmId)} (2.5), messages to {@code out}; the (name, removed) pairs. */
    public static List<SessionCleanup.Removal> cleanup(ShmId shmId, SessionCleanup.Output out) {
        return SessionCleanup.cleanup(shmId, out);
    }

    /** {@code Cleanup(SessionId)}: first the translation line of 2.5, then {@link #cleanup(ShmId, SessionCleanup.Output)}. */
    public static List<SessionCleanup.Removal> cleanup(String session, SessionCleanup.Output out) {
        return cleanup(translate(session, out), out);
    }

    /** {@code CleanupFull(ShmId)} (2.5): Cleanup, then the monitor's mutex {@code fmq_<id>_ms}. */
    public static List<SessionCleanup.Removal> cleanupFull(ShmId shmId, SessionCleanup.Output out) {
        return SessionCleanup.cleanupFull(shmId, out);
    }

    /** {@code CleanupFull(SessionId)}, with the translation line of 2.5. */
    public static List<SessionCleanup.Removal> cleanupFull(String session, SessionCleanup.Output out) {
        return cleanupFull(translate(session, out), out);
    }

    private static ShmId translate(String session, SessionCleanup.Output out) {
        ShmId shmId = ShmId.ofSession(session);
        // 2.5: the SessionId overloads log the translation
        out.info("Cleanup called with session id '" + session + "', translating to shared memory id '" + shmId + "'");
        return shmId;
    }

    /**
     * {@code GetFreeMemory(ShmId, segmentId)} (6.10): the free bytes of {@code m_<segmentId>}, read
     * while holding the session mutex.
     *
     * @throws MonitorError {@code Could not find management segment for shmid '<id>'}, {@code Found
     *         management segment, but could not locate segment info} or {@code Could not find
     *         segment id '<n>'}
     */
    public static long getFreeMemory(ShmId shmId, int segmentId) {
        SessionNames names = new SessionNames(shmId);
        ManagementSegment mng;
        try {
            mng = ManagementSegment.openOnly(names.management());
        } catch (ShmException e) {
            throw new MonitorError("Could not find management segment for shmid '" + shmId + "'");
        }
        try (mng) {
            mng.lock();
            try {
                if (!mng.hasSegmentMap()) {
                    throw new MonitorError("Found management segment, but could not locate segment info");
                }
                int algorithm = mng.segmentAlgorithm(segmentId);
                if (algorithm < 0) {
                    throw new MonitorError("Could not find segment id '" + segmentId + "'");
                }
                try (DataSegment segment = DataSegment.openOnly(names.segment(segmentId), algorithm)) {
                    return segment.freeMemory();
                } catch (ShmException e) {
                    throw new MonitorError("Could not find segment id '" + segmentId + "'");
                }
            } finally {
                mng.unlock();
            }
        }
    }

    /** {@code GetFreeMemory(SessionId, segmentId)}. */
    public static long getFreeMemory(String session, int segmentId) {
        return getFreeMemory(ShmId.ofSession(session), segmentId);
    }

    /** {@code SegmentIsPresent} (6.10): {@code m_<segmentId>} is registered and opens. */
    public static boolean segmentIsPresent(ShmId shmId, int segmentId) {
        SessionNames names = new SessionNames(shmId);
        try (ManagementSegment mng = ManagementSegment.openOnly(names.management())) {
            if (!mng.hasSegmentMap()) {
                return false;
            }
            for (ManagementSegment.SegmentEntry entry : mng.segments()) {
                if (entry.id() == segmentId) {
                    try (DataSegment segment = DataSegment.openOnly(names.segment(segmentId), entry.algorithm())) {
                        return true;
                    }
                }
            }
            return false;
        } catch (ShmException e) {
            return false;
        }
    }

    /**
     * {@code RegionIsPresent} (6.10): {@code rg_<regionId>} is registered and its shared memory
     * object exists; for a file-backed region (non-empty path) only the map entry counts.
     */
    public static boolean regionIsPresent(ShmId shmId, int regionId) {
        SessionNames names = new SessionNames(shmId);
        try (ManagementSegment mng = ManagementSegment.openOnly(names.management())) {
            if (!mng.hasRegionMap()) {
                return false;
            }
            ManagementSegment.RegionEntry region = mng.regions().get(regionId);
            if (region == null) {
                return false;
            }
            return !region.path().isEmpty() || Files.exists(Path.of("/dev/shm", names.region(regionId)));
        } catch (ShmException e) {
            return false;
        }
    }

    /** {@code PrintShm(ShmId)} (6.3): prints the table to {@code out}; false if nothing could be printed. */
    public static boolean printShm(ShmId shmId, PrintStream out) {
        Optional<String> table = SegmentTable.of(shmId);
        table.ifPresent(text -> {
            synchronized (out) {
                out.print(text);
                out.flush();
            }
        });
        return table.isPresent();
    }

    /**
     * {@code ListAll(path)} (6.7): for each entry of {@code path} in directory order, the table of
     * every {@code fmq_*_mng} session, a note for foreign files; filesystem errors are printed as
     * {@code error: <what>}, never thrown.
     */
    public static void listAll(String path, PrintStream out) {
        StringBuilder text = new StringBuilder();
        Path directory = Path.of(path);
        try {
            if (!Files.isDirectory(directory) && !Files.exists(directory)) {
                throw new NoSuchFileException(path);
            }
            boolean empty = true;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                for (Path entry : entries) {
                    empty = false;
                    String name = entry.getFileName().toString();
                    boolean fairmq = name.startsWith("fmq_") || name.startsWith("sem.fmq_");
                    if (fairmq && name.endsWith("_mng")) {
                        String id = name.substring(Math.min(4, name.length()), Math.min(12, name.length()));
                        text.append("\nFound shmid '").append(id).append("':\n\n");
                        Optional<String> table = validId(id).flatMap(SegmentTable::of);
                        text.append(table.orElse("could not open file for shmid '" + id + "'\n"));
                    } else if (!fairmq) {
                        text.append("The file '").append(name).append("' does not belong to FairMQ, skipping...\n");
                    }
                }
            }
            if (empty) {
                text.append("directory \"").append(path).append("\" is empty.\n");
            }
        } catch (NoSuchFileException e) {
            // 6.7: the reference's std::filesystem message for a missing directory
            text.append("error: filesystem error: cannot check if file is empty: No such file or directory [")
                    .append(path).append("]\n");
        } catch (IOException e) {
            text.append("error: filesystem error: ").append(e.getMessage()).append(" [").append(path).append("]\n");
        }
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    private static Optional<ShmId> validId(String id) {
        try {
            return Optional.of(ShmId.verbatim(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code ResetContent(ShmId)} (2.8, 6.6), as far as this implementation goes: without a session
     * the reference's texts of 6.6; with a session it reports the registered segments and regions
     * and leaves them unchanged (rebuilding Boost segment managers in place is not implemented),
     * saying so.
     */
    public static void resetContent(ShmId shmId, ConsoleLog log) {
        SessionNames names = new SessionNames(shmId);
        log.info("Resetting segments content for shared memory id '" + shmId + "'...");
        try (ManagementSegment mng = ManagementSegment.openOnly(names.management())) {
            // 2.8: every registered segment gets a fresh segment manager in place, then every
            // rgq and rrc is removed; only valid while nothing is in flight (S34)
            for (ManagementSegment.SegmentEntry entry : mng.hasSegmentMap() ? mng.segments()
                    : List.<ManagementSegment.SegmentEntry>of()) {
                try (DataSegment segment = DataSegment.openOnly(names.segment(entry.id()), entry.algorithm())) {
                    segment.resetContent();
                } catch (ShmException e) {
                    log.info(e.getMessage());
                }
            }
            Map<Integer, ManagementSegment.RegionEntry> regions = mng.hasRegionMap() ? mng.regions() : Map.of();
            for (int id : regions.keySet()) {
                MessageQueue.remove(names.regionQueue(id));
                ManagedSegment.remove(names.refCountSegment(id));
            }
        } catch (ShmException e) {
            log.info("Could not find '" + names.management() + "' segment. Nothing to cleanup.");
            log.info("No such file or directory");
        }
        log.info("Done resetting segment content for shared memory id '" + shmId + "'.");
    }

    /** {@code RemoveObject(name)}: {@code shared_memory_object::remove}; false if there was none. */
    public static boolean removeObject(String name) {
        return SharedRegion.remove(name);
    }

    /** {@code RemoveFileMapping(name)}: {@code file_mapping::remove} (unlinks the file). */
    public static boolean removeFileMapping(String name) {
        try {
            return Files.deleteIfExists(Path.of(name));
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code RemoveQueue(name)}: {@code message_queue::remove}. */
    public static boolean removeQueue(String name) {
        return MessageQueue.remove(name);
    }

    /** {@code RemoveMutex(name)}: {@code named_mutex::remove}. */
    public static boolean removeMutex(String name) {
        return NamedMutex.remove(name);
    }
}
