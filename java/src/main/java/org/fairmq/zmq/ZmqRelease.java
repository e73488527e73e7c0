package org.fairmq.zmq;

import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/**
 * The flag that libzmq's free function sets for memory lent to a frame with
 * {@link ZmqFrame#rebuildOver} ({@code jni/ZmqRelease.h}): the free function runs in whichever
 * thread drops the last reference, often a libzmq I/O thread, so it only sets this flag and never
 * calls into the JVM. The owner of the memory polls {@link #released()}. Thread-safe reads.
 */
public final class ZmqRelease implements AutoCloseable {
    private final ShmNative.ZmqRelease flag;

    public ZmqRelease() {
        try {
            flag = new ShmNative.ZmqRelease();
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    /** True once libzmq no longer reads or writes the memory (acquire: its accesses happened before). */
    public boolean released() {
        return flag.released();
    }

    ShmNative.ZmqRelease raw() {
        return flag;
    }

    /**
     * Frees the flag. Only after {@link #released()} was true, or when it was never lent to a frame:
     * libzmq writes to it when it releases the memory.
     */
    @Override
    public void close() {
        flag.close();
    }
}
