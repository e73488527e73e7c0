package org.fairmq.zmq;

import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/**
 * A zmq context (one per transport, PROTOCOL.md 4.1). {@link #close()} terminates it, which
 * blocks until every socket of it is closed (their linger applies). Thread-safe, as libzmq's
 * contexts are; close once.
 */
public final class ZmqContext implements AutoCloseable {
    private final ShmNative.ZmqContext context;
    private boolean closed;

    public ZmqContext() {
        try {
            context = new ShmNative.ZmqContext();
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    /** zmq_ctx_set; returns 0 or errno (callers log failures, as the reference does). */
    public int set(int option, int value) {
        return context.set(option, value);
    }

    ShmNative.ZmqContext raw() {
        return context;
    }

    /** Terminates the context: 0, or the errno of zmq_ctx_term (EINTR: interrupted). */
    public synchronized int terminate() {
        if (closed) {
            return 0;
        }
        int err = context.terminate();
        if (err != Zmq.EINTR) {
            closed = true;
            context.close();
        }
        return err;
    }

    @Override
    public void close() {
        terminate();
    }
}
