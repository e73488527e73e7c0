package org.fairmq.monitor;

import java.io.PrintStream;
import java.util.List;
import java.util.OptionalLong;
import org.fairmq.ipc.ManagedSegment;
import org.fairmq.ipc.ShmException;
import org.fairmq.protocol.ShmNames;

/**
 * The queue listing of key {@code p} (PROTOCOL.md 5.8): a newline; then {@code found <k>
 * queue(s):} and per queue a TAB, its name, {@code " : "} and {@code <n> messages} or TAB +
 * {@code queue does not have a queue size entry.}; or TAB + {@code no queues found}; then an
 * empty line. Nothing in the 2017 protocol writes these objects (D35). Stateless.
 */
final class QueueListing {
    private QueueListing() {}

    static void print(ShmNames names, PrintStream out) {
        StringBuilder text = new StringBuilder("\n");
        ManagedSegmentProbe.Opened opened = ManagedSegmentProbe.open(names.mainSegment());
        List<String> queues = null;
        if (opened.segment() != null) {
            try (ManagedSegment segment = opened.segment()) {
                queues = segment.findStringVector(names.queues());
                if (queues != null) {
                    text.append("found ").append(queues.size()).append(" queue(s):\n");
                    for (String queue : queues) {
                        text.append('\t').append(queue).append(" : ");
                        OptionalLong size = segment.findNamedInt(queue);
                        if (size.isPresent()) {
                            text.append(size.getAsLong()).append(" messages\n");
                        } else {
                            text.append("\tqueue does not have a queue size entry.\n");
                        }
                    }
                }
            } catch (ShmException e) {
                queues = null;
                text.setLength(1);
            }
        }
        if (queues == null) {
            text.append("\tno queues found\n");
        }
        text.append('\n');
        out.print(text);
        out.flush();
    }
}
