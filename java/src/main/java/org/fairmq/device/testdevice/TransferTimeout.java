package org.fairmq.device.testdevice;

import org.fairmq.transport.Message;
import org.fairmq.transport.Transfer;

/**
 * {@code transfer_timeout_*} (PROTOCOL.md 8, TransferTimeout): with no peer connected, a send on
 * {@code data-out} and a receive on {@code data-in}, each with a 100 ms timeout, must both return -2.
 * The only test device without the Init and Reset sleeps.
 */
public final class TransferTimeout extends TestDevice {
    @Override
    protected void init() {}

    @Override
    protected void reset() {}

    @Override
    protected void run() {
        boolean sendCanceling;
        boolean receiveCanceling;
        try (Message out = emptyMessage("data-out"); Message in = receivingMessage("data-in")) {
            sendCanceling = send(out, "data-out", 0, 100) == Transfer.TIMEOUT;
            if (sendCanceling) {
                log.info("send canceled");
            } else {
                log.error("send did not cancel");
            }
            receiveCanceling = receive(in, "data-in", 0, 100) == Transfer.TIMEOUT;
            if (receiveCanceling) {
                log.info("receive canceled");
            } else {
                log.error("receive did not cancel");
            }
        }
        if (sendCanceling && receiveCanceling) {
            log.info("Transfer timeout test successfull");
        }
    }
}
