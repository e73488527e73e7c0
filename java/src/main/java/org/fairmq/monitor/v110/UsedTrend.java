package org.fairmq.monitor.v110;

import java.util.HashMap;
import java.util.Map;

/**
 * The change of each managed segment's used bytes from one table to the next (leak accounting, our
 * extension of the interactive table, 6.5): {@code +n}, {@code -n}, or {@code 0}, and {@code 0}
 * the first time a segment is seen. A segment that is not in a table is forgotten. Owned by one
 * interactive loop; not thread-safe.
 */
final class UsedTrend {
    private Map<Integer, Long> previous = new HashMap<>();
    private Map<Integer, Long> current = new HashMap<>();

    /** The trend text of segment {@code id} now using {@code used} bytes. */
    String next(int id, long used) {
        current.put(id, used);
        Long before = previous.get(id);
        long delta = before == null ? 0 : used - before;
        return delta > 0 ? "+" + delta : Long.toString(delta);
    }

    /** Ends one table: the segments seen in it are the ones the next table compares with. */
    void endTable() {
        Map<Integer, Long> done = previous;
        previous = current;
        current = done;
        current.clear();
    }
}
