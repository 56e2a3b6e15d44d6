package dev.sigil.cli.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Query parameters in the order added; absent values are skipped. Immutable. */
public final class Query {

    private final Map<String, String> params;

    private Query(Map<String, String> params) {
        this.params = params;
    }

    /** No parameters. */
    public static Query empty() {
        return new Query(new LinkedHashMap<>());
    }

    /** A copy with {@code name=value} added (or replaced); a null value removes the parameter. */
    public Query with(String name, Object value) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, String.valueOf(value));
        }
        return new Query(copy);
    }

    /** A copy with {@code name=value} added if the value is present. */
    public Query with(String name, Optional<?> value) {
        return with(name, value.orElse(null));
    }

    /** {@code ?a=1&b=2}, or the empty string. */
    public String encoded() {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        params.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append('&');
            }
            sb.append(encode(k)).append('=').append(encode(v));
        });
        return sb.toString();
    }

    /** Percent-encodes one path segment or query component (spaces as {@code %20}). */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return encoded();
    }
}
