package org.fairmq.device.testdevice;

import org.fairmq.transport.Message;

/** {@code req_*} (PROTOCOL.md 8, ReqRep): sends an empty request on {@code data} and waits for the reply. */
public final class Req extends TestDevice {
    @Override
    protected void run() {
        try (Message request = emptyMessage("data"); Message reply = receivingMessage("data")) {
            send(request, "data", 0);
            if (receive(reply, "data", 0) >= 0) {
                log.info("received reply");
            }
        }
    }
}
