package org.fairmq.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fairmq.bindings.ShmNative;
import org.fairmq.ipc.NamedMutex;
import org.fairmq.protocol.ShmNames;
import org.fairmq.testing.ShmPrefixExtension;
import org.fairmq.testing.ThreadPerTask;
import org.fairmq.transport.shmem.ShmOptions;
import org.fairmq.transport.shmem.ShmTransportFactory;
import org.fairmq.transport.zeromq.ZmqTransportFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A receive that a signal interrupts inside libzmq (EINTR, what JFR's or a profiler's sampler
 * causes in a JVM) goes on waiting and then gets the message, on both transports (README
 * "Deliberate differences"). The signal is SIGURG sent to the waiting thread itself
 * (jni/ThreadSignal.h), many times while it waits.
 */
class SignalInterruptedTransferTest {
    private static final int SIGNALS = 200;

    @RegisterExtension
    final ShmPrefixExtension shm = new ShmPrefixExtension("eintr");

    private TransportFactory transport(String kind) {
        return "shmem".equals(kind)
                ? ShmTransportFactory.create(ShmOptions.defaults("java").withNames(ShmNames.withPrefix(shm.prefix()))
                        .withSegmentSize(1 << 20))
                : ZmqTransportFactory.create("java", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shmem", "zeromq"})
    void shouldGoOnWaitingWhenASignalInterruptsAReceive(String kind) throws Exception {
        try {
            receiveWhileSignalled(kind);
        } finally {
            NamedMutex.remove(ShmNames.withPrefix(shm.prefix()).mutex()); // devices never remove it (2.2)
        }
    }

    private void receiveWhileSignalled(String kind) throws Exception {
        try (TransportFactory t = transport(kind)) {
            String endpoint = "inproc://" + shm.prefix() + kind;
            Socket pull = t.createSocket(SocketType.PULL, "in");
            Socket push = t.createSocket(SocketType.PUSH, "out");
            try {
                assertTrue(pull.bind(endpoint));
                assertTrue(push.connect(endpoint));
                try (Message in = t.createMessage(); Message out = t.createMessage(100)) {
                    AtomicLong waiter = new AtomicLong();
                    CountDownLatch waiting = new CountDownLatch(1);
                    CompletableFuture<Long> received = ThreadPerTask.supply(() -> {
                        waiter.set(ShmNative.currentThreadId());
                        waiting.countDown();
                        return pull.receive(in);
                    });
                    assertTrue(waiting.await(30, TimeUnit.SECONDS));
                    for (int i = 0; i < SIGNALS && !received.isDone(); i++) {
                        assertEquals(0, ShmNative.interruptThread(waiter.get()));
                        Thread.sleep(1); // paces the signals; the receive waits meanwhile, with no sender
                    }
                    assertFalse(received.isDone(), () -> "a signal ended the receive: " + received.join());
                    assertEquals(100, push.send(out));
                    assertEquals(100, received.get(30, TimeUnit.SECONDS));
                }
            } finally {
                push.close();
                pull.close();
            }
        }
    }
}
