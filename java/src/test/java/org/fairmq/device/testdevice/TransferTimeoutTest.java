package org.fairmq.device.testdevice;

import static org.fairmq.device.testdevice.ProtocolRun.DeviceSpec.of;

import org.fairmq.device.testdevice.ProtocolRun.Side;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TransferTimeout.ZeroMQ and TransferTimeout.ShMem (PROTOCOL.md 8): with no peer, a send and a
 * receive with a 100 ms timeout both return -2 (with a size-0 MetaHeader, the send that gives up
 * keeps and later frees its chunk). A single device, so there is no cross-language pairing; the C++
 * twin is run too, as a reference point.
 */
class TransferTimeoutTest extends ProtocolTestBase {
    @ParameterizedTest(name = "{0}, {1}, empty message as {2}")
    @CsvSource({
        "JAVA, zeromq, frame",
        "JAVA, shmem,  header",
        "CPP,  shmem,  header",
    })
    void shouldGiveUpAfterTheTimeout(Side side, String transport, String form) throws Exception {
        expectSuccess("Transfer timeout test successfull",
                of(side, "transfer_timeout_" + transport, "--empty-message", form));
    }
}
