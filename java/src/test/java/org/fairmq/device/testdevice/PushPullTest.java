package org.fairmq.device.testdevice;

import static org.fairmq.device.testdevice.ProtocolRun.DeviceSpec.of;

import org.fairmq.device.testdevice.ProtocolRun.Side;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PushPull.MP_ZeroMQ__tcp____SingleMsg and PushPull.MP_ShMem___tcp____SingleMsg (PROTOCOL.md 8):
 * push_* sends one empty message, pull_* receives it; Java and C++ on either side. On shmem the
 * pusher sends the empty message as a zero-length frame or as a size-0 MetaHeader (11.13).
 */
class PushPullTest extends ProtocolTestBase {
    @ParameterizedTest(name = "{0} push -> {1} pull, {2}, empty message as {3}")
    @CsvSource({
        "JAVA, JAVA, zeromq, frame",
        "JAVA, JAVA, shmem,  frame",
        "JAVA, CPP,  zeromq, frame",
        "CPP,  JAVA, zeromq, frame",
        "JAVA, CPP,  shmem,  frame",
        "JAVA, CPP,  shmem,  header",
        "CPP,  JAVA, shmem,  frame",
        "CPP,  JAVA, shmem,  header",
    })
    void shouldDeliverOneEmptyMessage(Side push, Side pull, String transport, String form) throws Exception {
        expectSuccess("PUSH-PULL test successfull",
                of(push, "push_" + transport, "--empty-message", form),
                of(pull, "pull_" + transport));
    }
}
