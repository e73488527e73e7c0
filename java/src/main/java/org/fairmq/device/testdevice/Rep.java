package org.fairmq.device.testdevice;

import org.fairmq.transport.Message;

/**
 * {@code rep_*} (PROTOCOL.md 8, ReqRep): answers two requests on {@code data}, then reports success
 * unconditionally, as the reference does.
 */
public final class Rep extends TestDevice {
    @Override
    protected void run() {
        for (int i = 1; i <= 2; i++) {
            try (Message request = receivingMessage("data")) {
                if (receive(request, "data", 0) >= 0) {
                    log.info("Received request {}", i);
                    try (Message reply = emptyMessage("data")) {
                        send(reply, "data", 0);
                    }
                }
            }
        }
        log.info("REQ-REP test successfull");
    }
}
