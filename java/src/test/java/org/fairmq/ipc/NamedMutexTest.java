package org.fairmq.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.fairmq.testing.DevShm;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.testing.ThreadPerTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NamedMutexTest {
    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("mutex");

    private String name() {
        return shm.prefix() + "mutex";
    }

    @Test
    void shouldBlockOtherHandlesWhileHeld() throws Exception {
        try (NamedMutex a = NamedMutex.openOrCreate(name()); NamedMutex b = NamedMutex.openOnly(name())) {
            try (NamedMutex.Guard guard = a.guard()) {
                assertFalse(b.tryLock());
                assertFalse(b.timedLock(30));
                assertThrows(ShmTimeoutException.class, () -> b.guard(30));
            }
            CompletableFuture<Boolean> later = ThreadPerTask.supply(() -> b.timedLock(2000));
            assertTrue(later.get());
            b.unlock();
        } finally {
            NamedMutex.remove(name());
        }
    }

    @Test
    void shouldLiveInDevShmAsASemaphore() {
        try (NamedMutex mutex = NamedMutex.createOnly(name())) {
            assertEquals(List.of("sem." + name()), DevShm.leftWith(shm.prefix()));
            assertThrows(ShmAlreadyExistsException.class, () -> NamedMutex.createOnly(name()));
        }
        assertTrue(NamedMutex.remove(name()));
        assertFalse(NamedMutex.remove(name()));
        assertThrows(ShmNotFoundException.class, () -> NamedMutex.openOnly(name()));
    }

    @Test
    void shouldRefuseUseAfterClose() {
        NamedMutex mutex = NamedMutex.createOnly(name());
        mutex.close();
        NamedMutex.remove(name());
        assertThrows(IllegalStateException.class, mutex::tryLock);
    }
}
