package org.fairmq.testing;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chunk a C++ peer of interop-tests never frees ({@code --leak-one-chunk}), from its stdout line
 * {@code LEAK handle=<h> size=<s>}: the handle a MetaHeader would carry and Boost's usable size.
 * Test support; immutable.
 */
public record CppLeak(long handle, long size) {
    private static final Pattern LINE = Pattern.compile("LEAK handle=(\\d+) size=(\\d+)");

    /** The leak named in {@code lines}; fails if there is none. */
    public static CppLeak in(List<String> lines) {
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                return new CppLeak(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            }
        }
        throw new AssertionError("no LEAK line in " + lines);
    }
}
