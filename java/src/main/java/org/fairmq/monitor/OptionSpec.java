package org.fairmq.monitor;

import java.util.Objects;

/**
 * One long option as Boost.Program_options declares it ({@code options_description::add_options}).
 * The kind fixes how many tokens the option takes and how its value is validated, exactly as the
 * corresponding Boost value semantic does. Immutable.
 *
 * @param name        the long name without dashes, e.g. {@code segment-name}
 * @param kind        the value semantic
 * @param defaultText the default shown in the help ({@code arg (=<defaultText>)}), or null
 * @param description the help text (may wrap; Boost's paragraph rules apply)
 */
record OptionSpec(String name, Kind kind, String defaultText, String description) {
    /** The value semantics the monitor uses. */
    enum Kind {
        /** No value semantic at all ({@code ("help", "...")}): takes no token. */
        SWITCH(0, 0),
        /** {@code value<std::string>()}: exactly one token. */
        STRING(1, 1),
        /** {@code value<unsigned int>()}: exactly one token, converted like boost::lexical_cast. */
        UNSIGNED_INT(1, 1),
        /** {@code value<bool>()->implicit_value(true)}: zero or one token. */
        IMPLICIT_BOOL(0, 1);

        final int minTokens;
        final int maxTokens;

        Kind(int minTokens, int maxTokens) {
            this.minTokens = minTokens;
            this.maxTokens = maxTokens;
        }
    }

    OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    /** Boost's {@code format_parameter()}: {@code arg (=default)}, {@code [=arg(=1)]} or nothing. */
    String formatParameter() {
        switch (kind) {
            case SWITCH:
                return "";
            case IMPLICIT_BOOL:
                return "[=arg(=1)]";
            default:
                return defaultText == null ? "arg" : "arg (=" + defaultText + ")";
        }
    }
}
