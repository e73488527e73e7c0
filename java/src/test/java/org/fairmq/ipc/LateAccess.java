package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Asserts what a late access through a buffer of a closed mapping does: it throws
 * {@link MappingViews#LATE_ACCESS_ERROR} (IllegalStateException on JDK 22+ from the jar;
 * InternalError on JDK 17-21, which HotSpot may deliver just after the faulting access rather
 * than at it, hence the loop) and the JVM goes on.
 */
final class LateAccess {
    private LateAccess() {}

    /** Where read results go, so that the JIT cannot drop a read whose value is unused. */
    private static volatile int sink;
    private static volatile byte[] escape;

    /** A read or write through a buffer; reads return what they read. */
    @FunctionalInterface
    interface Access {
        int run();
    }

    /**
     * Repeats {@code access} until it throws, for at most a minute; returns what it threw. Runs in
     * a thread of its own: on JDK 17-21 compiled code may fault more than once before the first
     * InternalError arrives, and each fault may deliver another one later in that thread, which
     * must not surface in the test. JDK 22+ throws once, at the access.
     */
    static Throwable failureOf(Access access) {
        AtomicReference<Throwable> first = new AtomicReference<>();
        Thread accessor = new Thread(() -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            try {
                while (System.nanoTime() < deadline) {
                    sink += access.run();
                    // JDK 17 delivers the InternalError of a fault in compiled code when the thread
                    // next returns from the VM (or stops at a safepoint), not at the fault: be such
                    // a return (an allocation too large for the thread's buffer goes to the VM)
                    escape = new byte[1 << 20];
                }
            } catch (Throwable thrown) {
                first.compareAndSet(null, thrown);
            }
        }, "late-access");
        accessor.setUncaughtExceptionHandler((t, repeated) -> first.compareAndSet(null, repeated));
        accessor.start();
        try {
            accessor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
        Throwable thrown = first.get();
        return thrown != null ? thrown : fail("a late access through a buffer of a closed mapping did not throw");
    }

    static void assertFails(Access access) {
        assertInstanceOf(MappingViews.LATE_ACCESS_ERROR, failureOf(access));
    }

    /** True if {@code thrown} is what a late access throws. */
    static boolean isLateAccessFailure(Throwable thrown) {
        return MappingViews.LATE_ACCESS_ERROR.isInstance(thrown);
    }
}
