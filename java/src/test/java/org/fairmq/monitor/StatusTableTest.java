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
                + g + "ok" + r + " | " + g + " # devices" + r + " | " + g + "  ms since" + r + " |\n", StatusTable.header());
    }

    @Test
    void shouldPrintRowsWithTheSpinnerAndNoLineEnd() {
        StatusTable table = new StatusTable();
        assertEquals("|  fairmq_shmem_main | 2000000000 | 1999999776 |  1 |          2 |         42 |-",
                table.row("fairmq_shmem_main", 2_000_000_000L, 1_999_999_776L, true, 2, 42));
        assertEquals("|  fairmq_shmem_main | 2000000000 | 1999999776 |  0 |          0 |          5 |\\",
                table.row("fairmq_shmem_main", 2_000_000_000L, 1_999_999_776L, false, 0, (1L << 32) + 5));
        assertEquals("|                  - |          - |          - |  - |          - |          - ||", table.dashRow());
        assertEquals('-', last(table.dashRow()));
        assertEquals('/', last(table.dashRow()));
        assertEquals('-', last(table.dashRow()), "the cycle - \\ | - / starts again");
    }

    private static char last(String row) {
        return row.charAt(row.length() - 1);
    }

    @Test
    void shouldWidenColumnsInsteadOfTruncating() {
        assertEquals("| a_segment_name_longer_than_18 |         10 |          1 |  1 |          1 |          0 |-",
                new StatusTable().row("a_segment_name_longer_than_18", 10, 1, true, 1, 0));
    }

    @Test
    void shouldPrintTheReferenceHelpLine() {
        assertEquals("controls: [x] close memory, [p] print queues, [h] help, [q] quit.", StatusTable.HELP);
    }
}
