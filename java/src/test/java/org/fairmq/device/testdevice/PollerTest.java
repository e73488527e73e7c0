package org.fairmq.device.testdevice;

import static org.fairmq.device.testdevice.ProtocolRun.DeviceSpec.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fairmq.device.testdevice.ProtocolRun.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Poller.ZeroMQ_subchannel / ShMem_subchannel (poll type 0: a poller of sub-channels, checked by
 * flat index) and Poller.ZeroMQ_channel / ShMem_channel (poll type 1: a poller of channel names,
 * checked by (name, 0)) of PROTOCOL.md 8: pollout sends one empty message on data1 and on data2,
 * pollin polls until both arrived.
 */
class PollerTest extends ProtocolTestBase {
    @ParameterizedTest(name = "{0} pollout -> {1} pollin, {2}, poll type {3}, empty message as {4}")
    @CsvSource({
        "JAVA, JAVA, zeromq, 0, frame",
        "JAVA, JAVA, zeromq, 1, frame",
        "JAVA, JAVA, shmem,  0, frame",
        "JAVA, JAVA, shmem,  1, header",
        "CPP,  JAVA, zeromq, 0, frame",
        "CPP,  JAVA, shmem,  1, header",
        "JAVA, CPP,  zeromq, 1, frame",
        "JAVA, CPP,  shmem,  0, frame",
    })
    void shouldSeeBothChannels(Side out, Side in, String transport, int pollType, String form) throws Exception {
        expectSuccess("POLL test successfull",
                of(out, "pollout_" + transport, "--empty-message", form),
                of(in, "pollin_" + transport, "--poll-type", Integer.toString(pollType)));
    }

    /** A device that ends in ERROR (terminal, 6.6.3) still gives its shared memory back when it exits. */
    @Test
    void shouldEndInErrorOnAWrongPollTypeAndReleaseTheSharedMemory() throws Exception {
        ProtocolRun.Outcome outcome = protocol.run(of(Side.JAVA, "pollin_shmem", "--poll-type", "5"));
        assertEquals(1, outcome.exitSum(), outcome.output());
        assertTrue(outcome.output().contains("wrong poll type provided: 5"), outcome.output());
        assertEquals(List.of(), protocol.leftBesidesMutex(), outcome.output());
    }
}
