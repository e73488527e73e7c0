package org.fairmq.device;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.fairmq.terminal.KeyInput;
import org.fairmq.terminal.TerminalKeyInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Drives a configured device through its life (PROTOCOL.md 6.6.4): {@code --control static}
 * (INIT_DEVICE, INIT_TASK, RUN, wait for RUNNING to end, RESET_TASK, RESET_DEVICE, END) or
 * {@code interactive} (keys i j p r s t d h q from stdin). SIGINT/SIGTERM stop the device in a
 * separate thread, not inside the handler (the reference's in-handler transitions can deadlock,
 * D27); a signal while PAUSED first resumes (the reference hangs there, 6.6.4); a second signal
 * aborts. Returns the process exit code.
 *
 * <p>A stop is never lost: a signal that arrives before RUNNING is remembered and RUN is not
 * entered (the start sequence and the shutdown exclude each other). Every wait of the shutdown is
 * bounded ({@link Device#workerShutdownBoundMs()} per long transition), logs what it waits for while
 * it waits, and on expiry the device exits with 1 without closing what the worker still uses.
 */
public final class DeviceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRunner.class);
    private static final long PROGRESS_EVERY_MS = 5000;

    private final Device device;
    private final StateMachine fsm;
    private final AtomicInteger signals = new AtomicInteger();
    private volatile boolean stopRequested;

    public DeviceRunner(Device device) {
        this.device = device;
        this.fsm = device.stateMachine();
    }

    /** The worker did not finish a transition within its bound at shutdown. */
    static final class ShutdownStalledException extends RuntimeException {
        ShutdownStalledException(String message) {
            super(message);
        }
    }

    /**
     * Runs the device to the end; 0 on success, 1 if it reached ERROR or its shutdown stalled. A
     * device that did not reach EXITING (ERROR, or an exception from a transition) still releases
     * its transports before this returns, so that no shared memory is left behind by an orderly exit.
     */
    public int run() throws InterruptedException {
        try {
            return runStates();
        } catch (ShutdownStalledException e) {
            LOG.error("{}", e.getMessage());
            return 1;
        } finally {
            if (fsm.getState() != State.EXITING) {
                device.releaseWithoutEnd();
            }
        }
    }

    private int runStates() throws InterruptedException {
        if (device.options().catchSignals > 0) {
            for (String name : new String[] {"INT", "TERM"}) {
                Signal.handle(new Signal(name), s -> onSignal(s.getNumber()));
            }
        }
        fsm.changeState(Event.INIT_DEVICE);
        fsm.waitForWorker();
        if (fsm.getState() == State.ERROR) {
            return 1;
        }
        String control = device.options().control;
        synchronized (this) { // excludes shutdown(): a stop either sees RUNNING or keeps RUN from happening
            if (!stopRequested) {
                fsm.changeState(Event.INIT_TASK);
                fsm.changeState(Event.RUN);
            }
        }
        if (control.equals("static")) {
            fsm.waitWhile(State.RUNNING);
            while (fsm.getState() == State.PAUSED) {
                fsm.waitWhile(State.PAUSED);
                fsm.waitWhile(State.RUNNING);
            }
            if (fsm.getState() != State.EXITING && fsm.getState() != State.ERROR) {
                shutdown();
            }
        } else if (control.equals("interactive")) {
            try (KeyInput keys = TerminalKeyInput.open()) {
                interactive(keys);
            }
        }
        long bound = device.workerShutdownBoundMs();
        if (!fsm.awaitExit(bound)) {
            throw new ShutdownStalledException("the device did not reach EXITING or ERROR within " + bound
                    + " ms after its shutdown (state " + fsm.getState() + ")");
        }
        return fsm.getState() == State.ERROR ? 1 : 0;
    }

    /** STOP, RESET_TASK (wait), RESET_DEVICE (wait), END; every wait bounded. */
    private synchronized void shutdown() {
        stopRequested = true;
        if (fsm.getState() == State.PAUSED) {
            fsm.changeState(Event.RUN); // a PAUSED device has no STOP transition
        }
        if (fsm.getState() == State.RUNNING) {
            fsm.changeState(Event.STOP);
        }
        awaitWorker("leaving RUNNING");
        if (fsm.getState() == State.READY) {
            fsm.changeState(Event.RESET_TASK);
            awaitWorker("RESET_TASK");
        }
        if (fsm.getState() == State.DEVICE_READY) {
            fsm.changeState(Event.RESET_DEVICE);
            awaitWorker("RESET_DEVICE (closing and draining the channels)");
        }
        fsm.changeState(Event.END);
    }

    /** Waits for the worker's current transition, saying what it waits for; throws on expiry. */
    private void awaitWorker(String what) {
        long bound = device.workerShutdownBoundMs();
        long start = System.nanoTime();
        for (;;) {
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (fsm.waitForWorker(Math.min(PROGRESS_EVERY_MS, Math.max(1, bound - waited)))) {
                return;
            }
            waited = (System.nanoTime() - start) / 1_000_000;
            if (waited >= bound) {
                throw new ShutdownStalledException("shutdown: the device worker did not finish " + what + " within "
                        + bound + " ms (state " + fsm.getState() + "); exiting without closing what it still uses");
            }
            LOG.warn("shutdown: waiting for the device worker to finish {} (state {}): {} ms so far, giving up after {}"
                    + " ms", what, fsm.getState(), waited, bound);
        }
    }

    private void onSignal(int number) {
        if (signals.incrementAndGet() > 1) {
            LOG.error("Repeated termination or bad initialization? Aborting.");
            Runtime.getRuntime().halt(134);
        }
        LOG.info("Caught signal {}", number);
        stopRequested = true; // before the stopper runs: a start sequence not yet at RUN will not enter it
        Thread stopper = new Thread(() -> {
            try {
                shutdown();
                LOG.info("Exiting.");
            } catch (ShutdownStalledException e) {
                LOG.error("{}", e.getMessage()); // the controlling thread gives up too, within its own bound
            }
        }, "signal-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    private static final String HELP = "Use keys to control the state machine:\n"
            + "[h] help, [p] pause, [r] run, [s] stop, [t] reset task, [d] reset device, [q] end, [j] init task, [i] init device";

    /** Keys without Enter (the terminal is switched to non-canonical input and restored), polled every 500 ms. */
    private void interactive(KeyInput in) throws InterruptedException {
        LOG.info(HELP);
        try {
            while (fsm.getState() != State.EXITING && fsm.getState() != State.ERROR) {
                int key = in.poll(500);
                if (key < 0) {
                    continue;
                }
                switch (key) {
                    case 'i': LOG.info("[i] init device"); fsm.changeState(Event.INIT_DEVICE); break;
                    case 'j': LOG.info("[j] init task"); fsm.changeState(Event.INIT_TASK); break;
                    case 'p': LOG.info("[p] pause"); fsm.changeState(Event.PAUSE); break;
                    case 'r': LOG.info("[r] run"); fsm.changeState(Event.RUN); break;
                    case 's': LOG.info("[s] stop"); fsm.changeState(Event.STOP); awaitWorker("leaving RUNNING"); break;
                    case 't': LOG.info("[t] reset task"); fsm.changeState(Event.RESET_TASK); break;
                    case 'd': LOG.info("[d] reset device"); fsm.changeState(Event.RESET_DEVICE); break;
                    case 'h': LOG.info("[h] help"); LOG.info(HELP); break;
                    case 'q': LOG.info("[q] end"); shutdown(); return;
                    case '\n': case '\r': break;
                    default: LOG.info("Invalid input: [{}]", (char) key); LOG.info(HELP); break;
                }
            }
        } catch (IOException e) {
            LOG.error("reading control keys failed: {}", e.getMessage());
            shutdown();
        }
    }
}
