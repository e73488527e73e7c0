package org.fairmq.protocol;

import java.util.Objects;

/**
 * Every shared-memory object name of one topology, built from one prefix (PROTOCOL.md 1.1).
 * The reference's prefix is {@code fairmq_shmem_}; another prefix renames every object at once
 * (our extension, so that topologies and tests can run side by side). The main segment's name is
 * configurable on its own ({@code --shm-segment-name}). Immutable and thread-safe.
 */
public final class ShmNames {
    /** The reference prefix (PROTOCOL.md 1.1). */
    public static final String DEFAULT_PREFIX = "fairmq_shmem_";

    private final String prefix;
    private final String mainSegment;

    private ShmNames(String prefix, String mainSegment) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.mainSegment = Objects.requireNonNull(mainSegment, "mainSegment");
        if (prefix.contains("/") || mainSegment.contains("/")) {
            throw new IllegalArgumentException("shared-memory names must not contain '/': prefix=" + prefix
                    + ", mainSegment=" + mainSegment);
        }
    }

    /** The reference names: prefix {@code fairmq_shmem_}, main segment {@code fairmq_shmem_main}. */
    public static ShmNames reference() {
        return withPrefix(DEFAULT_PREFIX);
    }

    /** All names from {@code prefix}; the main segment is {@code <prefix>main}. */
    public static ShmNames withPrefix(String prefix) {
        return new ShmNames(prefix, prefix + "main");
    }

    /** The same names with another main segment name ({@code --shm-segment-name}). */
    public ShmNames withMainSegment(String name) {
        return new ShmNames(prefix, name);
    }

    public String prefix() {
        return prefix;
    }

    /** {@code <prefix>main} unless overridden. */
    public String mainSegment() {
        return mainSegment;
    }

    /** {@code <prefix>main}: what the reference removes at last-out whatever the configured name (D2). */
    public String defaultMainSegment() {
        return prefix + "main";
    }

    public String managementSegment() {
        return prefix + "management";
    }

    /** The named mutex; on Linux the file {@code /dev/shm/sem.<this>}. */
    public String mutex() {
        return prefix + "mutex";
    }

    public String controlQueue() {
        return prefix + "control_queue";
    }

    /** The StringVector the monitor's queue listing reads (written by nothing in 2017, D35). */
    public String queues() {
        return prefix + "queues";
    }

    /** {@code <prefix>region_<id>}, the id in decimal without padding. */
    public String region(long id) {
        return prefix + "region_" + Long.toUnsignedString(id);
    }

    @Override
    public String toString() {
        return "ShmNames[prefix=" + prefix + ", mainSegment=" + mainSegment + "]";
    }
}
