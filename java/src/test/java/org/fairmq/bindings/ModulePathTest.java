package org.fairmq.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fairmq.device.builtin.Sink;
import org.fairmq.interop.CppDevice;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.JavaProcess;
import org.fairmq.testing.OutputLines;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module {@code org.fairmq.shmem}: its descriptor exports the API packages only, and a device
 * run from the module path (the module's jar, made here from the compiled classes, and its
 * dependencies' jars; nothing on the class path) loads the JNI library out of that jar through
 * JavaCPP's Loader and receives what the C++ device peer sends over shmem.
 */
class ModulePathTest {
    private static final String MODULE = "org.fairmq.shmem";
    /** The jars of the library's runtime dependencies, by artifact name, with slf4j's binding. */
    private static final List<String> DEPENDENCIES = List.of("javacpp-", "slf4j-api-", "slf4j-simple-", "picocli-",
            "jackson-core-");
    private static final int N = 200;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("modpath");

    @TempDir
    Path dir;

    /** Where the library's classes come from: target/classes, or the packaged jar (the artifact pass). */
    private static Path codeSource() throws Exception {
        return Path.of(ShmNative.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The root of the library's classes, a directory or the inside of the jar. */
    private static Path classes() throws Exception {
        Path source = codeSource();
        return Files.isDirectory(source) ? source : FileSystems.newFileSystem(source).getPath("/");
    }

    @Test
    void shouldExportTheApiPackagesOnly() throws Exception {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertEquals(MODULE, module.name());
        assertEquals(Set.of("org.fairmq.transport", "org.fairmq.transport.shmem", "org.fairmq.transport.zeromq",
                "org.fairmq.device", "org.fairmq.device.config", "org.fairmq.device.builtin", "org.fairmq.monitor",
                "org.fairmq.ipc", "org.fairmq.protocol", "org.fairmq.protocol.v110", "org.fairmq.profile",
                "org.fairmq.transport.shmem.v110", "org.fairmq.monitor.v110", "org.fairmq.metrics"),
                names(module.exports().stream()
                .peek(e -> assertTrue(e.targets().isEmpty(), e.toString())).map(ModuleDescriptor.Exports::source)));
        assertEquals(Set.of("org.fairmq.device", "org.fairmq.device.builtin", "org.fairmq.device.testdevice",
                "org.fairmq.demo"), names(module.opens().stream()
                .peek(o -> assertEquals(Set.of("info.picocli"), o.targets(), o.toString()))
                .map(ModuleDescriptor.Opens::source)));
        Set<String> internal = packages(classes());
        module.exports().forEach(e -> internal.remove(e.source()));
        assertEquals(Set.of("org.fairmq.bindings", "org.fairmq.zmq", "org.fairmq.terminal", "org.fairmq.demo",
                "org.fairmq.interop", "org.fairmq.device.testdevice"), internal);
    }

    /** The packages of the class files under {@code classes}. */
    private static Set<String> packages(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return names(files.filter(f -> f.toString().endsWith(".class") && f.getParent() != null
                    && !f.getParent().equals(classes) && !classes.relativize(f).startsWith("META-INF"))
                    .map(f -> classes.relativize(f.getParent()).toString().replace('/', '.')));
        }
    }

    private static Set<String> names(Stream<String> names) {
        return names.collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void shouldRunADeviceFromTheModulePath() throws Exception {
        Path cache = Files.createDirectory(dir.resolve("javacpp-cache"));
        String address = "ipc://" + dir.resolve("data.ipc");
        List<String> command = modulePath(JavaProcess.builder(Sink.class, List.of("--id", "sink1", "--transport",
                "shmem", "--control", "static", "--shm-prefix", shm.prefix(), "--shm-segment-size", "64000000",
                "--verbosity", "INFO", "--num-msgs", Integer.toString(N), "--channel-config",
                "name=data,type=pull,method=bind,address=" + address)).command(), cache);
        try (OutputLines sink = OutputLines.start(new ProcessBuilder(command));
                CppDevice cpp = CppDevice.start(InteropBinaries.device(), List.of("--role", "push", "--endpoint",
                        address, "--method", "connect", "--prefix", shm.prefix(), "--segment-size", "64000000",
                        "--num-msgs", Integer.toString(N), "--size-max", "5000", "--timeout-ms", "60000",
                        "--hold-ms", "60000"))) {
            assertEquals(0, sink.exitCode(60_000), sink.text());
            cpp.terminate(); // stayed connected until the sink had everything
            assertEquals(0, cpp.awaitExit(60_000), cpp.output().toString());
            assertTrue(sink.text().contains("Received " + N + " messages"), sink.text());
        }
        assertTrue(Files.isRegularFile(cache.resolve("fairmq-shmem-java.jar/org/fairmq/bindings/linux-x86_64/"
                + "libjniShmNative.so")), "extracted from the module's jar: " + listing(cache));
        assertEquals(List.of(), shm.leftBesidesMutex());
    }

    /**
     * {@code java [options] -cp <class path> <main class> [args]} as {@link JavaProcess} makes it,
     * turned into {@code -m org.fairmq.shmem/<main class>} over a module path, with native access
     * for the module instead of the unnamed one and {@code cache} as the JavaCPP cache.
     */
    private List<String> modulePath(List<String> classPathCommand, Path cache) throws Exception {
        List<String> command = new ArrayList<>(classPathCommand);
        int cp = command.indexOf("-cp");
        List<String> path = new ArrayList<>(List.of(moduleJar().toString()));
        for (String entry : command.get(cp + 1).split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && DEPENDENCIES.stream().anyMatch(name::startsWith)) {
                path.add(entry);
            }
        }
        assertEquals(DEPENDENCIES.size() + 1, path.size(), "dependencies found: " + path);
        command.set(cp, "--module-path");
        command.set(cp + 1, String.join(java.io.File.pathSeparator, path));
        command.add(cp + 2, "-m");
        command.set(cp + 3, MODULE + "/" + command.get(cp + 3));
        command.replaceAll(option -> option.startsWith("--enable-native-access=")
                ? option.replace("ALL-UNNAMED", "org.bytedeco.javacpp," + MODULE) : option);
        command.removeIf(option -> option.startsWith("-Dorg.bytedeco.javacpp.cachedir="));
        command.add(1, "-Dorg.bytedeco.javacpp.cachedir=" + cache);
        return command;
    }

    /**
     * The module's jar: the packaged one where the tests run on it, else one made as the build
     * packages it, from the compiled classes with the JNI library, multi-release like the real one.
     */
    private Path moduleJar() throws Exception {
        Path jar = dir.resolve("fairmq-shmem-java.jar");
        Path source = codeSource();
        if (!Files.isDirectory(source)) {
            return Files.copy(source, jar);
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(source.relativize(file).toString()));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(Path::toString).collect(Collectors.joining(", "));
        }
    }
}
