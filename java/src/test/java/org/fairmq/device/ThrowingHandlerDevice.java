package org.fairmq.device;

/**
 * Test device: sends one message from {@code data-out} to its own {@code data-in}, whose data
 * handler throws an {@link Error} (not a RuntimeException).
 */
public final class ThrowingHandlerDevice extends Device {
    public static void main(String[] args) {
        DeviceMain.run(args, ThrowingHandlerDevice::new);
    }

    @Override
    protected void initTask() {
        onData("data-in", (message, index) -> {
            throw new AssertionError("handler gave up");
        });
    }

    @Override
    protected void preRun() {
        send(newMessageFor("data-out", 0, 16), "data-out", 0);
    }
}
