package org.fairmq.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * CompletableFutures that each run in a thread of their own. Tests start tasks that block (a
 * device's whole run, a receive that waits for a sender) and need them to run at the same time;
 * CompletableFuture's default executor does not promise that: on JDK 25 with 2 CPUs it is the
 * common pool with parallelism 1, so a second blocking task waits for the first (JDK 17 happened
 * to start a thread per task there).
 */
public final class ThreadPerTask {
    private static final Executor EXECUTOR = task -> {
        Thread thread = new Thread(task, "test-task");
        thread.setDaemon(true);
        thread.start();
    };

    private ThreadPerTask() {}

    public static <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, EXECUTOR);
    }

    public static CompletableFuture<Void> run(Runnable task) {
        return CompletableFuture.runAsync(task, EXECUTOR);
    }
}
