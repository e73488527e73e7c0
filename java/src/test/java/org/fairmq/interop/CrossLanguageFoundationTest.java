package org.fairmq.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import org.fairmq.ipc.DeviceCounterProtocol;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.MessageQueue;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.ipc.NativeInfo;
import org.fairmq.ipc.SharedRegion;
import org.fairmq.protocol.Protocol2017;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The foundation objects shared across languages: a C++ process written from PROTOCOL.md with
 * Boost.Interprocess only (interop-tests/peer) on one side, our Java API on the other, both ways.
 */
class CrossLanguageFoundationTest {
    private static final long SEGMENT_SIZE = 4 << 20;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("xlang");

    private CppPeer cpp;
    private ShmNames names;

    @BeforeEach
    void startPeer() {
        cpp = CppPeer.start(InteropBinaries.peer());
        names = ShmNames.withPrefix(shm.prefix());
    }

    @AfterEach
    void stopPeer() {
        cpp.close();
        ManagedSegment.remove(names.mainSegment());
        ManagedSegment.remove(names.managementSegment());
        NamedMutex.remove(names.mutex());
        MessageQueue.remove(names.controlQueue());
        SharedRegion.remove(names.region(1));
        SharedRegion.remove(names.region(2));
    }

    @Test
    void shouldBuildAgainstTheSameBoostAsThePeer() {
        assertEquals(cpp.ok("boost-version"), NativeInfo.boostVersion());
    }

    @Test
    void shouldIncrementADeviceCounterCreatedByCpp() {
        cpp.ok("segment-create " + names.mainSegment() + " " + SEGMENT_SIZE);
        cpp.ok("counter-construct " + names.mainSegment() + " 1");
        try (ManagedSegment main = ManagedSegment.openOnly(names.mainSegment())) {
            assertEquals(OptionalLong.of(1), main.findDeviceCounter());
            assertEquals(2, main.addToDeviceCounter(1));
            assertEquals("2", cpp.ok("counter-find " + names.mainSegment()));
            assertEquals(main.deviceCounterHandle().getAsLong(), cpp.okLong("handle-of-counter " + names.mainSegment()));
        }
    }

    @Test
    void shouldLetCppIncrementADeviceCounterCreatedByJava() {
        try (ManagedSegment main = ManagedSegment.createOnly(names.mainSegment(), SEGMENT_SIZE)) {
            main.constructDeviceCounter(1);
            cpp.ok("segment-open " + names.mainSegment());
            assertEquals(2, cpp.okLong("counter-increment " + names.mainSegment()));
            assertEquals(OptionalLong.of(2), main.findDeviceCounter());
        }
    }

    @Test
    void shouldRunTheDeviceCounterProtocolAcrossLanguagesWithLastOutRemoval() {
        try (NamedMutex mutex = NamedMutex.openOrCreate(names.mutex());
                ManagedSegment management = ManagedSegment.openOrCreate(names.managementSegment(),
                        Protocol2017.MANAGEMENT_SEGMENT_SIZE);
                ManagedSegment main = ManagedSegment.openOrCreate(names.mainSegment(), SEGMENT_SIZE)) {
            assertEquals(1, DeviceCounterProtocol.attach(main, mutex));
            cpp.ok("segment-open " + names.mainSegment());
            assertEquals("2", cpp.ok("device-attach " + names.mainSegment() + " " + names.mutex()));
            // Java leaves first: C++ is still there, nothing is removed
            assertEquals(new DeviceCounterProtocol.Detached(1, false, false),
                    DeviceCounterProtocol.detach(main, mutex, names));
            // C++ leaves last and removes both segments
            assertEquals("0 1 1", cpp.ok("device-detach " + names.mainSegment() + " " + names.mutex() + " "
                    + names.managementSegment()));
            assertEquals(List.of("sem." + names.mutex()), DevShm.leftWith(shm.prefix()));
        }
    }

    @Test
    void shouldLetJavaLeaveLastAfterCpp() {
        cpp.ok("segment-open-or-create " + names.mainSegment() + " " + SEGMENT_SIZE);
        cpp.ok("segment-open-or-create " + names.managementSegment() + " " + Protocol2017.MANAGEMENT_SEGMENT_SIZE);
        assertEquals("1", cpp.ok("device-attach " + names.mainSegment() + " " + names.mutex()));
        try (NamedMutex mutex = NamedMutex.openOnly(names.mutex());
                ManagedSegment main = ManagedSegment.openOnly(names.mainSegment())) {
            assertEquals(2, DeviceCounterProtocol.attach(main, mutex));
            assertEquals("1 0 0", cpp.ok("device-detach " + names.mainSegment() + " " + names.mutex() + " "
                    + names.managementSegment()));
            assertEquals(new DeviceCounterProtocol.Detached(0, true, true),
                    DeviceCounterProtocol.detach(main, mutex, names));
        }
    }

    @Test
    void shouldReadInCppWhatJavaWroteThroughTheHandle() {
        try (ManagedSegment main = ManagedSegment.createOnly(names.mainSegment(), SEGMENT_SIZE)) {
            long before = main.freeMemory();
            long handle = main.allocate(100_000);
            Payloads.fill(main.buffer(handle, 100_000), 11);
            cpp.ok("segment-open " + names.mainSegment());
            cpp.ok("read-verify " + names.mainSegment() + " " + handle + " 100000 11");
            String mismatch = cpp.raw("read-verify " + names.mainSegment() + " " + handle + " 100000 12");
            assertTrue(mismatch.startsWith("ERR read-verify"), mismatch);
            cpp.ok("free " + names.mainSegment() + " " + handle); // the receiver frees
            assertEquals(before, main.freeMemory());
        }
    }

    @Test
    void shouldReadInJavaWhatCppWroteThroughTheHandle() {
        cpp.ok("segment-create " + names.mainSegment() + " " + SEGMENT_SIZE);
        try (ManagedSegment main = ManagedSegment.openOnly(names.mainSegment())) {
            long before = main.freeMemory();
            long handle = cpp.okLong("alloc-write " + names.mainSegment() + " 65536 23");
            ByteBuffer payload = main.buffer(handle, 65536);
            assertEquals(-1, Payloads.firstMismatch(payload, 23));
            main.deallocate(handle);
            assertEquals(before, main.freeMemory());
            assertEquals(before, cpp.okLong("segment-free " + names.mainSegment()));
        }
    }

    @Test
    void shouldCarryHeartbeatsThroughTheControlQueueBothWays() {
        try (MessageQueue monitorSide = MessageQueue.openOrCreate(names.controlQueue(),
                Protocol2017.CONTROL_QUEUE_CAPACITY, Protocol2017.CONTROL_QUEUE_MESSAGE_SIZE)) {
            cpp.ok("queue-open " + names.controlQueue());
            cpp.ok("queue-send " + names.controlQueue() + " 1 100");
            assertEquals(Protocol2017.HEARTBEAT_VALUE, monitorSide.receiveByte(1000));
            assertTrue(monitorSide.sendByte(Protocol2017.HEARTBEAT_VALUE, 100));
            assertEquals("1", cpp.ok("queue-receive " + names.controlQueue() + " 1000"));
            String timeout = cpp.raw("queue-receive " + names.controlQueue() + " 20");
            assertTrue(timeout.startsWith("ERR") && timeout.contains("timed out"), timeout);
        }
        try (MessageQueue deviceSide = MessageQueue.openOnly(names.controlQueue())) {
            assertEquals(1000, deviceSide.maxMessages());
            assertEquals(1, deviceSide.maxMessageSize());
        }
    }

    @Test
    void shouldBlockEachLanguageWhileTheOtherHoldsTheMutex() {
        cpp.ok("mutex-open " + names.mutex());
        cpp.ok("mutex-lock " + names.mutex());
        try (NamedMutex mutex = NamedMutex.openOnly(names.mutex())) {
            assertFalse(mutex.tryLock());
            assertFalse(mutex.timedLock(50));
            cpp.ok("mutex-unlock " + names.mutex());
            assertTrue(mutex.timedLock(1000));
            assertEquals("0", cpp.ok("mutex-trylock " + names.mutex()));
            assertEquals("0", cpp.ok("mutex-timedlock " + names.mutex() + " 50"));
            mutex.unlock();
            assertEquals("1", cpp.ok("mutex-trylock " + names.mutex()));
            cpp.ok("mutex-unlock " + names.mutex());
        }
    }

    @Test
    void shouldShareRegionsBothWays() {
        try (SharedRegion javaRegion = SharedRegion.createOnly(names.region(1), 1 << 20)) {
            Payloads.fill(javaRegion.buffer(4096, 50_000), 31);
            assertEquals(String.valueOf(1 << 20), cpp.ok("region-open " + names.region(1)));
            cpp.ok("region-verify " + names.region(1) + " 4096 50000 31");
        }
        cpp.ok("region-create " + names.region(2) + " 70000");
        cpp.ok("region-write " + names.region(2) + " 0 70000 32");
        try (SharedRegion cppRegion = SharedRegion.openOnly(names.region(2))) {
            assertEquals(70_000, cppRegion.size());
            assertEquals(-1, Payloads.firstMismatch(cppRegion.buffer(0, 70_000), 32));
        }
    }

    @Test
    void shouldAgreeOnMissingObjects() {
        String cppError = cpp.raw("segment-open " + names.mainSegment());
        assertTrue(cppError.startsWith("ERR") && cppError.contains("No such file or directory"), cppError);
        String cppQueue = cpp.raw("queue-open " + names.controlQueue());
        assertTrue(cppQueue.startsWith("ERR"), cppQueue);
    }
}
