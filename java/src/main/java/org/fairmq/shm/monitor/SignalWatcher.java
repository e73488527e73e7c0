package org.fairmq.shm.monitor;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for the command-line monitor (PROTOCOL.md 5.3 step 4): instead of the JVM's
 * default (exit), the monitor prints {@code signal: <n>} and ends normally, removing the control
 * queue and its MonitorStatus, and the program exits with 0. Process-wide: only
 * {@link ShmMonitorMain} installs it; programs that embed {@link Monitor} keep their own handling.
 */
final class SignalWatcher {
    private SignalWatcher() {}

    static void install(Monitor monitor) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> monitor.onSignal(signal.getNumber()));
        }
    }
}
