package org.fairmq.testing;

import java.nio.file.Path;

/** Where the C++ interop binaries are (built by CMake into build/interop-tests). */
public final class InteropBinaries {
    private InteropBinaries() {}

    public static Path dir() {
        String dir = System.getProperty("fairmq.interop.dir");
        if (dir == null) {
            dir = "../build/interop-tests";
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    public static Path peer() {
        return dir().resolve("fairmq-interop-peer");
    }

    public static Path device() {
        return dir().resolve("fairmq-interop-device");
    }

    /** The C++ peer of the v1.10 profile (interop-tests/device-v110). */
    public static Path deviceV110() {
        return dir().resolve("fairmq-interop-device-v110");
    }
}
