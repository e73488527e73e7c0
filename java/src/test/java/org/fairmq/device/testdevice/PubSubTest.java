package org.fairmq.device.testdevice;

import static org.fairmq.device.testdevice.ProtocolRun.DeviceSpec.of;

import org.fairmq.device.testdevice.ProtocolRun.Side;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PubSub.ZeroMQ (PROTOCOL.md 8; zeromq only, fan-out is not for shared memory, 11.10): two
 * subscribers push "ready", the publisher publishes one message, both subscribers ack it.
 */
class PubSubTest extends ProtocolTestBase {
    @ParameterizedTest(name = "{0} pub, {1} subs")
    @CsvSource({"JAVA, JAVA", "JAVA, CPP", "CPP, JAVA"})
    void shouldPublishToTwoSubscribers(Side pub, Side subs) throws Exception {
        expectSuccess("PUB-SUB test successfull",
                of(pub, "pub_zeromq"), of(subs, "sub_1zeromq"), of(subs, "sub_2zeromq"));
    }
}
