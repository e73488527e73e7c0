package org.fairmq.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.fairmq.interop.ChildJvm;

/** Starts a main class of this build in a child JVM with the options the launchers in bin/ pass. */
public final class JavaProcess {
    private JavaProcess() {}

    public static ProcessBuilder builder(Class<?> mainClass, List<String> args) {
        return builder(mainClass, List.of(), args);
    }

    /** As {@link #builder(Class, List)}, with extra JVM options (e.g. for a faster start). */
    public static ProcessBuilder builder(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
        return new ProcessBuilder(ChildJvm.command(jvmOptions, mainClass.getName(), args));
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
