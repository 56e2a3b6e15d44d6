package dev.sigil.acme.http;

import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request to an ACME directory, as the web server adapter hands it over.
 *
 * @param method      the HTTP method, upper-case
 * @param directory   the {@code {name}} in {@code /acme/{name}/...}
 * @param path        what follows {@code /acme/{name}}, e.g. {@code /new-order} or {@code /order/abc}
 * @param requestUrl  the absolute URL the client used, {@code https://host:port/acme/{name}/...}; a JWS "url" must
 *                    equal it (RFC 8555 §6.4)
 * @param contentType the Content-Type header, if any
 * @param body        the request body (possibly longer than allowed: the front end answers that with a problem)
 * @param clientIp    the client's address, for rate limits
 */
public record AcmeHttpRequest(String method, String directory, String path, String requestUrl,
                              Optional<String> contentType, byte[] body, String clientIp) {
    public AcmeHttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(requestUrl, "requestUrl");
        Objects.requireNonNull(contentType, "contentType");
        body = body == null ? new byte[0] : body;
        Objects.requireNonNull(clientIp, "clientIp");
    }
}
