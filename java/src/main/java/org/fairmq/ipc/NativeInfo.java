package org.fairmq.ipc;

import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/** Facts about the loaded native library. Thread-safe. */
public final class NativeInfo {
    private NativeInfo() {}

    /**
     * The Boost version the jar's JNI library was built against, e.g. {@code 1.74.0}. Every peer of a
     * topology must use a layout-compatible Boost (PROTOCOL.md 11.1).
     */
    public static String boostVersion() {
        try {
            return ShmNative.boostVersion();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }
}
