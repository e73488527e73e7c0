package org.fairmq.transport;

import java.util.Locale;

/** What a zmq endpoint string says about who can reach it. Stateless and thread-safe. */
public final class TcpEndpoints {
    private TcpEndpoints() {}

    /**
     * False only for a {@code tcp://} endpoint whose host is not a loopback address: {@code *},
     * {@code 0.0.0.0}, an interface name or any other address. {@code ipc://} and {@code inproc://}
     * stay on this host; {@code tcp://localhost}, {@code 127.x.x.x} and {@code [::1]} too.
     */
    public static boolean isLoopback(String endpoint) {
        String lower = endpoint.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("tcp://")) {
            return true;
        }
        String hostAndPort = lower.substring("tcp://".length());
        int semicolon = hostAndPort.indexOf(';'); // "source;destination" form: the local part binds
        if (semicolon >= 0) {
            hostAndPort = hostAndPort.substring(0, semicolon);
        }
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon >= 0 ? hostAndPort.substring(0, colon) : hostAndPort;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }
}
