package org.fairmq.device;

/**
 * Test device whose {@code run()} blocks in a receive on {@code data} without looking at the state
 * first: only the transport's interrupt (from STOP) gets it out.
 */
public final class BlockingRunDevice extends Device {
    @Override
    protected void run() {
        try (var message = newMessageFor("data", 0, 0)) {
            receive(message, "data", 0);
        }
    }
}
