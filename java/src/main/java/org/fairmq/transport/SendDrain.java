package org.fairmq.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.fairmq.zmq.ZmqConnectionWatch;

/**
 * The end of a sending socket that loses nothing its peers are still reading (README, "A normal
 * end loses nothing"). libzmq 4.3.4 drops the unread tail of an {@code ipc://} connection when the
 * sender hangs up while the receiver's pipe is at its high-water mark, so the hang-up must wait
 * until the kernel queue towards every peer is empty:
 *
 * <ol>
 *   <li>hold every live connection (a duplicate descriptor), so that closing the zmq socket does
 *       not hang up by itself;</li>
 *   <li>while the socket is still open, wait until the peers have read everything for a short
 *       quiet period (libzmq has then moved its own queue into the kernel, too);</li>
 *   <li>close the zmq socket (its linger flushes anything left) and wait until libzmq has let go
 *       of every connection and the peers have read what the kernel still holds;</li>
 *   <li>release the connections: the peers see the hang-up with nothing left unread.</li>
 * </ol>
 *
 * Every wait ends at one deadline; what is still unread then is reported in the {@link Outcome}.
 * Stateless; {@link #close} runs in the socket's thread.
 */
final class SendDrain {
    /** Consecutive checks with nothing unread before the socket is closed. */
    private static final int QUIET_CHECKS = 3;
    private static final long FIRST_WAIT_NS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long MAX_WAIT_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private SendDrain() {}

    /**
     * What a drain achieved: {@code connections} held, {@code unreadBytes} the peers had not read
     * at the end, {@code stillFlushing} connections libzmq had not let go of (their queue inside
     * libzmq may still hold messages), {@code complete} if nothing was left.
     */
    public record Outcome(int connections, long unreadBytes, int stillFlushing, long elapsedMs, boolean complete) {}

    /**
     * Closes a socket through {@code closeSocket} without hanging up on unread data, waiting at
     * most {@code timeoutMs} in all.
     */
    public static Outcome close(ZmqConnectionWatch watch, Runnable closeSocket, long timeoutMs) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMs));
        int held = watch.hold();
        if (held == 0) {
            closeSocket.run(); // inproc, or no peer: nothing the kernel could drop
            return new Outcome(0, 0, 0, elapsedMs(start), true);
        }
        int[] quiet = {0};
        await(() -> {
            quiet[0] = watch.unreadBytes() == 0 ? quiet[0] + 1 : 0;
            return quiet[0] >= QUIET_CHECKS;
        }, deadline);
        closeSocket.run();
        boolean complete = await(() -> watch.released() == held && watch.unreadBytes() == 0, deadline);
        long unread = complete ? 0 : watch.unreadPayloadBytes();
        int flushing = held - watch.released();
        watch.releaseHeld();
        return new Outcome(held, unread, flushing, elapsedMs(start), complete);
    }

    private static boolean await(BooleanSupplier done, long deadline) {
        long waitNs = FIRST_WAIT_NS;
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(Math.min(waitNs, left));
            waitNs = Math.min(waitNs * 2, MAX_WAIT_NS);
        }
        return true;
    }

    private static long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
