package org.fairmq.ipc;

import org.fairmq.bindings.ShmNative;

/**
 * The process-wide bound on waiting for a lock inside shared memory: a segment's allocator and
 * index mutexes and a message queue's mutex. They are not robust in the 2017 layout (PROTOCOL.md
 * 1.3, 2.4): a peer killed while holding one leaves it locked for good. After this bound the call
 * fails with a {@link ShmTimeoutException} that names the object, says that the lock is held by a
 * process that may be dead, and gives the remedy ({@code fairmq-shmmonitor --cleanup}).
 *
 * <p>One value for the whole process (Boost reads it in every lock, jni/LockTimeout.h); the
 * shmem transport sets it from {@code --shm-lock-timeout-ms}. Thread-safe.
 */
public final class LockTimeout {
    /** The default bound, in ms. */
    public static final long DEFAULT_MS = 5000;

    private LockTimeout() {}

    /** Sets the bound (values below 1 ms mean 1 ms); returns the previous one. */
    public static long set(long ms) {
        return ShmNative.setLockTimeoutMs(ms);
    }

    /** The current bound in ms. */
    public static long get() {
        return ShmNative.lockTimeoutMs();
    }
}
