package org.fairmq.device;

import java.util.List;
import org.fairmq.transport.Message;

/** Like {@link DataHandler} for multipart messages; the parts are closed after the call. */
@FunctionalInterface
public interface MultipartHandler {
    boolean handle(List<Message> parts, int index);
}
