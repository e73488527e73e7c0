package org.fairmq.transport.shmem;

/**
 * Told about every frame a shmem socket of its transport drops ({@link ShmTransportFactory#setRejectionListener}),
 * for metrics or alarms. Called in the receiving socket's thread, right after the frame was counted:
 * keep it short and never throw (an exception is logged and ignored).
 */
@FunctionalInterface
public interface FrameRejectionListener {
    /**
     * @param socketId the receiving socket ({@code <transport id>.<channel>.<type>})
     * @param cause    why the frame was dropped
     * @param detail   the frame's fields and the check that failed, e.g. for a log line
     * @param total    frames this socket dropped so far, this one included
     */
    void rejected(String socketId, FrameRejection cause, String detail, long total);
}
