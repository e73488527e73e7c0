package org.fairmq.device.testdevice;

import org.fairmq.transport.Message;

/** {@code pollout_*} (PROTOCOL.md 8, Poller): sends one empty message on {@code data1} and one on {@code data2}. */
public final class PollOut extends TestDevice {
    @Override
    protected void run() {
        try (Message m1 = emptyMessage("data1"); Message m2 = emptyMessage("data2")) {
            send(m1, "data1", 0);
            send(m2, "data2", 0);
        }
    }
}
