package dev.sigil.acme.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The front end's answer, for the web server adapter to write verbatim.
 *
 * @param status  HTTP status
 * @param headers header names as written (e.g. {@code Replay-Nonce}), each with its values in order
 * @param body    the body; empty for none (and always written empty for HEAD)
 */
public record AcmeHttpResponse(int status, Map<String, List<String>> headers, byte[] body) {
    public AcmeHttpResponse {
        Objects.requireNonNull(headers, "headers");
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header, matching its name case-insensitively. */
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    /** All values of a header, matching its name case-insensitively. */
    public List<String> headers(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
