package org.fairmq.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a command line the way {@code boost::program_options::parse_command_line} with the
 * default style and {@code store} do in Boost 1.74 (the 2017 monitor declares long options only,
 * the v1.10 monitor also short letters, PROTOCOL-V110.md 6.1):
 * <ul>
 * <li>{@code -c}, {@code -cvalue} (everything after the letter is the value, so {@code -c=false}
 *     is the invalid bool {@code =false}), {@code -s name}; a letter without a value semantic may
 *     be followed by further letters ({@code -hc}); an undeclared letter is an unrecognised
 *     option (the whole token is quoted);</li>
 * <li>{@code --name value} and {@code --name=value}; unambiguous prefixes of names; an exact name
 *     wins over longer names it is a prefix of;</li>
 * <li>an option that needs a value takes the next token whatever it looks like;</li>
 * <li>an implicit-value option ({@code --cleanup}) takes the next token only if that is a plain
 *     word (not an option, not after {@code --}); {@code --cleanup=0}, {@code --cleanup 0};</li>
 * <li>plain words and everything after {@code --} are ignored;</li>
 * <li>bool values: on/off, yes/no, 1/0, true/false in any case, or empty for true; unsigned
 *     values: boost::lexical_cast (optional sign, digits only, a minus wraps modulo 2^32);</li>
 * <li>a second value for an option is an error, except that a bare implicit-value option may
 *     repeat.</li>
 * </ul>
 * Errors are {@link CommandLineException}s carrying Boost's own message text. Syntax errors are
 * found first, in token order; value errors afterwards, in option order, as Boost does.
 * Stateless; the static method is thread-safe.
 */
public final class BoostCommandLine {
    private BoostCommandLine() {}

    /** One parsed token group: an option with its values, or a plain word (empty key). */
    private static final class Parsed {
        String key;
        final List<String> values = new ArrayList<>();
        final String originalToken;
        final boolean afterTerminator;

        Parsed(String key, String originalToken, boolean afterTerminator) {
            this.key = key;
            this.originalToken = originalToken;
            this.afterTerminator = afterTerminator;
        }
    }

    /**
     * The stored values by option name: {@code String} (STRING, and "" for a SWITCH),
     * {@code Boolean} (IMPLICIT_BOOL) or {@code Long} (UNSIGNED_INT, 0..2^32-1; INT, -2^31..2^31-1),
     * keyed by the long name. Options not on the command line are absent (defaults are the
     * caller's business).
     *
     * @throws CommandLineException with Boost's message for what is wrong
     */
    public static Map<String, Object> parse(OptionsDescription description, String... args) {
        List<Parsed> parsed = tokenize(description, new LinkedList<>(Arrays.asList(args)));
        return store(description, grabPositionalValues(description, parsed));
    }

    // -- cmdline::run: style parsers (long, short, terminator), then finish_option -------------

    private static List<Parsed> tokenize(OptionsDescription description, LinkedList<String> args) {
        List<Parsed> result = new ArrayList<>();
        while (!args.isEmpty()) {
            String token = args.getFirst();
            if (token.length() >= 3 && token.startsWith("--")) {
                int equals = token.indexOf('=');
                String name = equals >= 0 ? token.substring(2, equals) : token.substring(2);
                Parsed option = new Parsed(name, token, false);
                if (equals >= 0) {
                    String adjacent = token.substring(equals + 1);
                    if (adjacent.isEmpty()) {
                        throw new CommandLineException("the argument for " + optionWords(name)
                                + " should follow immediately after the equal sign");
                    }
                    option.values.add(adjacent);
                }
                args.removeFirst();
                finishOption(description, option, args);
                result.add(option);
            } else if (token.length() >= 2 && token.charAt(0) == '-' && token.charAt(1) != '-') {
                args.removeFirst();
                result.addAll(shortOptions(description, token, args));
            } else if (token.equals("--")) {
                args.removeFirst();
                for (String rest : args) {
                    Parsed word = new Parsed("", rest, true);
                    word.values.add(rest);
                    result.add(word);
                }
                args.clear();
            } else {
                Parsed word = new Parsed("", token, false);
                word.values.add(token);
                result.add(word);
                args.removeFirst();
            }
        }
        return result;
    }

    /** cmdline::parse_short_option with allow_sticky, then finish_option for each letter. */
    private static List<Parsed> shortOptions(OptionsDescription description, String token, LinkedList<String> rest) {
        List<Parsed> result = new ArrayList<>();
        char letter = token.charAt(1);
        String adjacent = token.substring(2);
        while (true) {
            OptionSpec spec = description.findShort(letter);
            if (spec == null) {
                throw new CommandLineException("unrecognised option '" + token + "'");
            }
            Parsed option = new Parsed(spec.name(), token, false);
            result.add(option);
            if (spec.kind().maxTokens == 0 && !adjacent.isEmpty()) {
                letter = adjacent.charAt(0); // 'adjacent' holds further grouped letters
                adjacent = adjacent.substring(1);
                continue;
            }
            if (!adjacent.isEmpty()) {
                option.values.add(adjacent);
            }
            finishOption(description, option, rest);
            return result;
        }
    }

    private static void finishOption(OptionsDescription description, Parsed option, LinkedList<String> rest) {
        if (option.key.isEmpty()) {
            return; // "--=x": Boost keeps it as a nameless option and ignores it
        }
        OptionSpec spec = description.find(option.key, option.originalToken);
        if (spec == null) {
            throw new CommandLineException("unrecognised option '" + option.originalToken + "'");
        }
        option.key = spec.name();
        OptionSpec.Kind kind = spec.kind();
        if (option.values.size() + rest.size() < kind.minTokens) {
            throw new CommandLineException("the required argument for option '--" + spec.name() + "' is missing");
        }
        if (!option.values.isEmpty() && kind.maxTokens == 0) {
            throw new CommandLineException("option '--" + spec.name() + "' does not take any arguments");
        }
        // Boost checks whether the token it takes looks like a declared option, but looks it up
        // with its dashes, so it never finds one: a needed value is simply the next token.
        for (int needed = kind.minTokens - option.values.size(); needed > 0 && !rest.isEmpty(); needed--) {
            option.values.add(rest.removeFirst());
        }
    }

    /** Boost's wording for an option name in syntax errors; a name of only dashes has none. */
    private static String optionWords(String typedName) {
        String name = typedName.replaceFirst("^[-/]+", "");
        return name.isEmpty() ? "option" : "option '--" + name + "'";
    }

    // -- cmdline::run, second pass: options that may take more tokens grab following words -----

    private static List<Parsed> grabPositionalValues(OptionsDescription description, List<Parsed> parsed) {
        List<Parsed> result = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            Parsed option = parsed.get(i);
            result.add(option);
            if (option.key.isEmpty()) {
                continue;
            }
            OptionSpec.Kind kind = description.find(option.key, option.originalToken).kind();
            if (kind.minTokens < kind.maxTokens && option.values.size() < kind.maxTokens) {
                int canTakeMore = kind.maxTokens - option.values.size();
                int j = i + 1;
                for (; canTakeMore > 0 && j < parsed.size(); canTakeMore--, j++) {
                    Parsed next = parsed.get(j);
                    if (!next.key.isEmpty() || next.afterTerminator) {
                        break;
                    }
                    option.values.add(next.values.get(0));
                }
                i = j - 1;
            }
        }
        return result;
    }

    // -- store(): validate and keep the values ---------------------------------------------------

    private static Map<String, Object> store(OptionsDescription description, List<Parsed> parsed) {
        Map<String, Object> stored = new HashMap<>();
        for (Parsed option : parsed) {
            if (option.key.isEmpty()) {
                continue;
            }
            OptionSpec spec = description.find(option.key, option.originalToken);
            String name = "'--" + spec.name() + "'";
            boolean present = stored.containsKey(spec.name());
            if (spec.kind() == OptionSpec.Kind.IMPLICIT_BOOL && option.values.isEmpty()) {
                stored.put(spec.name(), Boolean.TRUE); // the implicit value: no repetition check
                continue;
            }
            if (present) {
                throw new CommandLineException("option " + name + " cannot be specified more than once");
            }
            String value = option.values.isEmpty() ? "" : option.values.get(0);
            switch (spec.kind()) {
                case SWITCH:
                    stored.put(spec.name(), "");
                    break;
                case STRING:
                    stored.put(spec.name(), value);
                    break;
                case IMPLICIT_BOOL:
                    stored.put(spec.name(), parseBool(value, name));
                    break;
                case UNSIGNED_INT:
                    stored.put(spec.name(), parseUnsignedInt(value, name));
                    break;
                case INT:
                    stored.put(spec.name(), parseInt(value, name));
                    break;
                default:
                    throw new IllegalStateException("unknown kind " + spec.kind());
            }
        }
        return stored;
    }

    /** Boost's validate(bool): lower-cased; empty means true. */
    private static Boolean parseBool(String value, String name) {
        String s = value.toLowerCase(Locale.ROOT);
        switch (s) {
            case "": case "on": case "yes": case "1": case "true":
                return Boolean.TRUE;
            case "off": case "no": case "0": case "false":
                return Boolean.FALSE;
            default:
                throw new CommandLineException("the argument ('" + s + "') for option " + name
                        + " is invalid. Valid choices are 'on|off', 'yes|no', '1|0' and 'true|false'");
        }
    }

    /** boost::lexical_cast&lt;int&gt;: [+-]digits within -2^31..2^31-1. */
    private static Long parseInt(String value, String name) {
        try {
            if (value.matches("[+-]?[0-9]+")) {
                return (long) Integer.parseInt(value);
            }
        } catch (NumberFormatException outOfRange) {
            // reported below
        }
        String shown = value.isEmpty() ? "the argument" : "the argument ('" + value + "')";
        throw new CommandLineException(shown + " for option " + name + " is invalid");
    }

    /** boost::lexical_cast&lt;unsigned int&gt;: [+-]digits, at most 2^32-1, a minus negates modulo 2^32. */
    private static Long parseUnsignedInt(String value, String name) {
        int at = 0;
        boolean negative = false;
        if (!value.isEmpty() && (value.charAt(0) == '+' || value.charAt(0) == '-')) {
            negative = value.charAt(0) == '-';
            at = 1;
        }
        long result = 0;
        boolean valid = at < value.length();
        for (int i = at; valid && i < value.length(); i++) {
            char c = value.charAt(i);
            result = result * 10 + (c - '0');
            valid = c >= '0' && c <= '9' && result <= 0xFFFF_FFFFL;
        }
        if (!valid) {
            String shown = value.isEmpty() ? "the argument" : "the argument ('" + value + "')";
            throw new CommandLineException(shown + " for option " + name + " is invalid");
        }
        return negative ? (-result) & 0xFFFF_FFFFL : result;
    }
}
