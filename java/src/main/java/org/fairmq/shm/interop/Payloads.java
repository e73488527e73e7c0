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

    private static final int BLOCK = 64 * 1024;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[BLOCK]);

    /**
     * Fills {@code buffer} from its position to its limit (position unchanged). Works in blocks
     * through a scratch array: bulk transfers, not per-byte accesses of a scoped direct buffer.
     */
    public static void fill(ByteBuffer buffer, long seed) {
        fillAndHash(buffer, seed, fnv1aInit());
    }

    /** {@link #fill} and the FNV-1a of the written bytes (continuing from {@code hash}) in one pass. */
    public static long fillAndHash(ByteBuffer buffer, long seed, long hash) {
        byte[] block = SCRATCH.get();
        int base = buffer.position();
        int n = buffer.remaining();
        for (int done = 0; done < n; done += BLOCK) {
            int len = Math.min(BLOCK, n - done);
            for (int i = 0; i < len; i++) {
                byte b = patternAt(seed, done + i);
                block[i] = b;
                hash ^= b & 0xFF;
                hash *= FNV_PRIME;
            }
            buffer.put(base + done, block, 0, len);
        }
        return hash;
    }

    /** Index of the first byte from position to limit that differs from the pattern, or -1. */
    public static int firstMismatch(ByteBuffer buffer, long seed) {
        long[] unused = {0};
        return checkAndHash(buffer, seed, unused);
    }

    /**
     * Compares the bytes from position to limit with the pattern and continues the FNV-1a in
     * {@code hash[0]}, in one pass; returns the first mismatching index, or -1.
     */
    public static int checkAndHash(ByteBuffer buffer, long seed, long[] hash) {
        byte[] block = SCRATCH.get();
        int base = buffer.position();
        int n = buffer.remaining();
        long h = hash[0];
        for (int done = 0; done < n; done += BLOCK) {
            int len = Math.min(BLOCK, n - done);
            buffer.get(base + done, block, 0, len);
            for (int i = 0; i < len; i++) {
                byte b = block[i];
                if (b != patternAt(seed, done + i)) {
                    return done + i;
                }
                h ^= b & 0xFF;
                h *= FNV_PRIME;
            }
        }
        hash[0] = h;
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
        byte[] block = SCRATCH.get();
        int base = buffer.position();
        int n = buffer.remaining();
        for (int done = 0; done < n; done += BLOCK) {
            int len = Math.min(BLOCK, n - done);
            buffer.get(base + done, block, 0, len);
            for (int i = 0; i < len; i++) {
                hash ^= block[i] & 0xFF;
                hash *= FNV_PRIME;
            }
        }
        return hash;
    }

    /** The FNV-1a 64 offset basis, the checksum of nothing. */
    public static long fnv1aInit() {
        return FNV_OFFSET_BASIS;
    }
}
