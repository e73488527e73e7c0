package org.fairmq.device;

/** State machine events with the reference's enum values (PROTOCOL.md 6.6.2). */
public enum Event {
    INIT_DEVICE(true),
    INTERNAL_DEVICE_READY(false),
    INIT_TASK(true),
    INTERNAL_READY(false),
    RUN(true),
    PAUSE(true),
    STOP(true),
    RESET_TASK(true),
    RESET_DEVICE(true),
    INTERNAL_IDLE(false),
    END(true),
    ERROR_FOUND(true);

    private final boolean external;

    Event(boolean external) {
        this.external = external;
    }

    /** Accepted by {@code ChangeState(string)}. */
    public boolean isExternal() {
        return external;
    }

    /** The reference's event name, e.g. {@code internal_DEVICE_READY}. */
    public String text() {
        return external ? name() : "internal_" + name().substring("INTERNAL_".length());
    }

    /** Parses an external event name; the error lists the supported ones (6.6.2). */
    public static Event parse(String text) {
        for (Event event : values()) {
            if (event.external && event.name().equals(text)) {
                return event;
            }
        }
        StringBuilder supported = new StringBuilder();
        for (Event event : values()) {
            if (event.external) {
                supported.append(supported.length() == 0 ? "" : ", ").append(event.name());
            }
        }
        throw new IllegalArgumentException("Requested number for non-existent event... " + text + " Supported are: "
                + supported);
    }
}
