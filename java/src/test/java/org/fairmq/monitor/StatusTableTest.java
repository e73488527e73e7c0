package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The interactive table's text (PROTOCOL.md 5.7), byte for byte. */
class StatusTableTest {
    @Test
    void shouldPrintTheHeaderWithGreenTitlesRightAligned() {
        String g = "\033[01;32m";
        String r = "\033[0m";
        assertEquals("| " + g + "              name" + r + " | " + g + "      size" + r + " | " + g + "      free" + r + " | "
                + g + "ok" + r + " | " + g + " # devices" + r + " | " + g + "  ms since" + r + " | " + g + "      used" + r + " | "
                + g + "     trend" + r + " |\n", StatusTable.header());
    }

    @Test
    void shouldPrintRowsWithTheSpinnerAndNoLineEnd() {
        StatusTable table = new StatusTable();
        assertEquals("|  fairmq_shmem_main | 2000000000 | 1999999776 |  1 |          2 |         42 |        224 |          0 |-",
                table.row("fairmq_shmem_main", 2_000_000_000L, 1_999_999_776L, true, 2, 42));
        assertEquals("|  fairmq_shmem_main | 2000000000 | 1999999776 |  0 |          0 |          5 |        224 |          0 |\\",
                table.row("fairmq_shmem_main", 2_000_000_000L, 1_999_999_776L, false, 0, (1L << 32) + 5));
        assertEquals("|                  - |          - |          - |  - |          - |          - |          - |          - ||",
                table.dashRow());
        assertEquals('-', last(table.dashRow()));
        assertEquals('/', last(table.dashRow()));
        assertEquals('-', last(table.dashRow()), "the cycle - \\ | - / starts again");
    }

    private static char last(String row) {
        return row.charAt(row.length() - 1);
    }

    @Test
    void shouldWidenColumnsInsteadOfTruncating() {
        assertEquals("| a_segment_name_longer_than_18 |         10 |          1 |  1 |          1 |          0 |          9 |          0 |-",
                new StatusTable().row("a_segment_name_longer_than_18", 10, 1, true, 1, 0));
    }

    @Test
    void shouldShowTheUsedBytesAndTheirChangeSinceThePreviousRow() {
        StatusTable table = new StatusTable();
        assertEquals("| segment_name_18chr |       1000 |        800 |  1 |          1 |          0 |        200 |          0 |-",
                table.row("segment_name_18chr", 1000, 800, true, 1, 0));
        assertEquals("| segment_name_18chr |       1000 |        700 |  1 |          1 |          0 |        300 |       +100 |\\",
                table.row("segment_name_18chr", 1000, 700, true, 1, 0));
        assertEquals("| segment_name_18chr |       1000 |        750 |  1 |          1 |          0 |        250 |        -50 ||",
                table.row("segment_name_18chr", 1000, 750, true, 1, 0));
        table.dashRow();
        assertEquals("| segment_name_18chr |       1000 |        750 |  1 |          1 |          0 |        250 |          0 |/",
                table.row("segment_name_18chr", 1000, 750, true, 1, 0), "a segment that reappears starts a new trend");
    }

    @Test
    void shouldPrintTheReferenceHelpLine() {
        assertEquals("controls: [x] close memory, [p] print queues, [h] help, [q] quit.", StatusTable.HELP);
    }
}
