package org.fairmq.interop;

/**
 * The deterministic message plan of the C++ device peer (interop-tests/README.md, "Message plan"):
 * for message k and part j, the size, the pattern seed, whether the part is empty, and the offset
 * of a region payload. Sender and receiver of either language compute the same plan, so each side
 * checks the other without a side channel. Immutable.
 *
 * @param seed            {@code --seed}
 * @param fixedSize       {@code --size}, or -1 when sizes are random
 * @param maxSize         {@code --size-max} for random sizes
 * @param parts           {@code --parts} (1 = single part)
 * @param emptyPartEvery  {@code --empty-part-every} (0 = none)
 * @param regionSize      {@code --region-size} (0 = main segment)
 */
public record MessagePlan(long seed, long fixedSize, long maxSize, int parts, int emptyPartEvery, long regionSize) {

    public static MessagePlan fixed(long seed, long size) {
        return new MessagePlan(seed, size, 0, 1, 0, 0);
    }

    public static MessagePlan random(long seed, long maxSize) {
        return new MessagePlan(seed, -1, maxSize, 1, 0, 0);
    }

    public MessagePlan withParts(int count, int emptyEvery) {
        return new MessagePlan(seed, fixedSize, maxSize, count, emptyEvery, regionSize);
    }

    public MessagePlan inRegion(long size) {
        return new MessagePlan(seed, fixedSize, maxSize, parts, emptyPartEvery, size);
    }

    private long key(long k, int j) {
        return parts == 1 ? seed + k : seed + k * 1000 + j;
    }

    /** True if part j of message k is an empty message. */
    public boolean isEmpty(long k, int j) {
        return emptyPartEvery > 0 && j % emptyPartEvery == emptyPartEvery - 1;
    }

    /** Payload size of part j of message k (0 for an empty part). */
    public long size(long k, int j) {
        if (isEmpty(k, j)) {
            return 0;
        }
        return fixedSize >= 0 ? fixedSize : Payloads.randomSize(0, key(k, j), maxSize);
    }

    /** Pattern seed of part j of message k. */
    public long patternSeed(long k, int j) {
        return parts == 1 ? seed + k : k * 1000 + j;
    }

    /** Offset in the sender's region of part j of message k. */
    public long regionOffset(long k, int j) {
        long size = size(k, j);
        long n = k * parts + j;
        return regionSize == size ? 0 : Long.remainderUnsigned(n * 4096, regionSize - size);
    }

    /** The C++ device's options for this plan (without role, endpoint and counts). */
    public String[] deviceOptions() {
        return fixedSize >= 0
                ? new String[] {"--seed", Long.toString(seed), "--size", Long.toString(fixedSize), "--parts",
                    Integer.toString(parts), "--empty-part-every", Integer.toString(emptyPartEvery), "--region-size",
                    Long.toString(regionSize)}
                : new String[] {"--seed", Long.toString(seed), "--size-max", Long.toString(maxSize), "--parts",
                    Integer.toString(parts), "--empty-part-every", Integer.toString(emptyPartEvery), "--region-size",
                    Long.toString(regionSize)};
    }
}
