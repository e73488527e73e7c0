package org.fairmq.device.testdevice;

import java.util.List;
import org.fairmq.device.ChannelPoller;
import org.fairmq.device.State;
import org.fairmq.transport.Message;

/**
 * {@code pollin_*} (PROTOCOL.md 8, Poller): polls {@code data1} and {@code data2} every 100 ms until a
 * message arrived on both. {@code --poll-type 0} builds the poller from the two sub-channels and
 * checks by flat index; {@code 1} builds it from the channel names and checks by (name, 0).
 */
public final class PollIn extends TestDevice {
    @Override
    protected void run() {
        if (pollType != 0 && pollType != 1) {
            throw new IllegalArgumentException("wrong poll type provided: " + pollType); // -> ERROR, exit code 1
        }
        boolean byName = pollType == 1;
        boolean arrived1 = false;
        boolean arrived2 = false;
        try (ChannelPoller poller = byName ? newPoller("data1", "data2")
                     : newPoller(List.of(channel("data1", 0), channel("data2", 0)));
             Message m1 = receivingMessage("data1"); Message m2 = receivingMessage("data2")) {
            while (!(arrived1 && arrived2) && checkCurrentState(State.RUNNING)) {
                poller.poll(100);
                if (byName ? poller.checkInput("data1", 0) : poller.checkInput(0)) {
                    log.debug(byName ? "CheckInput(\"data1\", 0) triggered" : "CheckInput(0) triggered");
                    arrived1 |= receive(m1, "data1", 0) >= 0;
                }
                if (byName ? poller.checkInput("data2", 0) : poller.checkInput(1)) {
                    log.debug(byName ? "CheckInput(\"data2\", 0) triggered" : "CheckInput(1) triggered");
                    arrived2 |= receive(m2, "data2", 0) >= 0;
                }
            }
        }
        if (arrived1 && arrived2) {
            log.info("POLL test successfull");
        }
    }
}
