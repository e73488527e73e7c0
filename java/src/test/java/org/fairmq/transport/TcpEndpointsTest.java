package org.fairmq.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TcpEndpointsTest {
    @Test
    void onlyTcpEndpointsOtherHostsCanReachAreNotLoopback() {
        for (String local : new String[] {"ipc:///tmp/x.ipc", "inproc://x", "tcp://127.0.0.1:5555", "tcp://127.1.2.3:1",
                "tcp://localhost:5555", "tcp://[::1]:5555", "TCP://LOCALHOST:1", "tcp://127.0.0.1:0;10.1.1.1:5555"}) {
            assertTrue(TcpEndpoints.isLoopback(local), local);
        }
        for (String exposed : new String[] {"tcp://*:5555", "tcp://0.0.0.0:5555", "tcp://10.1.2.3:5555", "tcp://eth0:5555",
                "tcp://[::]:5555", "tcp://myhost:5555"}) {
            assertFalse(TcpEndpoints.isLoopback(exposed), exposed);
        }
    }
}
