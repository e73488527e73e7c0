package org.fairmq.monitor.v110;

import java.util.Locale;

/**
 * FairLogger's severities in rising order, as {@code --severity} names them (PROTOCOL-V110.md 6.1):
 * a line is printed when its severity is at least the console's; {@code nolog} prints nothing.
 */
public enum Severity {
    TRACE, DEBUG4, DEBUG3, DEBUG2, DEBUG1, DEBUG, DETAIL, INFO, STATE, WARN, IMPORTANT, ALARM, ERROR, FATAL, NOLOG;

    /** The severity of a {@code --severity} value (case-insensitive), or null if FairLogger has none of that name. */
    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
