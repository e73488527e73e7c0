package org.fairmq.zmq;

import org.fairmq.bindings.NativeError;
import org.fairmq.bindings.ShmNative;

/** libzmq constants (zmq.h, libzmq 4.x) and version. */
public final class Zmq {
    private Zmq() {}

    public static final int IO_THREADS = 1;
    public static final int MAX_SOCKETS = 2;

    public static final int ROUTING_ID = 5;
    public static final int SUBSCRIBE = 6;
    public static final int SNDBUF = 11;
    public static final int RCVBUF = 12;
    public static final int RCVMORE = 13;
    public static final int LINGER = 17;
    /** int64: frames larger than this make libzmq drop the connection before assembling them. */
    public static final int MAXMSGSIZE = 22;
    public static final int SNDHWM = 23;
    public static final int RCVHWM = 24;
    public static final int RCVTIMEO = 27;
    public static final int SNDTIMEO = 28;

    public static final int DONTWAIT = 1;
    public static final int SNDMORE = 2;

    public static final int POLLIN = 1;
    public static final int POLLOUT = 2;

    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    private static final int HAUSNUMERO = 156_384_712;
    public static final int ETERM = HAUSNUMERO + 53;

    /** The linked libzmq's version, e.g. {@code 4.3.4}. */
    public static String version() {
        try {
            return ShmNative.zmqVersion();
        } catch (NativeError e) {
            throw new ZmqException(e.getMessage());
        }
    }

    /** zmq_strerror of an errno. */
    public static String strerror(int errnum) {
        try {
            return ShmNative.zmqErrorText(errnum);
        } catch (NativeError e) {
            return "errno " + errnum;
        }
    }
}
