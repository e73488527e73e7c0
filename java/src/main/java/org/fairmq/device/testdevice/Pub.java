package org.fairmq.device.testdevice;

import org.fairmq.transport.Message;

/**
 * {@code pub_*} (PROTOCOL.md 8, PubSub): waits for two "ready" messages on {@code control},
 * publishes one empty message on {@code data}, then waits for two acks on {@code control}.
 */
public final class Pub extends TestDevice {
    @Override
    protected void run() {
        try (Message ready1 = receivingMessage("control"); Message ready2 = receivingMessage("control")) {
            long r1 = receive(ready1, "control", 0);
            long r2 = receive(ready2, "control", 0);
            if (r1 < 0 || r2 < 0) {
                log.error("Failed receiving ready signal: r1 = {}, r2 = {}", r1, r2);
                return;
            }
        }
        log.info("Received both ready signals, proceeding to publish data");
        try (Message data = emptyMessage("data")) {
            long d1 = send(data, "data", 0);
            if (d1 >= 0) {
                log.info("Sent data: d1 = {}", d1);
            } else {
                log.error("Failed sending data: d1 = {}", d1);
            }
        }
        try (Message ack1 = receivingMessage("control"); Message ack2 = receivingMessage("control")) {
            long a1 = receive(ack1, "control", 0);
            long a2 = receive(ack2, "control", 0);
            if (a1 >= 0 && a2 >= 0) {
                log.info("PUB-SUB test successfull");
            } else {
                log.error("Failed receiving ack signal: a1 = {}, a2 = {}", a1, a2);
            }
        }
    }
}
