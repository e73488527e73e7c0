package org.fairmq.device.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelConfigTest {
    private static final String JSON = """
            {
              "fairMQOptions": {
                "devices": [
                  { "id": "sampler1",
                    "channels": [ { "name": "data", "type": "push", "method": "bind",
                                    "sockets": [ { "address": "tcp://*:5555" }, { "address": "tcp://*:5556", "sndBufSize": 10 } ] } ] },
                  { "id": "other", "key": "processor",
                    "channel": { "name": "in", "type": "pull", "method": "connect", "address": "tcp://localhost:5555",
                                 "numSockets": 3, "rateLogging": "0" } }
                ],
                "device": { "id": "sink1", "channel": { "name": "data", "type": "pull", "method": "connect",
                                                        "address": "tcp://localhost:5555", "transport": "shmem" } },
                "device": { "id": "sink1", "channel": { "name": "extra", "type": "pull" },
                                           "channel": { "name": "data", "type": "push" } }
              }
            }
            """;

    @Test
    void shouldReadSocketsArraysWithChannelLevelDefaults() {
        ChannelConfig config = ChannelConfig.fromJson(JSON, "sampler1", "test.json");
        List<SubChannelSpec> data = config.channels().get("data");
        assertEquals(2, data.size());
        assertEquals("push", data.get(0).type());
        assertEquals("bind", data.get(0).method());
        assertEquals("tcp://*:5555", data.get(0).address());
        assertEquals(1000, data.get(0).sndBufSize());
        assertEquals(10, data.get(1).sndBufSize());
        assertEquals("default", data.get(1).transport());
        assertEquals(1, data.get(1).rateLogging());
    }

    @Test
    void shouldMatchByKeyAndExpandNumSockets() {
        ChannelConfig config = ChannelConfig.fromJson(JSON, "processor", "test.json");
        List<SubChannelSpec> in = config.channels().get("in");
        assertEquals(3, in.size());
        assertEquals(0, in.get(2).rateLogging());
        assertEquals(ChannelConfig.fromJson(JSON, "other", "test.json").channels(), java.util.Map.of(),
                "a device with a key is matched by its key, not its id");
    }

    @Test
    void shouldMergeRepeatedDeviceKeysFirstChannelWins() {
        ChannelConfig config = ChannelConfig.fromJson(JSON, "sink1", "test.json");
        assertEquals(List.of("data", "extra"), List.copyOf(config.channels().keySet()));
        assertEquals("pull", config.channels().get("data").get(0).type());
        assertEquals("shmem", config.channels().get("data").get(0).transport());
        SubChannelSpec extra = config.channels().get("extra").get(0);
        assertEquals("unspecified", extra.method(), "the code's default, not the README's empty string");
        assertEquals("unspecified", extra.address());
    }

    @Test
    void shouldReadXml() {
        String xml = """
                <fairMQOptions>
                  <device id="sink1">
                    <channel name="data">
                      <socket name="ignored"><type>pull</type><method>connect</method><address>ipc:///tmp/x</address>
                        <rcvBufSize>5</rcvBufSize></socket>
                      <socket><type>pull</type><method>connect</method><address>ipc:///tmp/y</address></socket>
                    </channel>
                  </device>
                </fairMQOptions>
                """;
        List<SubChannelSpec> data = ChannelConfig.fromXml(xml, "sink1", "test.xml").channels().get("data");
        assertEquals(2, data.size());
        assertEquals(5, data.get(0).rcvBufSize());
        assertEquals("ipc:///tmp/y", data.get(1).address());
    }

    @Test
    void shouldReadChannelConfigArgumentsAndStopAtASpace() {
        ChannelConfig config = ChannelConfig.fromChannelConfigArguments(List.of(
                "name=data,type=push,method=bind,address=tcp://*:5555,unknown=1",
                "name=data,type=push,method=bind,address=tcp://*:5556 rateLogging=7",
                "type=pull"));
        List<SubChannelSpec> data = config.channels().get("data");
        assertEquals(2, data.size());
        assertEquals("tcp://*:5556", data.get(1).address());
        assertEquals(1, data.get(1).rateLogging());
        assertEquals(1, config.channels().size(), "an argument without name is skipped");
    }

    @Test
    void shouldNameFileDeviceAndKeyInErrors() {
        String bad = "{\"fairMQOptions\":{\"device\":{\"id\":\"d1\",\"channel\":{\"name\":\"data\",\"sndBufSize\":\"lots\"}}}}";
        ConfigException e = assertThrows(ConfigException.class, () -> ChannelConfig.fromJson(bad, "d1", "topo.json"));
        assertEquals("topo.json: device \"d1\", channel \"data\": key \"sndBufSize\" must be an integer, got \"lots\"",
                e.getMessage());
        ConfigException noName = assertThrows(ConfigException.class, () -> ChannelConfig.fromJson(
                "{\"fairMQOptions\":{\"device\":{\"id\":\"d1\",\"channel\":{\"type\":\"push\"}}}}", "d1", "topo.json"));
        assertEquals("topo.json: device \"d1\": a channel has no \"name\"", noName.getMessage());
        ConfigException malformed = assertThrows(ConfigException.class,
                () -> ChannelConfig.fromJson("{\"fairMQOptions\": [", "d1", "topo.json"));
        assertTrue(malformed.getMessage().startsWith("topo.json: malformed JSON"), malformed.getMessage());
    }
}
