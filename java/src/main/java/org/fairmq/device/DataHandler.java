package org.fairmq.device;

import org.fairmq.transport.Message;

/**
 * Called for each message received on a channel while RUNNING, on the device's RUNNING thread.
 *
 * <p>Ownership: the {@link Message} object belongs to the device and is reused for the next
 * receive on that sub-channel. After the call the device rebuilds it, which frees its payload
 * unless the handler sent it on (a send moves the payload); the device closes it when it leaves
 * RUNNING. A handler must therefore not keep the message, nor a buffer of it, past the call; to
 * keep the data, copy it or send the message on. Return false to leave RUNNING.
 */
@FunctionalInterface
public interface DataHandler {
    /** {@code index} is the sub-channel's real index (the reference always passes 0, D25). */
    boolean handle(Message message, int index);
}
