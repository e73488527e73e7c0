package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalLong;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ShmPrefixExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeviceCounterProtocolTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("counter");

    @Test
    void shouldCountUsersAndRemoveSegmentsWhenTheLastLeaves() {
        ShmNames names = ShmNames.withPrefix(shm.prefix()).withMainSegment(shm.prefix() + "custom");
        try (NamedMutex mutex = NamedMutex.openOrCreate(names.mutex());
                ManagedSegment management = ManagedSegment.openOrCreate(names.managementSegment(), 65536);
                ManagedSegment first = ManagedSegment.openOrCreate(names.mainSegment(), 1 << 20);
                ManagedSegment second = ManagedSegment.openOrCreate(names.mainSegment(), 1 << 20)) {
            assertEquals(1, DeviceCounterProtocol.attach(first, mutex));
            assertEquals(2, DeviceCounterProtocol.attach(second, mutex));
            assertEquals(new DeviceCounterProtocol.Detached(1, false, false),
                    DeviceCounterProtocol.detach(second, mutex, names));
            assertEquals(OptionalLong.of(1), first.findDeviceCounter());
            // last out removes the configured main segment (our fix of D2) and the management segment
            assertEquals(new DeviceCounterProtocol.Detached(0, true, true),
                    DeviceCounterProtocol.detach(first, mutex, names));
            assertEquals(List.of("sem." + names.mutex()), DevShm.leftWith(shm.prefix()));
        } finally {
            NamedMutex.remove(names.mutex());
        }
    }

    @Test
    void shouldTimeOutInsteadOfHangingOnAMutexHeldElsewhere() {
        ShmNames names = ShmNames.withPrefix(shm.prefix());
        try (NamedMutex holder = NamedMutex.openOrCreate(names.mutex());
                NamedMutex.Guard held = holder.guard();
                NamedMutex other = NamedMutex.openOnly(names.mutex())) {
            assertThrows(ShmTimeoutException.class, () -> other.guard(50));
        } finally {
            NamedMutex.remove(names.mutex());
        }
    }
}
