package org.fairmq.shm.transport.shmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fairmq.shm.interop.CppPeer;
import org.fairmq.shm.ipc.MessageQueue;
import org.fairmq.shm.protocol.ShmNames;
import org.fairmq.shm.testing.InteropBinaries;
import org.fairmq.shm.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HeartbeatSenderTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("heartbeat");

    @Test
    void shouldSendAboutTenHeartbeatsPerSecondToACppMonitorQueue() throws Exception {
        String queue = ShmNames.withPrefix(shm.prefix()).controlQueue();
        try (CppPeer cpp = CppPeer.start(InteropBinaries.peer())) {
            try (HeartbeatSender sender = HeartbeatSender.start(queue)) {
                Thread.sleep(300); // no queue yet: the sender backs off without error
                cpp.ok("queue-open-or-create " + queue + " 1000 1");
                Thread.sleep(1600); // at most 500 ms back-off, then ~100 ms period
            }
            long count = Long.parseLong(cpp.ok("queue-count " + queue));
            assertTrue(count >= 5 && count <= 20, "heartbeats at ~100 ms period in 1.1-1.6 s: " + count);
            assertEquals("1", cpp.ok("queue-receive " + queue + " 100"), "a heartbeat is the byte 0x01");
            cpp.ok("queue-remove " + queue);
        } finally {
            MessageQueue.remove(queue);
        }
    }
}
