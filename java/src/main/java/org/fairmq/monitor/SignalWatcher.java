package org.fairmq.monitor;

import java.util.function.IntConsumer;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for the command-line monitor (PROTOCOL.md 5.3 step 4): instead of the JVM's
 * default (exit), the monitor prints {@code signal: <n>} and ends normally, removing the control
 * queue and its MonitorStatus, and the program exits with 0. Installed before the monitor starts
 * (so a signal during start-up is not lost; it ends the monitor as soon as it runs) and attached
 * to it afterwards. Process-wide: only {@link ShmMonitorMain} and the v1.10 monitor
 * ({@code org.fairmq.monitor.v110}, PROTOCOL-V110.md 6.2 step 14) install it; programs that embed
 * {@link Monitor} keep their own handling. Thread-safe.
 */
public final class SignalWatcher {
    private IntConsumer monitor;
    private int pending;

    private SignalWatcher() {}

    /** Routes SIGINT and SIGTERM of this process to the watcher (replacing the JVM's exit). */
    public static SignalWatcher install() {
        SignalWatcher watcher = new SignalWatcher();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> watcher.received(signal.getNumber()));
        }
        return watcher;
    }

    private void received(int number) {
        IntConsumer target;
        synchronized (this) {
            target = monitor;
            if (target == null && pending == 0) {
                pending = number;
            }
        }
        if (target != null) {
            target.accept(number);
        }
    }

    /** From now on signals end {@code monitor}; one received before ends it at once. */
    void attach(Monitor monitor) {
        attach(monitor::onSignal);
    }

    /** From now on signals go to {@code handler} (with the signal number); one received before goes at once. */
    public void attach(IntConsumer monitor) {
        int early;
        synchronized (this) {
            this.monitor = monitor;
            early = pending;
        }
        if (early != 0) {
            monitor.accept(early);
        }
    }
}
