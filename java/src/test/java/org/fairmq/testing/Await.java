package org.fairmq.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition another process or thread brings about (a file appears, a counter
 * moves), checked every few milliseconds, failing the test with what was awaited after a deadline:
 * for events that have no notification to wait on. Stateless.
 */
public final class Await {
    private static final long POLL_MS = 10;

    private Await() {}

    /** Returns once {@code condition} holds; throws an AssertionError after {@code timeoutMs}. */
    public static void until(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(POLL_MS);
        }
    }
}
