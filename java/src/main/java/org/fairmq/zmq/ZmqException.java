package org.fairmq.zmq;

/** A zmq call failed outside the hot path (socket creation, bind, connect, options). */
public final class ZmqException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ZmqException(String message) {
        super(message);
    }
}
