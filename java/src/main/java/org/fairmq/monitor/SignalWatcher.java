package org.fairmq.monitor;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for the command-line monitor (PROTOCOL.md 5.3 step 4): instead of the JVM's
 * default (exit), the monitor prints {@code signal: <n>} and ends normally, removing the control
 * queue and its MonitorStatus, and the program exits with 0. Installed before the monitor starts
 * (so a signal during start-up is not lost; it ends the monitor as soon as it runs) and attached
 * to it afterwards. Process-wide: only {@link ShmMonitorMain} installs it; programs that embed
 * {@link Monitor} keep their own handling. Thread-safe.
 */
final class SignalWatcher {
    private Monitor monitor;
    private int pending;

    private SignalWatcher() {}

    static SignalWatcher install() {
        SignalWatcher watcher = new SignalWatcher();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> watcher.received(signal.getNumber()));
        }
        return watcher;
    }

    private void received(int number) {
        Monitor target;
        synchronized (this) {
            target = monitor;
            if (target == null && pending == 0) {
                pending = number;
            }
        }
        if (target != null) {
            target.onSignal(number);
        }
    }

    /** From now on signals end {@code monitor}; one received before ends it at once. */
    void attach(Monitor monitor) {
        int early;
        synchronized (this) {
            this.monitor = monitor;
            early = pending;
        }
        if (early != 0) {
            monitor.onSignal(early);
        }
    }
}
