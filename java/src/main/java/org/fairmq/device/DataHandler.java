package org.fairmq.device;

import org.fairmq.transport.Message;

/**
 * Called for each message received on a channel while RUNNING. The message is closed after the
 * call (freeing its payload unless it was sent on). Return false to leave RUNNING.
 */
@FunctionalInterface
public interface DataHandler {
    /** {@code index} is the sub-channel's real index (the reference always passes 0, D25). */
    boolean handle(Message message, int index);
}
