package org.fairmq.monitor;

import java.util.List;

/**
 * What one cleanup sequence (PROTOCOL.md 5.6) did, object by object, in order. The printed lines
 * say the same; this is for programs that embed the monitor. Immutable.
 *
 * @param regionCounter the RegionCounter value found in the management segment, or -1 if none
 * @param removals      every removal attempted or refused, in order (the silent mutex removal last)
 */
public record CleanupReport(long regionCounter, List<Removal> removals) {
    public CleanupReport {
        removals = List.copyOf(removals);
    }

    /** What happened to one object. */
    public enum Outcome {
        /** The name was removed. */
        REMOVED,
        /** There was nothing to remove ("Already removed?"). */
        NOT_FOUND,
        /** The object is not of the expected kind and was left alone. */
        REFUSED
    }

    /**
     * One object of the cleanup.
     *
     * @param name    the object's name
     * @param outcome what happened
     * @param reason  why it was refused; empty otherwise
     */
    public record Removal(String name, Outcome outcome, String reason) {}

    /** The outcome for {@code name}, or null if the cleanup did not touch it. */
    public Outcome outcomeOf(String name) {
        return removals.stream().filter(r -> r.name().equals(name)).map(Removal::outcome).findFirst().orElse(null);
    }
}
