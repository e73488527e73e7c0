package org.fairmq.protocol.v110;

import java.util.Objects;

/**
 * Every system-wide object name of one v1.10 session, {@code fmq_<shmId>_<type>[_<index>]}
 * (PROTOCOL-V110.md 1.2); indices in decimal without padding. Immutable.
 */
public record SessionNames(ShmId shmId) {
    public SessionNames {
        Objects.requireNonNull(shmId, "shmId");
    }

    /** {@code fmq_<shmId>_}: the start of every name of the session (for hygiene checks). */
    public String prefix() {
        return "fmq_" + shmId + "_";
    }

    /** {@code fmq_<id>_mng}, the management segment. */
    public String management() {
        return prefix() + "mng";
    }

    /** {@code fmq_<id>_m_<segmentId>}, a managed data segment. */
    public String segment(int segmentId) {
        return prefix() + "m_" + segmentId;
    }

    /** {@code fmq_<id>_rg_<regionId>}, an unmanaged region (a file name after a region's path if it has one). */
    public String region(int regionId) {
        return prefix() + "rg_" + regionId;
    }

    /** {@code fmq_<id>_rgq_<regionId>}, a region's acknowledgement queue. */
    public String regionQueue(int regionId) {
        return prefix() + "rgq_" + regionId;
    }

    /** {@code fmq_<id>_rrc_<regionId>}, a region's reference-count segment. */
    public String refCountSegment(int regionId) {
        return prefix() + "rrc_" + regionId;
    }

    /** {@code fmq_<id>_ms}, the monitor's named mutex (file {@code sem.fmq_<id>_ms}). */
    public String monitorMutex() {
        return prefix() + "ms";
    }
}
