package org.fairmq.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateMachineTest {
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean keepRunning = true;

    private final StateMachine fsm = new StateMachine(new StateMachine.Actions() {
        @Override public void onInitDevice() { calls.add("initDevice"); }
        @Override public void onInitTask() { calls.add("initTask"); }
        @Override public void onRun() {
            calls.add("run");
            while (keepRunning && fsm().getState() == State.RUNNING) {
                Thread.onSpinWait();
            }
        }
        @Override public void onPause() { calls.add("pause"); }
        @Override public void onUnblock() { calls.add("unblock"); }
        @Override public void onResetTask() { calls.add("resetTask"); }
        @Override public void onResetDevice() { calls.add("resetDevice"); }
        @Override public void onEnd() { calls.add("end"); }
    });

    private StateMachine fsm() {
        return fsm;
    }

    @Test
    void shouldWalkTheStaticControlSequence() throws Exception {
        assertEquals(State.IDLE, fsm.getState());
        assertTrue(fsm.changeState(Event.INIT_DEVICE));
        fsm.waitForWorker();
        assertEquals(State.DEVICE_READY, fsm.getState());
        assertTrue(fsm.changeState(Event.INIT_TASK));
        assertEquals(State.READY, fsm.getState(), "INIT_TASK runs synchronously");
        assertTrue(fsm.changeState(Event.RUN));
        assertTrue(fsm.changeState(Event.PAUSE));
        assertEquals(State.PAUSED, fsm.getState());
        assertFalse(fsm.changeState(Event.STOP), "no transition from PAUSED on STOP (6.6.4)");
        assertTrue(fsm.changeState(Event.RUN));
        assertTrue(fsm.changeState(Event.STOP));
        assertEquals(State.READY, fsm.getState());
        assertTrue(fsm.changeState(Event.RESET_TASK));
        fsm.waitForWorker();
        assertTrue(fsm.changeState(Event.RESET_DEVICE));
        fsm.waitForWorker();
        assertEquals(State.IDLE, fsm.getState());
        assertTrue(fsm.changeState(Event.END));
        assertEquals(State.EXITING, fsm.getState());
        List<String> sorted = new ArrayList<>(calls);
        Collections.sort(sorted); // worker and caller threads interleave; the multiset is fixed
        assertEquals(List.of("end", "initDevice", "initTask", "pause", "resetDevice", "resetTask", "run", "run",
                "unblock", "unblock"), sorted);
        assertEquals("end", calls.get(calls.size() - 1));
    }

    @Test
    void shouldLeaveRunningByItselfWhenRunReturns() throws Exception {
        keepRunning = false;
        fsm.changeState(Event.INIT_DEVICE);
        fsm.waitForWorker();
        fsm.changeState(Event.INIT_TASK);
        fsm.changeState(Event.RUN);
        fsm.waitForWorker();
        fsm.waitFor(State.READY);
        assertEquals(State.READY, fsm.getState());
    }

    @Test
    void shouldIgnoreEverythingAfterError() {
        assertTrue(fsm.changeState(Event.ERROR_FOUND));
        assertFalse(fsm.changeState(Event.END));
        assertFalse(fsm.changeState(Event.INIT_DEVICE));
        assertEquals(State.ERROR, fsm.getState(), "ERROR is terminal (11.14)");
    }

    @Test
    void shouldRefuseUnknownAndInternalEventNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fsm.changeState("internal_READY"));
        assertTrue(e.getMessage().startsWith("Requested number for non-existent event... internal_READY"), e.getMessage());
        assertEquals(State.IDLE, fsm.getState());
        assertFalse(fsm.changeState(Event.RUN), "No transition from state IDLE on event RUN");
    }
}
