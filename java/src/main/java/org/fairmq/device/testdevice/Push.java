package org.fairmq.device.testdevice;

import org.fairmq.transport.Message;

/** {@code push_*} (PROTOCOL.md 8, PushPull): sends one empty message on {@code data}. */
public final class Push extends TestDevice {
    @Override
    protected void run() {
        try (Message message = emptyMessage("data")) {
            send(message, "data", 0);
        }
    }
}
