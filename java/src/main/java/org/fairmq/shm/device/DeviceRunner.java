package org.fairmq.shm.device;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.fairmq.shm.terminal.KeyInput;
import org.fairmq.shm.terminal.TerminalKeyInput;
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
 */
public final class DeviceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRunner.class);

    private final Device device;
    private final StateMachine fsm;
    private final AtomicInteger signals = new AtomicInteger();

    public DeviceRunner(Device device) {
        this.device = device;
        this.fsm = device.stateMachine();
    }

    /**
     * Runs the device to the end; 0 on success, 1 if it reached ERROR. A device that did not reach
     * EXITING (ERROR, or an exception from a transition) still releases its transports before this
     * returns, so that no shared memory is left behind by an orderly exit.
     */
    public int run() throws InterruptedException {
        try {
            return runStates();
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
        fsm.changeState(Event.INIT_TASK);
        fsm.changeState(Event.RUN);
        String control = device.options().control;
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
        fsm.awaitExit();
        return fsm.getState() == State.ERROR ? 1 : 0;
    }

    /** STOP, RESET_TASK (wait), RESET_DEVICE (wait), END. */
    private synchronized void shutdown() {
        if (fsm.getState() == State.PAUSED) {
            fsm.changeState(Event.RUN); // a PAUSED device has no STOP transition
        }
        if (fsm.getState() == State.RUNNING) {
            fsm.changeState(Event.STOP);
        }
        fsm.waitForWorker();
        if (fsm.getState() == State.READY) {
            fsm.changeState(Event.RESET_TASK);
            fsm.waitForWorker();
        }
        if (fsm.getState() == State.DEVICE_READY) {
            fsm.changeState(Event.RESET_DEVICE);
            fsm.waitForWorker();
        }
        fsm.changeState(Event.END);
    }

    private void onSignal(int number) {
        if (signals.incrementAndGet() > 1) {
            LOG.error("Repeated termination or bad initialization? Aborting.");
            Runtime.getRuntime().halt(134);
        }
        LOG.info("Caught signal {}", number);
        Thread stopper = new Thread(() -> {
            shutdown();
            LOG.info("Exiting.");
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
                    case 's': LOG.info("[s] stop"); fsm.changeState(Event.STOP); break;
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
