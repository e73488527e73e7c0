package org.fairmq.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;

/**
 * The process around one benchmark side: SIGTERM (the driver script's "you may close now") asks the
 * run to stop and waits for it to close its transport (detach, last-out removal) before the VM
 * ends; exit code 0 on success, 1 on a transport error or timeout, 2 on a usage error
 * ({@link IllegalArgumentException}).
 */
final class BenchProcess {
    private static final CountDownLatch CLOSED = new CountDownLatch(1);
    private static volatile boolean stopRequested;

    private BenchProcess() {
    }

    /**
     * Runs the side that {@code args[0]} (one of {@code roles}) and the options after it make, and
     * exits with its code; prints {@code usage} (exit code 2) when the role is missing or unknown.
     * {@code name} prefixes the usage errors.
     */
    static void run(String name, String usage, String[] args, List<String> roles,
            BiFunction<String, BenchOptions, IntSupplier> side) {
        if (args.length < 1 || !roles.contains(args[0])) {
            System.err.println("usage: " + name + " " + String.join("|", roles) + " " + usage);
            System.exit(2);
        }
        run(name, () -> side.apply(args[0], new BenchOptions(args, 1)).getAsInt());
    }

    private static void run(String name, IntSupplier side) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested = true;
            try {
                CLOSED.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-stop"));
        int code;
        try {
            code = side.getAsInt();
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            code = 2;
        }
        CLOSED.countDown();
        if (!stopRequested) {
            System.exit(code); // (during a shutdown exit would block: the hook ends the VM instead)
        }
    }

    static boolean stopRequested() {
        return stopRequested;
    }

    /**
     * Keeps the caller's sockets open for {@code ms} or until SIGTERM. libzmq 4.3 can drop the
     * tail of an ipc stream when the sender closes while the receiver lags, linger notwithstanding
     * (libzmq issue #4660), so a driver holds senders until their receiver is done.
     */
    static void hold(long ms) {
        long until = System.nanoTime() + ms * 1_000_000;
        while (!stopRequested && System.nanoTime() - until < 0) {
            LockSupport.parkNanos(10_000_000);
        }
    }
}
