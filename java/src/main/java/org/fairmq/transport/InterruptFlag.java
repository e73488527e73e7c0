package org.fairmq.transport;

/**
 * The interrupt state of one transport: blocking sends, receives and allocations give up while it
 * is set (PROTOCOL.md 4.7). The reference keeps one such flag per socket class for the whole
 * process (D16); ours belongs to one transport, so devices in one process do not stop each other.
 * Thread-safe.
 */
public final class InterruptFlag {
    private volatile boolean interrupted;

    public boolean isSet() {
        return interrupted;
    }

    public void set() {
        interrupted = true;
    }

    public void clear() {
        interrupted = false;
    }
}
