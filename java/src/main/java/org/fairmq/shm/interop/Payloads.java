package org.fairmq.shm.interop;

import java.nio.ByteBuffer;

/**
 * Deterministic payloads shared with the C++ interop peers (interop-tests/include): both sides
 * compute the same bytes and sizes, so a receiver checks a sender of the other language without
 * any side channel. Stateless and thread-safe.
 */
public final class Payloads {
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Payloads() {}

    /** Byte {@code i} of a payload with seed {@code seed}: {@code (seed*131 + i*31 + (i >> 8)) & 0xFF}. */
    public static byte patternAt(long seed, long i) {
        return (byte) ((seed * 131 + i * 31 + (i >>> 8)) & 0xFF);
    }

    /** Fills {@code buffer} from its position to its limit (absolute puts; position unchanged). */
    public static void fill(ByteBuffer buffer, long seed) {
        int base = buffer.position();
        int n = buffer.remaining();
        for (int i = 0; i < n; i++) {
            buffer.put(base + i, patternAt(seed, i));
        }
    }

    /** Index of the first byte from position to limit that differs from the pattern, or -1. */
    public static int firstMismatch(ByteBuffer buffer, long seed) {
        int base = buffer.position();
        int n = buffer.remaining();
        for (int i = 0; i < n; i++) {
            if (buffer.get(base + i) != patternAt(seed, i)) {
                return i;
            }
        }
        return -1;
    }

    public static long splitmix64(long x) {
        x += 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /** Size of message {@code k} for seed {@code seed} and maximum {@code max}: splitmix64(seed+k) mod (max+1). */
    public static long randomSize(long seed, long k, long max) {
        return Long.remainderUnsigned(splitmix64(seed + k), max + 1);
    }

    /** FNV-1a 64 of the bytes from position to limit, continuing from {@code hash}. */
    public static long fnv1a(long hash, ByteBuffer buffer) {
        int base = buffer.position();
        int n = buffer.remaining();
        for (int i = 0; i < n; i++) {
            hash ^= buffer.get(base + i) & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** The FNV-1a 64 offset basis, the checksum of nothing. */
    public static long fnv1aInit() {
        return FNV_OFFSET_BASIS;
    }
}
