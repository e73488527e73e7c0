package org.fairmq.device;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device state machine of PROTOCOL.md 6.6.3: the transition table, the worker thread that runs
 * the long transitions (INITIALIZING_DEVICE, RUNNING, PAUSED, RESETTING_TASK, RESETTING_DEVICE),
 * the log lines, and ERROR as a terminal state that silently ignores every later event (11.14).
 * Thread-safe: events may come from any thread (control, signals, the worker itself). A throwable
 * of any kind (also an {@link Error}) escaping a worker transition moves the machine to ERROR.
 */
public final class StateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(StateMachine.class);

    /** What a transition does; runs in the worker unless synchronous. */
    public interface Actions {
        void onInitDevice();     // then INTERNAL_DEVICE_READY

        void onInitTask();       // synchronous; then INTERNAL_READY

        void onRun();            // then INTERNAL_READY if still RUNNING

        void onPause();          // loops while PAUSED

        void onUnblock();        // on PAUSE and STOP, in the caller's thread

        void onResetTask();      // then INTERNAL_DEVICE_READY

        void onResetDevice();    // then INTERNAL_IDLE

        void onEnd();            // on END
    }

    private record Transition(State to, Runnable action) {}

    private final Map<State, Map<Event, Transition>> table = new EnumMap<>(State.class);
    private final Actions actions;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "device-worker");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch exited = new CountDownLatch(1);
    private State state = State.IDLE;
    private Future<?> work = java.util.concurrent.CompletableFuture.completedFuture(null);

    public StateMachine(Actions actions) {
        this.actions = actions;
        add(State.IDLE, Event.INIT_DEVICE, State.INITIALIZING_DEVICE, () -> inWorker(() -> {
            actions.onInitDevice();
            changeState(Event.INTERNAL_DEVICE_READY);
        }));
        add(State.IDLE, Event.END, State.EXITING, () -> {
            worker.shutdown();
            actions.onEnd();
            exited.countDown();
        });
        add(State.INITIALIZING_DEVICE, Event.INTERNAL_DEVICE_READY, State.DEVICE_READY, () -> {});
        add(State.DEVICE_READY, Event.INIT_TASK, State.INITIALIZING_TASK, () -> {
            actions.onInitTask();
            changeState(Event.INTERNAL_READY);
        });
        add(State.DEVICE_READY, Event.RESET_DEVICE, State.RESETTING_DEVICE, () -> inWorker(() -> {
            actions.onResetDevice();
            changeState(Event.INTERNAL_IDLE);
        }));
        add(State.INITIALIZING_TASK, Event.INTERNAL_READY, State.READY, () -> {});
        Runnable running = () -> inWorker(() -> {
            actions.onRun();
            if (getState() == State.RUNNING) {
                changeState(Event.INTERNAL_READY);
            }
        });
        add(State.READY, Event.RUN, State.RUNNING, running);
        add(State.READY, Event.RESET_TASK, State.RESETTING_TASK, () -> inWorker(() -> {
            actions.onResetTask();
            changeState(Event.INTERNAL_DEVICE_READY);
        }));
        add(State.RUNNING, Event.PAUSE, State.PAUSED, () -> {
            actions.onUnblock();
            inWorker(actions::onPause);
        });
        // the caller waits for the worker to leave RUNNING (DeviceRunner: bounded); the worker's
        // queue keeps later long transitions behind it
        add(State.RUNNING, Event.STOP, State.READY, actions::onUnblock);
        add(State.RUNNING, Event.INTERNAL_READY, State.READY, actions::onUnblock);
        add(State.PAUSED, Event.RUN, State.RUNNING, running);
        add(State.RESETTING_TASK, Event.INTERNAL_DEVICE_READY, State.DEVICE_READY, () -> {});
        add(State.RESETTING_DEVICE, Event.INTERNAL_IDLE, State.IDLE, () -> {});
        LOG.info("Starting FairMQ state machine");
    }

    private void add(State from, Event event, State to, Runnable action) {
        table.computeIfAbsent(from, s -> new EnumMap<>(Event.class)).put(event, new Transition(to, action));
    }

    private void inWorker(Runnable body) {
        work = worker.submit(() -> {
            try {
                body.run();
            } catch (Throwable e) { // an Error too: the device must reach ERROR, not stay RUNNING forever
                LOG.error("Exception in state {}: {}", getState(), e.toString());
                changeState(Event.ERROR_FOUND);
            }
        });
    }

    public synchronized State getState() {
        return state;
    }

    /** Processes one event; false if there was no transition (logged) or the machine is in ERROR. */
    public boolean changeState(Event event) {
        Transition transition;
        State from;
        synchronized (this) {
            from = state;
            if (from == State.ERROR || from == State.EXITING) {
                return false; // terminal (6.6.3)
            }
            if (event == Event.ERROR_FOUND) {
                state = State.ERROR;
                LOG.error("Entering ERROR state");
                notifyAll();
                exited.countDown();
                return true;
            }
            transition = table.getOrDefault(from, Map.of()).get(event);
            if (transition == null) {
                LOG.info("No transition from state {} on event {}", from, event.text());
                return false;
            }
            state = transition.to();
            notifyAll();
        }
        if (from == State.RUNNING && event == Event.INTERNAL_READY) {
            LOG.info("RUNNING state finished without an external event, entering READY state");
        } else {
            LOG.info("Entering {} state", transition.to().spaced());
        }
        transition.action().run();
        return true;
    }

    /** changeState by the reference's event name. */
    public boolean changeState(String event) {
        return changeState(Event.parse(event));
    }

    /** Waits until the worker finished the current long transition. */
    public void waitForWorker() {
        if (Thread.currentThread().getName().equals("device-worker")) {
            return;
        }
        try {
            work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.error("worker failed: {}", e.getCause().toString());
        }
    }

    /** Waits at most {@code timeoutMs} for the worker to finish; true if it is idle. */
    public boolean waitForWorker(long timeoutMs) {
        try {
            work.get(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Waits until the state is not {@code s} any more (or ERROR/EXITING). */
    public synchronized void waitWhile(State s) throws InterruptedException {
        while (state == s) {
            wait(100);
        }
    }

    /** Waits until the state is {@code s}, ERROR or EXITING. */
    public synchronized void waitFor(State s) throws InterruptedException {
        while (state != s && state != State.ERROR && state != State.EXITING) {
            wait(100);
        }
    }

    /** Waits for END (EXITING) or ERROR. */
    public void awaitExit() throws InterruptedException {
        exited.await();
    }

    /** Waits at most {@code timeoutMs} for END (EXITING) or ERROR; true if reached. */
    public boolean awaitExit(long timeoutMs) throws InterruptedException {
        return exited.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
