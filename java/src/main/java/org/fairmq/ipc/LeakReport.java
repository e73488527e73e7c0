package org.fairmq.ipc;

/**
 * The words of every leak report (the last device's warning, the monitor's {@code --leak-report}):
 * how many bytes in how many chunks a segment still holds beyond its empty state, and which chunks,
 * as {@code (offset,size)} pairs. Stateless; thread-safe.
 */
public final class LeakReport {
    /** How many chunks a device's warning lists. */
    public static final int LOGGED_CHUNKS = 16;

    /** How many chunks the monitor's {@code --leak-report} lists. */
    public static final int REPORTED_CHUNKS = 10_000;

    /** {@code --leak-report}'s exit code when chunks are still allocated (0: none; 2: no report). */
    public static final int EXIT_LEAKS = 1;

    private LeakReport() {}

    /**
     * The monitor's {@code --leak-report} text: a summary line, then for a leaking segment a line
     * {@code   offset size} and one line per listed chunk (and {@code   ... <n> more chunks} for those not listed), e.g.
     * <pre>
     * "x_main": 1032 bytes in 1 chunk still allocated beyond its empty state
     *   offset size
     *   336 1032
     * </pre>
     */
    public static String segmentReport(String segment, AllocatedBlocks blocks) {
        if (blocks.isEmpty()) {
            return "\"" + segment + "\": no chunks allocated beyond its empty state\n";
        }
        StringBuilder text = new StringBuilder("\"" + segment + "\": " + amount(blocks)
                + " still allocated beyond its empty state\n  offset size\n");
        for (AllocatedBlock block : blocks.listed()) {
            text.append("  ").append(block.offset()).append(' ').append(block.size()).append('\n');
        }
        long more = blocks.count() - blocks.listed().size();
        if (more > 0) {
            text.append("  ... ").append(more).append(more == 1 ? " more chunk\n" : " more chunks\n");
        }
        return text.toString();
    }

    /**
     * The last device's warning, without the logger's prefix, e.g. {@code shmem: 1032 bytes in 1
     * chunk still allocated in "x_main" beyond its empty state when the last device left; chunks
     * (offset,size): (336,1032)}.
     */
    public static String lastDeviceWarning(String segment, AllocatedBlocks blocks) {
        return "shmem: " + amount(blocks) + " still allocated in \"" + segment
                + "\" beyond its empty state when the last device left; chunks (offset,size): " + chunks(blocks);
    }

    /** {@code <bytes> bytes in <count> chunk(s)}. */
    public static String amount(AllocatedBlocks blocks) {
        return blocks.bytes() + " bytes in " + blocks.count() + (blocks.count() == 1 ? " chunk" : " chunks");
    }

    /** The listed chunks, {@code (offset,size)} separated by spaces, then {@code ... (<n> more)} if some were not listed. */
    public static String chunks(AllocatedBlocks blocks) {
        StringBuilder text = new StringBuilder();
        for (AllocatedBlock block : blocks.listed()) {
            text.append(text.length() == 0 ? "" : " ").append(block);
        }
        long more = blocks.count() - blocks.listed().size();
        if (more > 0) {
            text.append(" ... (").append(more).append(" more)");
        }
        return text.toString();
    }
}
