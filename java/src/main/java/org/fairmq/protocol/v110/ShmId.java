package org.fairmq.protocol.v110;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The shmId that prefixes every object of a v1.10 session (PROTOCOL-V110.md 1.1): lowercase hex of
 * the first 4 bytes of SHA-256(decimal euid + session name), or a device's decimal {@code --shmid}
 * formatted {@code %08x}, or a monitor's {@code --shmid} taken as is. Immutable.
 */
public final class ShmId {
    private final String text;

    private ShmId(String text) {
        this.text = Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.contains("/")) {
            throw new IllegalArgumentException("not a shared memory id: '" + text + "'");
        }
    }

    /** 1.1: the id of {@code session} for the effective user {@code euid}. */
    public static ShmId of(String session, long euid) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest((euid + session).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        return new ShmId(String.format("%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]));
    }

    /** 1.1: the id of {@code session} for this process's effective user. */
    public static ShmId ofSession(String session) {
        return of(session, effectiveUserId());
    }

    /** A device's {@code --shmid}: a decimal unsigned 64-bit number printed {@code %08x} (1.1, S16). */
    public static ShmId ofNumber(String decimal) {
        long value;
        try {
            value = Long.parseUnsignedLong(decimal.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the argument ('" + decimal + "') for option '--shmid' is invalid");
        }
        String hex = Long.toHexString(value);
        return new ShmId(hex.length() >= 8 ? hex : "0".repeat(8 - hex.length()) + hex);
    }

    /** A monitor's {@code --shmid}: the string itself (1.1). */
    public static ShmId verbatim(String text) {
        return new ShmId(text);
    }

    /** This process's effective uid, from {@code /proc/self/status} (the JDK has no call for it). */
    public static long effectiveUserId() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the effective user id from /proc/self/status", e);
        }
        throw new IllegalStateException("/proc/self/status has no Uid line");
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShmId && ((ShmId) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
