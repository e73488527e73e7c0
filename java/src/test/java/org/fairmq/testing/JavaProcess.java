package org.fairmq.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of this build in a child JVM with the options the launchers in bin/ pass. */
public final class JavaProcess {
    private JavaProcess() {}

    public static ProcessBuilder builder(Class<?> mainClass, List<String> args) {
        return builder(mainClass, List.of(), args);
    }

    /** As {@link #builder(Class, List)}, with extra JVM options (e.g. for a faster start). */
    public static ProcessBuilder builder(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("--add-modules", "jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED"));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    public static Process start(Class<?> mainClass, List<String> args, Path stderr) {
        try {
            return builder(mainClass, args).redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
