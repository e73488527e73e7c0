package org.fairmq.ipc;

import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/**
 * A boost::interprocess {@code named_mutex}: on Linux a POSIX named semaphore,
 * {@code /dev/shm/sem.<name>}. It is not robust: a process that dies holding it leaves it locked
 * (PROTOCOL.md 2.4). The lock belongs to the process, not to a thread.
 *
 * <p>{@link #lock()} blocks inside Boost and cannot be interrupted from Java; prefer
 * {@link #timedLock}. Thread-safe except for {@link #close()}, which must not race with other calls.
 */
public final class NamedMutex implements AutoCloseable {
    private final String name;
    private final ShmNative.NamedMutex mutex;
    private boolean closed;

    private NamedMutex(OpenMode mode, String name) {
        this.name = name;
        try {
            this.mutex = new ShmNative.NamedMutex(mode.code, name);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public static NamedMutex createOnly(String name) {
        return new NamedMutex(OpenMode.CREATE_ONLY, name);
    }

    public static NamedMutex openOnly(String name) {
        return new NamedMutex(OpenMode.OPEN_ONLY, name);
    }

    public static NamedMutex openOrCreate(String name) {
        return new NamedMutex(OpenMode.OPEN_OR_CREATE, name);
    }

    /** Removes the semaphore's name; false if there was none. */
    public static boolean remove(String name) {
        try {
            return ShmNative.NamedMutex.remove(name);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public String name() {
        return name;
    }

    public void lock() {
        ensureOpen();
        try {
            mutex.lock();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public boolean tryLock() {
        ensureOpen();
        try {
            return mutex.tryLock();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public boolean timedLock(long timeoutMs) {
        ensureOpen();
        try {
            return mutex.timedLock(timeoutMs);
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    public void unlock() {
        ensureOpen();
        try {
            mutex.unlock();
        } catch (NativeError e) {
            throw ShmErrors.translate(e);
        }
    }

    /** Locks (blocking) and returns a guard that unlocks: {@code try (var g = mutex.guard()) {...}}. */
    public Guard guard() {
        lock();
        return new Guard();
    }

    /** Locks within {@code timeoutMs} or throws {@link ShmTimeoutException}; returns the unlocking guard. */
    public Guard guard(long timeoutMs) {
        if (!timedLock(timeoutMs)) {
            throw new ShmTimeoutException("named_mutex timed_lock \"" + name + "\": not acquired within " + timeoutMs
                    + " ms (held by another process, or left locked by one that died: see shmmonitor --cleanup)");
        }
        return new Guard();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            mutex.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("named_mutex \"" + name + "\" is closed");
        }
    }

    /** Unlocks the mutex once when closed. Not thread-safe; use it in the locking thread. */
    public final class Guard implements AutoCloseable {
        private boolean released;

        private Guard() {}

        @Override
        public void close() {
            if (!released) {
                released = true;
                unlock();
            }
        }
    }
}
