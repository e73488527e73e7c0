package org.fairmq.monitor;

import java.util.Objects;

/**
 * One option as Boost.Program_options declares it ({@code options_description::add_options}):
 * a long name and optionally a short letter ({@code "cleanup,c"}). The kind fixes how many tokens
 * the option takes and how its value is validated, exactly as the corresponding Boost value
 * semantic does. Used by the 2017 monitor (long names only) and the v1.10 monitor
 * (PROTOCOL-V110.md 6.1). Immutable.
 *
 * @param name        the long name without dashes, e.g. {@code segment-name}
 * @param shortName   the short letter ({@code 'c'} for {@code -c}), or null if there is none
 * @param kind        the value semantic
 * @param defaultText the default shown in the help ({@code arg (=<defaultText>)}), or null
 * @param description the help text (may wrap; Boost's paragraph rules apply)
 */
public record OptionSpec(String name, Character shortName, Kind kind, String defaultText, String description) {
    /** The value semantics the monitors use. */
    public enum Kind {
        /** No value semantic at all ({@code ("help", "...")}): takes no token. */
        SWITCH(0, 0),
        /** {@code value<std::string>()}: exactly one token. */
        STRING(1, 1),
        /** {@code value<unsigned int>()}: exactly one token, converted like boost::lexical_cast. */
        UNSIGNED_INT(1, 1),
        /** {@code value<bool>()->implicit_value(true)}: zero or one token. */
        IMPLICIT_BOOL(0, 1),
        /** {@code value<int>()}: exactly one token, converted like boost::lexical_cast&lt;int&gt;. */
        INT(1, 1);

        final int minTokens;
        final int maxTokens;

        Kind(int minTokens, int maxTokens) {
            this.minTokens = minTokens;
            this.maxTokens = maxTokens;
        }
    }

    /** A long option without a short letter. */
    public OptionSpec(String name, Kind kind, String defaultText, String description) {
        this(name, null, kind, defaultText, description);
    }

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    /** Boost's {@code format_name()}: {@code -c [ --cleanup ]} or {@code --cleanup}. */
    String formatName() {
        return shortName == null ? "--" + name : "-" + shortName + " [ --" + name + " ]";
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
