package org.fairmq.monitor;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fairmq.testing.DevShm;

/** Watches /dev/shm for the objects of one prefix. Test support. */
final class DevShmWatch {
    private DevShmWatch() {}

    /**
     * Polls every millisecond until no file with {@code prefix} is left except those containing
     * {@code except}; returns the System.nanoTime() at which that was first seen, or -1 on timeout.
     */
    static long awaitGone(String prefix, String except, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            List<String> left = DevShm.leftWith(prefix);
            if (left.stream().allMatch(name -> except != null && name.contains(except))) {
                return now;
            }
            Thread.sleep(1);
        }
        return -1;
    }

    /** Polls until a file named exactly {@code name} exists in /dev/shm; false on timeout. */
    static boolean awaitPresent(String name, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (java.nio.file.Files.exists(java.nio.file.Path.of("/dev/shm", name))) {
                return true;
            }
            Thread.sleep(1);
        }
        return false;
    }
}
