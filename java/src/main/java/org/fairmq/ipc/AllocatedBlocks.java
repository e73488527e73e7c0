package org.fairmq.ipc;

import java.util.ArrayList;
import java.util.List;

/**
 * What a read-only walk of a segment's block list found ({@link ManagedSegment#allocatedBlocks},
 * {@link DataSegment#allocatedBlocks}): the number and bytes of the user blocks still allocated
 * beyond the segment's empty state, and the first of them in address order. A segment's empty state
 * is what it holds when no message is alive: nothing in a v1.10 data segment, the protocol's named
 * and unique objects (the DeviceCounter) in a 2017 main segment; their blocks are never counted.
 * Immutable; thread-safe.
 *
 * @param count      the user blocks still allocated
 * @param bytes      their usable bytes (the sum of {@link AllocatedBlock#size()})
 * @param blockBytes their bytes with Boost's headers and rounding: what {@code get_free_memory()}
 *                   grows by when they are freed
 * @param listed     the first {@code min(count, maxListed)} of them, in address order
 */
public record AllocatedBlocks(long count, long bytes, long blockBytes, List<AllocatedBlock> listed) {
    /** A segment in its empty state. */
    public static final AllocatedBlocks NONE = new AllocatedBlocks(0, 0, 0, List.of());

    public AllocatedBlocks {
        listed = List.copyOf(listed);
    }

    /** Whether nothing beyond the empty state is allocated. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Parses the native text: "count bytes blockBytes", then one "offset size" line per listed block. */
    static AllocatedBlocks parse(String text) {
        String[] lines = text.split("\n");
        String[] totals = lines[0].split(" ");
        List<AllocatedBlock> listed = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            String[] pair = lines[i].split(" ");
            listed.add(new AllocatedBlock(Long.parseLong(pair[0]), Long.parseLong(pair[1])));
        }
        return new AllocatedBlocks(Long.parseLong(totals[0]), Long.parseLong(totals[1]), Long.parseLong(totals[2]),
                listed);
    }
}
