package org.fairmq.device.config;

import java.util.Map;

/**
 * The properties of one sub-channel (PROTOCOL.md 6.2.1): the nine keys with the reference's
 * defaults ({@code unspecified} for type/method/address, {@code default} transport, HWM 1000,
 * kernel sizes 0, rate logging 1). Immutable.
 */
public record SubChannelSpec(String type, String method, String address, String transport, int sndBufSize,
        int rcvBufSize, int sndKernelSize, int rcvKernelSize, int rateLogging) {

    public static final String UNSPECIFIED = "unspecified";

    /** The reference defaults. */
    public static SubChannelSpec defaults() {
        return new SubChannelSpec(UNSPECIFIED, UNSPECIFIED, UNSPECIFIED, "default", 1000, 1000, 0, 0, 1);
    }

    /** These properties with every key present in {@code values} overriding (values as text). */
    public SubChannelSpec with(Map<String, String> values, String where) {
        return new SubChannelSpec(
                values.getOrDefault("type", type),
                values.getOrDefault("method", method),
                values.getOrDefault("address", address),
                values.getOrDefault("transport", transport),
                intOf(values, "sndBufSize", sndBufSize, where),
                intOf(values, "rcvBufSize", rcvBufSize, where),
                intOf(values, "sndKernelSize", sndKernelSize, where),
                intOf(values, "rcvKernelSize", rcvKernelSize, where),
                intOf(values, "rateLogging", rateLogging, where));
    }

    private static int intOf(Map<String, String> values, String key, int fallback, String where) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": key \"" + key + "\" must be an integer, got \"" + text + "\"");
        }
    }

    public SubChannelSpec withAddress(String newAddress) {
        return new SubChannelSpec(type, method, newAddress, transport, sndBufSize, rcvBufSize, sndKernelSize,
                rcvKernelSize, rateLogging);
    }

    /** The nine property keys, as they appear in configurations. */
    public static final java.util.List<String> KEYS = java.util.List.of("type", "method", "address", "transport",
            "sndBufSize", "rcvBufSize", "sndKernelSize", "rcvKernelSize", "rateLogging");
}
