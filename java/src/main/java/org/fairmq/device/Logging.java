package org.fairmq.device;

import java.util.Locale;

/**
 * Console logging close to the reference's devices: to stderr, {@code [HH:MM:SS] [LEVEL] message}
 * (the reference prints {@code [HH:MM:SS][LEVEL] message}; slf4j-simple puts a space in between),
 * level from {@code --verbosity} (PROTOCOL.md 6.1, 9). Must run before the first logger is created.
 */
public final class Logging {
    private Logging() {}

    /** Reads {@code --verbosity} from raw arguments and configures slf4j-simple accordingly. */
    public static void configure(String[] args) {
        String verbosity = "DEBUG";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--verbosity") && i + 1 < args.length) {
                verbosity = args[i + 1];
            } else if (args[i].startsWith("--verbosity=")) {
                verbosity = args[i].substring("--verbosity=".length());
            }
        }
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level(verbosity));
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "'['HH:mm:ss']'");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showLogName", "false");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    static String level(String verbosity) {
        switch (verbosity.toUpperCase(Locale.ROOT)) {
            case "TRACE": return "trace";
            case "RESULTS": case "INFO": case "STATE": return "info";
            case "WARN": return "warn";
            case "ERROR": return "error";
            case "NOLOG": return "off";
            default: return "debug";
        }
    }
}
