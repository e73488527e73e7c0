package org.fairmq.device;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --print-options}: one {@code <option>:<value>:<type>:<description>} line per option (6.1). */
final class OptionPrinter {
    private OptionPrinter() {}

    static void print(CommandLine cli, PrintStream out) {
        for (OptionSpec option : cli.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            Object value = option.getValue();
            String type = option.type().getSimpleName();
            out.println(option.longestName().replaceFirst("^-+", "") + ":" + (value == null ? "" : value) + ":" + type
                    + ":" + String.join(" ", option.description()));
        }
    }
}
