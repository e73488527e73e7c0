package org.fairmq.device.testdevice;

import static org.fairmq.device.testdevice.ProtocolRun.DeviceSpec.of;

import org.fairmq.device.testdevice.ProtocolRun.Side;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ReqRep.ZeroMQ and ReqRep.ShMem (PROTOCOL.md 8): two requesters each send an empty request and
 * wait for the reply; the replier answers both. Java and C++ on either side; on shmem the empty
 * messages go out in the form given (11.13).
 */
class ReqRepTest extends ProtocolTestBase {
    @ParameterizedTest(name = "{0} rep, {1} reqs, {2}, empty messages as {3}")
    @CsvSource({
        "JAVA, JAVA, zeromq, frame",
        "JAVA, JAVA, shmem,  frame",
        "JAVA, CPP,  zeromq, frame",
        "JAVA, CPP,  shmem,  header",
        "CPP,  JAVA, zeromq, frame",
        "CPP,  JAVA, shmem,  header",
    })
    void shouldAnswerTwoRequesters(Side rep, Side reqs, String transport, String form) throws Exception {
        expectSuccess("REQ-REP test successfull",
                of(rep, "rep_" + transport, "--empty-message", form),
                of(reqs, "req_1" + transport, "--empty-message", form),
                of(reqs, "req_2" + transport, "--empty-message", form));
    }
}
