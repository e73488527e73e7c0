package org.fairmq.device;

/** Device states with the reference's enum values (PROTOCOL.md 6.6.1). */
public enum State {
    OK,
    ERROR,
    IDLE,
    INITIALIZING_DEVICE,
    DEVICE_READY,
    INITIALIZING_TASK,
    READY,
    RUNNING,
    PAUSED,
    RESETTING_TASK,
    RESETTING_DEVICE,
    EXITING;

    /** The name with spaces, as in "Entering INITIALIZING DEVICE state". */
    public String spaced() {
        return name().replace('_', ' ');
    }
}
