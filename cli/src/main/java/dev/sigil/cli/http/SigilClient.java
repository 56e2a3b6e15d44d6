package dev.sigil.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sigil.cli.config.ConfigException;
import dev.sigil.cli.config.ConnectionSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A small client of the Sigil admin API ({@code /api/v1}) over HTTPS: JSON in, JSON out, bearer token, problem
 * documents turned into {@link ApiException}, transport failures into {@link TransportException}. The token is
 * sent only in the Authorization header and never logged.
 */
public final class SigilClient implements AutoCloseable {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Largest answer accepted; a full page of 1000 certificates is well below this. */
    public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    /** Path prefix of the admin API. */
    public static final String API_PATH = "/api/v1";

    private static final String JSON = "application/json";

    private final HttpClient http;
    private final URI server;
    private final String token;
    private final String userAgent;
    private final Optional<PrintStream> debug;
    private final TransportErrors errors;

    private SigilClient(HttpClient http, ConnectionSettings settings, String trust, String userAgent,
                        Optional<PrintStream> debug) {
        this.http = http;
        this.server = settings.server();
        this.token = settings.token();
        this.userAgent = userAgent;
        this.debug = debug;
        this.errors = new TransportErrors(server, trust, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    /**
     * Prepares a client; nothing is sent yet.
     *
     * @param userAgent the User-Agent header, e.g. {@code sigil-cli/0.1.0}
     * @param debug     where to log request lines ({@code > GET url}, {@code < 200}), if anywhere
     * @throws ConfigException if the CA certificate file is unusable
     */
    public static SigilClient connect(ConnectionSettings settings, String userAgent, Optional<PrintStream> debug)
            throws ConfigException {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        Optional<Path> ca = settings.caCert();
        if (ca.isPresent()) {
            SSLContext tls = TrustAnchors.fromPemFile(ca.get());
            b.sslContext(tls);
        }
        String trust = settings.caCert().map(p -> settings.caCertSource() + " (" + p + ")").orElse("");
        return new SigilClient(b.build(), settings, trust, userAgent, debug);
    }

    /**
     * As {@link #connect(ConnectionSettings, String, Optional)}, trusting {@code tls}'s anchors instead of the
     * settings' CA file: for {@code sigil login}, which checks a root before storing it.
     *
     * @param trust what the anchors are, for messages, e.g. {@code the root with fingerprint AB:CD:...}
     */
    public static SigilClient connect(ConnectionSettings settings, SSLContext tls, String trust, String userAgent,
                                      Optional<PrintStream> debug) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls)
                .build();
        return new SigilClient(http, settings, trust, userAgent, debug);
    }

    /** The server's base URL. */
    public URI server() {
        return server;
    }

    /** {@code GET /api/v1{path}{query}}; the parsed answer. */
    public JsonNode get(String path, Query query) throws ApiException, TransportException {
        return send("GET", path + query.encoded(), Optional.empty());
    }

    /** {@code POST /api/v1{path}{query}} with a JSON body; the parsed answer. */
    public JsonNode post(String path, Query query, JsonNode body) throws ApiException, TransportException {
        return send("POST", path + query.encoded(), Optional.of(body));
    }

    /** {@code DELETE /api/v1{path}}; the parsed answer, usually {@link NullNode} (204). */
    public JsonNode delete(String path) throws ApiException, TransportException {
        return send("DELETE", path, Optional.empty());
    }

    private JsonNode send(String method, String pathAndQuery, Optional<JsonNode> body)
            throws ApiException, TransportException {
        URI uri = URI.create(server + API_PATH + pathAndQuery);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", JSON + ", application/problem+json")
                .header("User-Agent", userAgent);
        if (body.isPresent()) {
            rb.header("Content-Type", JSON)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(ApiJson.compact(body.get())));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        debug.ifPresent(d -> d.println("> " + method + " " + uri));
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        byte[] bytes;
        try {
            response = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
        } catch (IOException e) {
            throw errors.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for " + server, e);
        }
        int status = response.statusCode();
        debug.ifPresent(d -> d.println("< " + status + " (" + (System.nanoTime() - started) / 1_000_000 + " ms, "
                + bytes.length + " bytes)"));
        if (bytes.length > MAX_RESPONSE_BYTES) {
            throw new TransportException("answer from " + server + " is larger than " + MAX_RESPONSE_BYTES
                    + " bytes", null);
        }
        if (status >= 200 && status < 300) {
            if (bytes.length == 0) {
                return NullNode.getInstance();
            }
            try {
                return ApiJson.parse(bytes);
            } catch (IOException e) {
                throw new TransportException("answer from " + uri + " (HTTP " + status + ") is not JSON", e);
            }
        }
        throw new ApiException(status, problem(response, bytes, status), retryAfter(response));
    }

    /**
     * An answer of {@link #probe}, whatever its status.
     *
     * @param status HTTP status
     * @param date   the {@code Date} header, if sent
     * @param body   the JSON body, if there was one that parsed
     * @param took   time from sending the request to the end of the answer
     */
    public record Answer(int status, Optional<String> date, Optional<JsonNode> body, Duration took) {
    }

    /**
     * {@code GET /api/v1{path}}, answered with whatever the server sent (no {@link ApiException}): for
     * {@code sigil doctor}, which looks at the status and the {@code Date} header of routes that may fail.
     */
    public Answer probe(String path) throws TransportException {
        URI uri = URI.create(server + API_PATH + path);
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", JSON + ", application/problem+json")
                .header("User-Agent", userAgent)
                .GET();
        if (!token.isEmpty()) {
            rb.header("Authorization", "Bearer " + token);
        }
        debug.ifPresent(d -> d.println("> GET " + uri));
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        byte[] bytes;
        try {
            response = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(MAX_RESPONSE_BYTES);
            }
        } catch (IOException e) {
            throw errors.describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for " + server, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        debug.ifPresent(d -> d.println("< " + response.statusCode() + " (" + took.toMillis() + " ms)"));
        Optional<JsonNode> body = Optional.empty();
        try {
            body = bytes.length == 0 ? Optional.empty() : Optional.ofNullable(ApiJson.parse(bytes));
        } catch (IOException e) {
            // not JSON: the status alone has to do
        }
        return new Answer(response.statusCode(), response.headers().firstValue("Date"), body, took);
    }

    private static Optional<Problem> problem(HttpResponse<?> response, byte[] bytes, int status) {
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (bytes.length == 0 || !type.contains("json")) {
            return Optional.empty();
        }
        try {
            JsonNode node = ApiJson.parse(bytes);
            return node != null && node.isObject() ? Optional.of(Problem.from(node, status)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP-date: not worth parsing for a hint
            }
        });
    }

    @Override
    public void close() {
        http.close();
    }
}
