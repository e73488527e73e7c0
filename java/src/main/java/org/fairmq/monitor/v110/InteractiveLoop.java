package org.fairmq.monitor.v110;

import java.io.IOException;
import org.fairmq.protocol.v110.ShmId;
import org.fairmq.terminal.KeyInput;
import org.fairmq.transport.shmem.v110.SessionCleanup;

/**
 * Interactive mode (PROTOCOL-V110.md 6.5): two empty lines and the help line, then: poll a key for
 * {@code --interval} ms, handle it ({@code q x h b}, newline, other), and print the segment table
 * after every key but {@code q} and after every poll timeout, each managed segment's line ending in
 * {@code , trend: <+n|-n|0>} (our extension, {@link UsedTrend}). A signal ends the loop (checked every
 * 50 ms while polling). The key input is closed however the loop ends. Runs on the caller's thread.
 */
final class InteractiveLoop {
    /** 6.5: the help line, typo {@code FAIMQ} included. */
    static final String HELP = "controls: [x] close memory, [b] print a list of allocated messages (only available"
            + " when compiled with FAIMQ_DEBUG_MODE=ON), [h] help, [q] quit.";
    /** 6.2 step 7, 6.5 key {@code b}: the text of a build without FAIRMQ_DEBUG_MODE. */
    static final String NO_DEBUG_MODE = "FairMQ was not compiled in debug mode (FAIRMQ_DEBUG_MODE)";

    private static final long POLL_SLICE_MS = 50;

    private final SessionMonitor monitor;
    private final ShmId shmId;
    private final boolean viewOnly;
    private final long intervalMs;
    private final ConsoleLog log;
    private final UsedTrend trend = new UsedTrend();

    InteractiveLoop(SessionMonitor monitor, ShmId shmId, boolean viewOnly, long intervalMs, ConsoleLog log) {
        this.monitor = monitor;
        this.shmId = shmId;
        this.viewOnly = viewOnly;
        this.intervalMs = intervalMs;
        this.log = log;
    }

    void run(KeyInput keys) throws IOException {
        try (keys) {
            log.print("\n\n" + HELP + "\n");
            while (!monitor.terminating()) {
                int key = poll(keys);
                if (monitor.terminating()) {
                    break;
                }
                if (key >= 0) {
                    if (key == 'q') {
                        log.print("\n[q] --> quitting.\n");
                        monitor.terminate();
                        break;
                    }
                    handle(key);
                }
                SegmentTable.of(shmId, line -> {}, trend).ifPresent(log::print);
            }
        }
    }

    /** A key within the interval, or -1; returns early (with -1) when a signal ends the monitor. */
    private int poll(KeyInput keys) throws IOException {
        long deadline = System.nanoTime() + intervalMs * 1_000_000L;
        while (!monitor.terminating()) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                return -1;
            }
            int key = keys.poll(Math.min(POLL_SLICE_MS, leftMs));
            if (key >= 0) {
                return key;
            }
        }
        return -1;
    }

    private void handle(int key) {
        switch (key) {
            case 'x':
                log.print("\n[x] --> closing shared memory:\n");
                if (viewOnly) {
                    log.print("cannot close because in view only mode\n");
                } else {
                    SessionCleanup.cleanup(shmId, log);
                }
                break;
            case 'h':
                log.print("\n[h] --> help:\n\n" + HELP + "\n\n");
                break;
            case 'b':
                log.print(NO_DEBUG_MODE + "\n");
                break;
            case '\n':
                log.print("\n[\\n] --> invalid input.\n");
                break;
            default:
                log.print("\n[" + (char) key + "] --> invalid input.\n");
                break;
        }
    }
}
