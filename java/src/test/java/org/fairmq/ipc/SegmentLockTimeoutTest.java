package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.fairmq.interop.CppPeer;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.InteropBinaries;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * A C++ peer killed while it holds a lock inside the segment (PROTOCOL.md 1.3, 2.4): every call
 * that needs the lock fails after {@link LockTimeout} with a {@link ShmTimeoutException} naming the
 * segment, the likely cause and the remedy, instead of waiting forever.
 */
class SegmentLockTimeoutTest {
    private static final long TIMEOUT_MS = 300;
    /** Generous: the machine runs other builds beside us. */
    private static final long SLACK_MS = 10_000;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("locks");

    private long previousTimeout;
    private String name;

    @BeforeEach
    void shortTimeout() {
        previousTimeout = LockTimeout.set(TIMEOUT_MS);
        name = shm.prefix() + "main";
    }

    @AfterEach
    void restoreTimeout() {
        LockTimeout.set(previousTimeout);
        ManagedSegment.remove(name);
    }

    /** Has the C++ peer run {@code command} on the segment, then kills it with SIGKILL. */
    private void lockAndDie(String command) throws InterruptedException {
        CppPeer peer = CppPeer.start(InteropBinaries.peer());
        try {
            peer.ok("segment-open " + name);
            peer.ok(command + " " + name);
        } finally {
            peer.process().destroyForcibly(); // SIGKILL: the lock stays locked in the segment
            assertTrue(peer.process().waitFor(30, TimeUnit.SECONDS));
        }
    }

    private String expectedMessage(String operation) {
        return operation + " \"" + name + "\": its lock inside shared memory was not released within " + TIMEOUT_MS
                + " ms: it is held by a process that may be dead (killed while holding it; these locks are not robust);"
                + " remove the topology's shared memory with fairmq-shmmonitor --cleanup and restart the devices";
    }

    private void assertTimesOut(String operation, Executable call) {
        long start = System.nanoTime();
        ShmTimeoutException e = assertThrows(ShmTimeoutException.class, call);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(expectedMessage(operation), e.getMessage());
        assertTrue(ms >= TIMEOUT_MS - 5 && ms < TIMEOUT_MS + SLACK_MS, "bounded by the timeout: " + ms + " ms");
    }

    @Test
    void shouldBoundEveryAllocatorCallWhenAPeerDiedHoldingTheAllocatorMutex() throws Exception {
        try (ManagedSegment segment = ManagedSegment.createOnly(name, 1 << 20)) {
            long chunk = segment.allocate(64);
            lockAndDie("segment-lock-mutex");
            assertEquals(TIMEOUT_MS, LockTimeout.get());
            assertTimesOut("allocate 64 bytes in", () -> segment.tryAllocate(64));
            assertTimesOut("allocate 64 bytes in", () -> segment.allocate(64));
            assertTimesOut("deallocate handle " + chunk + " in", () -> segment.deallocate(chunk));
            assertTimesOut("construct DeviceCounter in", () -> segment.constructDeviceCounter(1));
            assertTimesOut("check_sanity", segment::checkSanity);
            assertEquals(OptionalLong.empty(), segment.findDeviceCounter(), "find takes the index mutex only");
            assertTrue(segment.freeMemory() > 0, "free memory takes no lock");
        }
    }

    @Test
    void shouldBoundTheDeviceCounterProtocolWhenAPeerDiedHoldingTheIndexMutex() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        try (NamedMutex mutex = NamedMutex.openOrCreate(names.mutex());
                ManagedSegment segment = ManagedSegment.createOnly(name, 1 << 20)) {
            assertEquals(1, DeviceCounterProtocol.attach(segment, mutex));
            lockAndDie("segment-lock-index");
            assertTimesOut("find DeviceCounter in", () -> DeviceCounterProtocol.attach(segment, mutex));
            assertTimesOut("update DeviceCounter in", () -> DeviceCounterProtocol.detach(segment, mutex, names));
            assertTrue(mutex.tryLock(), "the named mutex was released on the way out");
            mutex.unlock();
            long chunk = segment.tryAllocate(64);
            assertTrue(chunk > 0, "allocate takes the allocator mutex only");
            segment.deallocate(chunk);
        } finally {
            NamedMutex.remove(names.mutex());
        }
    }

    @Test
    void shouldBoundTheDeviceCounterProtocolWhenAPeerDiedHoldingTheNamedMutex() throws Exception {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        try (NamedMutex mutex = NamedMutex.openOrCreate(names.mutex());
                ManagedSegment segment = ManagedSegment.createOnly(name, 1 << 20)) {
            assertEquals(1, DeviceCounterProtocol.attach(segment, mutex));
            CppPeer peer = CppPeer.start(InteropBinaries.peer());
            try {
                peer.ok("mutex-open " + names.mutex());
                peer.ok("mutex-lock " + names.mutex());
            } finally {
                peer.process().destroyForcibly();
                assertTrue(peer.process().waitFor(30, TimeUnit.SECONDS));
            }
            long start = System.nanoTime();
            ShmTimeoutException e = assertThrows(ShmTimeoutException.class,
                    () -> DeviceCounterProtocol.detach(segment, mutex, names));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms >= TIMEOUT_MS - 5 && ms < TIMEOUT_MS + SLACK_MS, "bounded: " + ms + " ms");
            assertEquals("named_mutex timed_lock \"" + names.mutex() + "\": not acquired within " + TIMEOUT_MS
                    + " ms (held by another process, or left locked by one that died: see shmmonitor --cleanup)",
                    e.getMessage());
            assertEquals(OptionalLong.of(1), segment.findDeviceCounter(), "nothing decremented without the mutex");
        } finally {
            NamedMutex.remove(names.mutex());
        }
    }
}
