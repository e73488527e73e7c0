package org.fairmq.device.testdevice;

import org.fairmq.transport.Message;

/** {@code pull_*} (PROTOCOL.md 8, PushPull): receives one message on {@code data}. */
public final class Pull extends TestDevice {
    @Override
    protected void run() {
        try (Message message = receivingMessage("data")) {
            if (receive(message, "data", 0) >= 0) {
                log.info("PUSH-PULL test successfull");
            }
        }
    }
}
