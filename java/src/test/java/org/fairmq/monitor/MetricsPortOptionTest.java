package org.fairmq.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link MetricsPortOption}: taken out of the command line under its full name, Boost's wording for bad values. */
class MetricsPortOptionTest {
    @Test
    void shouldTakeTheOptionOutOfTheCommandLine() {
        MetricsPortOption.Split split = MetricsPortOption.split(new String[] {"-m", "--metrics-port", "9400", "-s", "x"});
        assertEquals(9400, split.port());
        assertArrayEquals(new String[] {"-m", "-s", "x"}, split.arguments());
        split = MetricsPortOption.split(new String[] {"--metrics-port=0", "--prefix", "p_"});
        assertEquals(0, split.port());
        assertArrayEquals(new String[] {"--prefix", "p_"}, split.arguments());
    }

    @Test
    void shouldLeaveEverythingElseAlone() {
        String[] args = {"--metrics", "1", "--", "--metrics-port", "2"};
        MetricsPortOption.Split split = MetricsPortOption.split(args);
        assertEquals(MetricsPortOption.ABSENT, split.port(), "no prefixes, nothing after --");
        assertArrayEquals(args, split.arguments());
    }

    @Test
    void shouldRefuseBadValuesWithBoostsWording() {
        assertEquals("the required argument for option '--metrics-port' is missing", assertThrows(
                CommandLineException.class, () -> MetricsPortOption.split(new String[] {"--metrics-port"})).getMessage());
        assertEquals("the argument ('65536') for option '--metrics-port' is invalid", assertThrows(
                CommandLineException.class, () -> MetricsPortOption.split(new String[] {"--metrics-port", "65536"}))
                .getMessage());
        assertEquals("the argument ('x') for option '--metrics-port' is invalid", assertThrows(
                CommandLineException.class, () -> MetricsPortOption.split(new String[] {"--metrics-port=x"}))
                .getMessage());
    }

    @Test
    void shouldServeNothingWithoutTheOption() {
        assertSame(MetricsEndpoint.NONE, MetricsPortOption.serve(MetricsPortOption.ABSENT, null, System.out));
    }
}
