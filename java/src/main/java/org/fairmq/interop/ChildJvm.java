package org.fairmq.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM like the current one: the same {@code java}, the JVM options our
 * processes need on it ({@link #OPTIONS}), the same class path and
 * JavaCPP cache directory. Used by the demo and the tests that start devices. Stateless.
 */
public final class ChildJvm {
    /**
     * What a process of ours needs on this JDK, as bin/fairmq-java passes it: on JDK 22 and later
     * native access (the java.lang.foreign views of a mapping; from JDK 24 also JavaCPP's
     * System.load), whose absence means a warning; nothing on JDK 17 and 21.
     */
    public static final List<String> OPTIONS = Runtime.version().feature() >= 22
            ? List.of("--enable-native-access=ALL-UNNAMED") : List.of();

    private ChildJvm() {}

    /** {@code java <jvmOptions> <OPTIONS> [-Dorg.bytedeco.javacpp.cachedir=...] -cp <ours> <mainClass> <args>}. */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(OPTIONS);
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }
}
