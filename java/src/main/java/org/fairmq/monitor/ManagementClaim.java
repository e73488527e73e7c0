package org.fairmq.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.ShmAlreadyExistsException;
import org.fairmq.protocol.Protocol2017;

/**
 * A monitor's claim on the names (PROTOCOL.md 5.3 step 2): the management segment opened, or
 * created with 65 536 bytes, and a {@code MonitorStatus} constructed in it; refused with
 * {@link MonitorAlreadyRunningException} if one exists. Remembers whether this monitor created
 * the segment (by the file's identity), so that it can remove it again at exit if nothing else
 * came to use it. Owned by one {@link Monitor}; not thread-safe.
 */
final class ManagementClaim {
    final ManagedSegment segment;
    /** The file's identity if this monitor created the segment, else null. */
    final Object createdKey;

    private ManagementClaim(ManagedSegment segment, Object createdKey) {
        this.segment = segment;
        this.createdKey = createdKey;
    }

    /**
     * Claims {@code name}.
     *
     * @throws MonitorAlreadyRunningException if the segment holds a MonitorStatus
     * @throws IllegalStateException if the name is taken by something that is not a managed segment
     */
    static ManagementClaim claim(String name) {
        ManagedSegment segment = null;
        Object createdKey = null;
        while (segment == null) {
            ManagedSegmentProbe.Opened opened = ManagedSegmentProbe.open(name);
            if (opened.result().kind() == ManagedSegmentProbe.Kind.FOREIGN) {
                throw new IllegalStateException("\"" + name + "\" is not a Boost managed segment: "
                        + opened.result().reason());
            }
            segment = opened.segment();
            if (segment == null) {
                try {
                    segment = ManagedSegment.createOnly(name, Protocol2017.MANAGEMENT_SEGMENT_SIZE);
                    createdKey = fileKey(name);
                } catch (ShmAlreadyExistsException raced) {
                    segment = null; // created by someone else meanwhile: open it
                }
            }
        }
        try {
            if (segment.hasMonitorStatus()) {
                throw new MonitorAlreadyRunningException();
            }
            segment.constructMonitorStatus();
        } catch (ShmAlreadyExistsException raced) {
            segment.close();
            throw new MonitorAlreadyRunningException();
        } catch (RuntimeException e) {
            segment.close();
            throw e;
        }
        return new ManagementClaim(segment, createdKey);
    }

    /** Gives the claim up at once (a monitor that failed to start): MonitorStatus destroyed, unmapped. */
    void release() {
        try {
            segment.destroyMonitorStatus();
        } finally {
            segment.close();
        }
    }

    /** The identity (device, inode) of the file behind a name, or null if there is none. */
    static Object fileKey(String name) {
        try {
            return Files.readAttributes(ManagedSegmentProbe.file(name), BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
