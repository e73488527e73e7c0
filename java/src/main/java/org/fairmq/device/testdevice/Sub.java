package org.fairmq.device.testdevice;

import org.fairmq.transport.Message;

/**
 * {@code sub_*} (PROTOCOL.md 8, PubSub): pushes "ready" on {@code control}, receives the published
 * message on {@code data}, pushes an ack on {@code control}.
 */
public final class Sub extends TestDevice {
    @Override
    protected void run() {
        long r1;
        try (Message ready = emptyMessage("control")) {
            r1 = send(ready, "control", 0);
        }
        if (r1 < 0) {
            log.error("Failed sending ready signal: r1 = {}", r1);
            return;
        }
        log.info("Sent first control signal");
        long d1;
        try (Message data = receivingMessage("data")) {
            d1 = receive(data, "data", 0);
        }
        if (d1 < 0) {
            log.error("Failed receiving data: d1 = {}", d1);
            return;
        }
        log.info("Received data");
        try (Message ack = emptyMessage("control")) {
            long a1 = send(ack, "control", 0);
            if (a1 >= 0) {
                log.info("Sent second control signal");
            } else {
                log.error("Failed sending ack signal: a1 = {}", a1);
            }
        }
    }
}
