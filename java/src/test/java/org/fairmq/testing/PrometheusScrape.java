package org.fairmq.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

/**
 * One HTTP request to a metrics endpoint and the samples of its Prometheus text: test support
 * (java.base only). Immutable.
 *
 * @param status      the HTTP status
 * @param contentType the Content-Type header, or ""
 * @param body        the body ("" for errors)
 */
public record PrometheusScrape(int status, String contentType, String body) {
    /** {@code method url}, at most 10 s. */
    public static PrometheusScrape request(String method, String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(10_000);
            int status = connection.getResponseCode();
            String body = "";
            if (status < 400) {
                try (InputStream in = connection.getInputStream()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            String type = connection.getHeaderField("Content-Type");
            connection.disconnect();
            return new PrometheusScrape(status, type == null ? "" : type, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot " + method + " " + url, e);
        }
    }

    /** {@code GET url}. */
    public static PrometheusScrape get(String url) {
        return request("GET", url);
    }

    /**
     * The value of the first sample of {@code name} whose labels include every {@code label="value"}
     * of {@code labels} (given as {@code "label", "value", ...}); empty if there is none.
     */
    public OptionalDouble value(String name, String... labels) {
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int end = line.lastIndexOf(' ');
            String series = line.substring(0, end);
            boolean matches = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                matches &= series.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (matches) {
                return OptionalDouble.of(Double.parseDouble(line.substring(end + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    /** The lines of the body that start with {@code name} (for reports). */
    public String lines(String name) {
        StringBuilder text = new StringBuilder();
        for (String line : body.split("\n")) {
            if (line.startsWith(name)) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }
}
