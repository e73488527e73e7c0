package org.fairmq.monitor;

/**
 * The text of the interactive table (PROTOCOL.md 5.7), byte for byte, plus two columns of ours at
 * the end (leak accounting): {@code used}, the segment's size minus its free memory as Boost counts
 * it, and {@code trend}, how much that changed since the previous row ({@code +n}, {@code -n},
 * {@code 0}; {@code 0} for the first). The help line, the header with its titles in bold green, the
 * status row (no newline; the caller ends it with a carriage return so that the next row
 * overwrites it) and the dash row for a missing segment. Columns are right-aligned like
 * {@code std::setw} and never truncated. Stateless apart from the spinner and the previous used
 * bytes, which only the monitor's loop thread advances.
 */
final class StatusTable {
    static final String HELP = "controls: [x] close memory, [p] print queues, [h] help, [q] quit.";
    private static final String GREEN = "\033[01;32m";
    private static final String RESET = "\033[0m";
    private static final char[] SPINNER = {'-', '\\', '|', '-', '/'};

    private long spins;
    private long previousUsed = -1;

    /** The header line including its newline. */
    static String header() {
        return "| " + title("name", 18) + " | " + title("size", 10) + " | " + title("free", 10) + " | "
                + title("ok", 2) + " | " + title("# devices", 10) + " | " + title("ms since", 10) + " | " + title("used", 10) + " | " + title("trend", 10) + " |\n";
    }

    /**
     * One status row without line end.
     *
     * @param msSince milliseconds since the last heartbeat, shown as the reference's unsigned
     *                32-bit value
     */
    String row(String segmentName, long size, long free, boolean sane, long devices, long msSince) {
        long used = size - free;
        long trend = previousUsed < 0 ? 0 : used - previousUsed;
        previousUsed = used;
        return "| " + pad(segmentName, 18) + " | " + pad(Long.toString(size), 10) + " | " + pad(Long.toString(free), 10)
                + " | " + pad(sane ? "1" : "0", 2) + " | " + pad(Long.toString(devices), 10) + " | "
                + pad(Long.toUnsignedString(msSince & 0xFFFF_FFFFL), 10) + " | " + pad(Long.toString(used), 10) + " | "
                + pad(trend > 0 ? "+" + trend : Long.toString(trend), 10) + " |" + nextSpinner();
    }

    /** The row for a segment that cannot be opened: a dash in every column. */
    String dashRow() {
        previousUsed = -1;
        return "| " + pad("-", 18) + " | " + pad("-", 10) + " | " + pad("-", 10) + " | " + pad("-", 2) + " | "
                + pad("-", 10) + " | " + pad("-", 10) + " | " + pad("-", 10) + " | " + pad("-", 10) + " |"
                + nextSpinner();
    }

    private char nextSpinner() {
        return SPINNER[(int) (spins++ % SPINNER.length)];
    }

    private static String title(String text, int width) {
        return GREEN + pad(text, width) + RESET;
    }

    static String pad(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
