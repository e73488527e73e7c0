package org.fairmq.monitor;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A list of options with Boost.Program_options' lookup and help layout
 * ({@code boost::program_options::options_description} of Boost 1.74, default line length 80):
 * caption line, then per option two spaces, {@code --name}, a space, the parameter, padded to the
 * option column, then the description wrapped at 79 columns and indented to that column.
 * The option column is as wide as the widest option (at least 23, at most 39) plus one; an option
 * wider than that puts its description on the next line. Immutable and thread-safe.
 */
public final class OptionsDescription {
    /** options_description's m_line_length and m_min_description_length defaults. */
    private static final int LINE_LENGTH = 80;
    private static final int MIN_DESCRIPTION_LENGTH = 40;
    private static final int MIN_OPTION_COLUMN = 23;

    private final String caption;
    private final List<OptionSpec> options;

    public OptionsDescription(String caption, List<OptionSpec> options) {
        this.caption = caption;
        this.options = List.copyOf(options);
    }

    public List<OptionSpec> options() {
        return options;
    }

    /**
     * Boost's {@code find_nothrow(name, approx = true)} for long options: the option named
     * exactly {@code name}, else the only one whose name starts with it, else null. Several
     * prefix matches (and no exact one) are ambiguous, reported with the original token.
     */
    OptionSpec find(String name, String originalToken) {
        OptionSpec exact = null;
        OptionSpec approximate = null;
        Set<String> approximateNames = new TreeSet<>();
        for (OptionSpec option : options) {
            if (option.name().equals(name)) {
                exact = option;
            } else if (option.name().startsWith(name)) {
                approximate = option;
                approximateNames.add(option.name());
            }
        }
        if (exact != null) {
            return exact;
        }
        if (approximateNames.size() > 1) {
            throw new CommandLineException("option '" + originalToken + "' is ambiguous and matches "
                    + alternatives(approximateNames));
        }
        return approximate;
    }

    /** Boost's list of alternatives: {@code '--a', and '--b'} or {@code '--a', '--b', and '--c'}. */
    private static String alternatives(Set<String> names) {
        StringBuilder text = new StringBuilder();
        int left = names.size();
        for (String name : names) {
            if (--left == 0) {
                text.append("and '--").append(name).append('\'');
            } else {
                text.append("'--").append(name).append("', ");
            }
        }
        return text.toString();
    }

    /** Boost's {@code find_nothrow(name, approx = false)} for a short letter: exact match or null. */
    OptionSpec findShort(char letter) {
        for (OptionSpec option : options) {
            if (option.shortName() != null && option.shortName() == letter) {
                return option;
            }
        }
        return null;
    }

    /** The caption line and one entry per option, each ending with a newline ({@code os << desc}). */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(caption).append(":\n");
        int width = optionColumnWidth();
        for (OptionSpec option : options) {
            String column = firstColumn(option);
            out.append(column);
            if (!option.description().isEmpty()) {
                if (column.length() >= width) {
                    out.append('\n').append(" ".repeat(width));
                } else {
                    out.append(" ".repeat(width - column.length()));
                }
                formatDescription(out, option.description(), width);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String firstColumn(OptionSpec option) {
        return "  " + option.formatName() + ' ' + option.formatParameter();
    }

    private int optionColumnWidth() {
        int width = MIN_OPTION_COLUMN;
        for (OptionSpec option : options) {
            width = Math.max(width, firstColumn(option).length());
        }
        width = Math.min(width, LINE_LENGTH - MIN_DESCRIPTION_LENGTH - 1);
        return width + 1; // one more space for readability, as Boost does
    }

    /** Boost's format_description: one char less than the line, paragraphs split at '\n'. */
    private static void formatDescription(StringBuilder out, String description, int indent) {
        String[] paragraphs = description.split("\n", -1);
        for (int i = 0; i < paragraphs.length; i++) {
            formatParagraph(out, paragraphs[i], indent, LINE_LENGTH - 1);
            if (i + 1 < paragraphs.length) {
                out.append('\n').append(" ".repeat(indent));
            }
        }
    }

    /**
     * Boost's format_paragraph (without its tab feature, which no option here uses): lines of at
     * most {@code lineLength - indent} characters; a word that would be cut moves to the next line
     * if that keeps at least half the line filled (the line then keeps its trailing space); a
     * single leading space of a continuation line is dropped.
     */
    private static void formatParagraph(StringBuilder out, String paragraph, int indent, int lineLength) {
        int available = lineLength - indent;
        if (paragraph.length() < available) {
            out.append(paragraph);
            return;
        }
        int begin = 0;
        int end = paragraph.length();
        boolean firstLine = true;
        while (begin < end) {
            if (!firstLine && paragraph.charAt(begin) == ' ' && begin + 1 < end && paragraph.charAt(begin + 1) != ' ') {
                begin++;
            }
            int lineEnd = begin + Math.min(end - begin, available);
            if (paragraph.charAt(lineEnd - 1) != ' ' && lineEnd < end && paragraph.charAt(lineEnd) != ' ') {
                int lastSpace = paragraph.lastIndexOf(' ', lineEnd - 1) + 1;
                if (lastSpace > begin && lineEnd - lastSpace < available / 2) {
                    lineEnd = lastSpace;
                }
            }
            out.append(paragraph, begin, lineEnd);
            firstLine = false;
            if (lineEnd != end) {
                out.append('\n').append(" ".repeat(indent));
            }
            begin = lineEnd;
        }
    }
}
