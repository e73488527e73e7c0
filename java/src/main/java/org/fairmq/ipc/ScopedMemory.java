package org.fairmq.ipc;

import java.nio.ByteBuffer;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.ResourceScope;

/**
 * Direct ByteBuffers over a mapping that become unusable, with an {@link IllegalStateException},
 * once the mapping's owner closes: buffers are views of a foreign-memory segment whose shared
 * scope is closed before the mapping is unmapped, so a late access never reaches unmapped memory
 * (a SIGSEGV would kill the JVM).
 *
 * <p>Needs {@code --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED} (the
 * launchers in bin/ pass them). Loaded only when a buffer is first requested, so programs that
 * never touch payloads (the monitor) run without these options. Thread-safe.
 */
final class ScopedMemory implements AutoCloseable {
    private final ResourceScope scope = ResourceScope.newSharedScope();

    /** A zero-copy view of {@code size} bytes at {@code address}; valid until {@link #close()}. */
    ByteBuffer view(long address, long size) {
        return MemoryAddress.ofLong(address).asSegment(size, scope).asByteBuffer();
    }

    /**
     * Invalidates every view. A shared scope refuses to close while another thread is inside an
     * access through one of its views; that access is short, so this retries for up to
     * {@code patienceMs}. Returns false if the scope is still open then: the caller must not unmap.
     */
    boolean close(long patienceMs) {
        long deadline = System.nanoTime() + patienceMs * 1_000_000;
        for (;;) {
            if (!scope.isAlive()) {
                return true;
            }
            try {
                scope.close();
                return true;
            } catch (IllegalStateException accessInProgress) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void close() {
        if (!close(1000)) {
            throw new IllegalStateException("a view of this mapping is still being accessed by another thread");
        }
    }
}
