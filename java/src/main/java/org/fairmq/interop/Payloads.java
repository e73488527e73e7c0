package org.fairmq.interop;

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
     * pattern(seed, i) = (T[i mod 65536] + seed*131) mod 256 with T[256b + r] = 31r + b: byte i of
     * block b of 256 bytes is the row 31r shifted by b. One 64 KiB period, then bulk copies and
     * vectorised compares instead of per-byte arithmetic.
     */
    private static final byte[][] PERIODS = new byte[256][];

    private static byte[] period(long seed) {
        int c = (int) ((seed * 131) & 0xFF);
        byte[] period = PERIODS[c];
        if (period == null) {
            period = new byte[BLOCK];
            for (int i = 0; i < period.length; i++) {
                period[i] = patternAt(seed, i);
            }
            PERIODS[c] = period; // benign race: every thread computes the same bytes
        }
        return period;
    }

    /** Fills {@code buffer} from its position to its limit (position unchanged), in bulk. */
    public static void fill(ByteBuffer buffer, long seed) {
        byte[] period = period(seed);
        int base = buffer.position();
        int n = buffer.remaining();
        for (int done = 0; done < n; done += BLOCK) {
            buffer.put(base + done, period, 0, Math.min(BLOCK, n - done)); // BLOCK is a multiple of the period
        }
    }

    /** {@link #fill} and the FNV-1a of the written bytes (continuing from {@code hash}). */
    public static long fillAndHash(ByteBuffer buffer, long seed, long hash) {
        fill(buffer, seed);
        return fnv1a(hash, buffer);
    }

    /** Index of the first byte from position to limit that differs from the pattern, or -1. */
    public static int firstMismatch(ByteBuffer buffer, long seed) {
        byte[] period = period(seed);
        byte[] block = SCRATCH.get();
        int base = buffer.position();
        int n = buffer.remaining();
        for (int done = 0; done < n; done += BLOCK) {
            int len = Math.min(BLOCK, n - done);
            buffer.get(base + done, block, 0, len);
            int at = java.util.Arrays.mismatch(block, 0, len, period, 0, len);
            if (at >= 0) {
                return done + at;
            }
        }
        return -1;
    }

    /**
     * Compares the bytes from position to limit with the pattern and, if they match, continues the
     * FNV-1a in {@code hash[0]}; returns the first mismatching index, or -1.
     */
    public static int checkAndHash(ByteBuffer buffer, long seed, long[] hash) {
        int mismatch = firstMismatch(buffer, seed);
        if (mismatch < 0) {
            hash[0] = fnv1a(hash[0], buffer);
        }
        return mismatch;
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
