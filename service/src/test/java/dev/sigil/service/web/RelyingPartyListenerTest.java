package dev.sigil.service.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.api.Json;
import dev.sigil.service.api.Problems;
import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.crl.CrlPublisher;
import dev.sigil.service.ca.crl.CrlService;
import dev.sigil.service.ca.crl.CrlSettings;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestCa;
import dev.sigil.service.web.RelyingPartyListener.Response;
import dev.sigil.service.web.RelyingPartyListener.Route;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.audit.AuditEvent;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relying-party listener on a real socket, spoken to in raw HTTP/1.0 as OpenSSL's client does (request line,
 * no Host header) and in HTTP/1.1, with the production routes for CA certificates and CRLs over an H2 inventory.
 */
class RelyingPartyListenerTest {

    /** Small, so that the 413 tests need no big bodies. */
    static final long MAX_PAYLOAD = 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Database db;
    static IssuerRegistry registry;
    static SigilMetrics metrics = new SigilMetrics();
    static RelyingPartyListener listener;

    @BeforeAll
    static void start() {
        Instant now = Instant.now();
        Clock clock = Clock.systemUTC();
        db = Database.open(DatabaseSettings.embedded(dir));
        registry = TestCa.create(KeyType.EC_P256, now, Duration.ofDays(400));
        for (String id : List.of("root-test", "int-test")) {
            SigningIssuer i = registry.find(id).orElseThrow();
            db.ledger().addIssuer(i.record(), AuditEvent.success(now, "test", "ca.create", i.id(), ""));
        }
        CrlSettings settings = new CrlSettings(Duration.ofDays(1), Duration.ofHours(1), Duration.ofSeconds(5),
                Duration.ofDays(7));
        CrlPublisher publisher = new CrlPublisher(db.certificates(), db.crls(), TestCa.URLS, settings, metrics, "node-t",
                clock);
        RelyingPartyListener.Service test = () -> List.of(
                Route.post("/echo", req -> Response.ok("application/octet-stream", req.body().readAllBytes())),
                Route.get("/bug", req -> {
                    throw new IllegalStateException("secret internal detail");
                }));
        listener = RelyingPartyListener.start("127.0.0.1", 0, MAX_PAYLOAD, new Problems(new Json(65536)), metrics,
                new PublicHttpService(registry, new CrlService(registry, db.crls(), publisher, clock), clock), test);
    }

    @AfterAll
    static void stop() {
        listener.close();
        db.close();
    }

    @Test
    void http10WithoutHostGetsTheRootPemAndTheConnectionClosed() throws Exception {
        try (Socket s = socket()) {
            send(s, "GET /ca/root.pem HTTP/1.0\r\n\r\n");
            Raw r = read(s.getInputStream(), false);
            assertThat(r.statusLine()).matches("HTTP/1\\.[01] 200 .*");
            assertThat(r.header("content-type")).isEqualTo(PublicHttpService.PEM_FILE);
            assertThat(r.header("cache-control")).isEqualTo("public, max-age=3600");
            assertThat(r.text()).isEqualTo(Pem.certificate(registry.find("root-test").orElseThrow().record().certificateDer()))
                    .startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(s.getInputStream().read()).as("HTTP/1.0 without keep-alive: closed after the answer").isEqualTo(-1);
        }
    }

    @Test
    void http10CrlWithValidatorsAndA304OnIfNoneMatch() throws Exception {
        Raw crl = exchange("GET /crl/int-test.crl HTTP/1.0\r\n\r\n", false);
        assertThat(crl.statusLine()).matches("HTTP/1\\.[01] 200 .*");
        assertThat(crl.header("content-type")).isEqualTo(PublicHttpService.PKIX_CRL);
        assertThat(new X509CRLHolder(crl.body()).getIssuer().toString()).contains("Test Issuing");
        String etag = crl.header("etag");
        assertThat(etag).matches("\"[0-9a-f]{64}\"");
        assertThat(crl.header("last-modified")).isNotNull();
        assertThat(crl.header("expires")).isNotNull();
        assertThat(crl.header("cache-control")).matches("public, max-age=\\d+, no-transform, must-revalidate");

        Raw again = exchange("GET /crl/int-test.crl HTTP/1.0\r\nIf-None-Match: " + etag + "\r\n\r\n", false);
        assertThat(again.statusLine()).matches("HTTP/1\\.[01] 304 .*");
        assertThat(again.body()).isEmpty();
        assertThat(again.header("etag")).isEqualTo(etag);
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws Exception {
        Raw r = exchange("HEAD /ca/int-test.crt HTTP/1.0\r\n\r\n", true);
        assertThat(r.statusLine()).matches("HTTP/1\\.[01] 200 .*");
        assertThat(r.header("content-type")).isEqualTo(PublicHttpService.PKIX_CERT);
        assertThat(r.header("content-length"))
                .isEqualTo(Integer.toString(registry.find("int-test").orElseThrow().record().certificateDer().length));
        assertThat(r.body()).isEmpty();
    }

    @Test
    void unknownPathsAndFilesAre404ProblemsWithoutStackTraces() throws Exception {
        for (String path : List.of("/nope", "/crl/nope.crl", "/ca/nope.pem", "/ca/int-test.txt", "/ca/a/b.pem")) {
            Raw r = exchange("GET " + path + " HTTP/1.0\r\n\r\n", false);
            assertThat(r.statusLine()).as(path).matches("HTTP/1\\.[01] 404 .*");
            JsonNode p = problem(r);
            assertThat(p.path("type").asText()).isEqualTo("urn:sigil:problem:not-found");
            assertThat(p.path("status").asInt()).isEqualTo(404);
        }
    }

    @Test
    void wrongMethodsAre405ProblemsNamingTheAllowedOnes() throws Exception {
        Raw r = exchange("DELETE /ca/root.pem HTTP/1.0\r\n\r\n", false);
        assertThat(r.statusLine()).matches("HTTP/1\\.[01] 405 .*");
        assertThat(r.header("allow")).isEqualTo("GET, HEAD");
        JsonNode p = problem(r);
        assertThat(p.path("type").asText()).isEqualTo("urn:sigil:problem:method-not-allowed");
        assertThat(p.path("status").asInt()).isEqualTo(405);

        Raw get = exchange("GET /echo HTTP/1.0\r\n\r\n", false);
        assertThat(get.statusLine()).matches("HTTP/1\\.[01] 405 .*");
        assertThat(get.header("allow")).isEqualTo("POST");
        problem(get);
    }

    @Test
    void bodiesOverTheLimitAre413WhetherDeclaredOrChunked() throws Exception {
        Raw declared = exchange("POST /echo HTTP/1.0\r\nContent-Length: " + (MAX_PAYLOAD + 1) + "\r\n\r\n", false);
        assertThat(declared.statusLine()).matches("HTTP/1\\.[01] 413 .*");
        assertThat(problem(declared).path("type").asText()).isEqualTo("urn:sigil:problem:payload-too-large");

        String chunk = "x".repeat(600);
        String chunked = "POST /echo HTTP/1.1\r\nHost: rp\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";
        Raw streamed = exchange(chunked, false);
        assertThat(streamed.statusLine()).matches("HTTP/1\\.1 413 .*");
        assertThat(problem(streamed).path("status").asInt()).isEqualTo(413);

        Raw small = exchange("POST /echo HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello", false);
        assertThat(small.statusLine()).matches("HTTP/1\\.[01] 200 .*");
        assertThat(small.text()).isEqualTo("hello");
    }

    @Test
    void bugsAre500ProblemsWithAnIncidentIdAndNothingElse() throws Exception {
        Raw r = exchange("GET /bug HTTP/1.0\r\n\r\n", false);
        assertThat(r.statusLine()).matches("HTTP/1\\.[01] 500 .*");
        JsonNode p = problem(r);
        assertThat(p.path("type").asText()).isEqualTo("urn:sigil:problem:internal");
        assertThat(p.path("detail").asText()).matches("an internal error occurred \\(incident [0-9a-f]{12}\\)");
        assertThat(r.text()).doesNotContain("secret").doesNotContain("IllegalStateException");
    }

    @Test
    void requestsAreCountedUnderTheHttpListener() throws Exception {
        exchange("GET /ca/root.pem HTTP/1.0\r\n\r\n", false);
        exchange("BREW /ca/root.pem HTTP/1.0\r\n\r\n", false);
        // The timer is recorded once the response has been written, which can be just after the client has read it:
        // the scrape is retried for a bounded time.
        java.util.regex.Pattern get = java.util.regex.Pattern.compile(
                "sigil_http_requests_seconds_count\\{listener=\"http\",method=\"GET\",status=\"200\"} \\d+");
        java.util.regex.Pattern other = java.util.regex.Pattern.compile(
                "sigil_http_requests_seconds_count\\{listener=\"http\",method=\"OTHER\",status=\"405\"} \\d+");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        String scraped = metrics.scrape();
        while (!(get.matcher(scraped).find() && other.matcher(scraped).find()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            scraped = metrics.scrape();
        }
        assertThat(scraped).containsPattern(get).containsPattern(other);
    }

    /** A problem document: the RFC 7807 media type, a JSON body, and no trace of Java internals. */
    static JsonNode problem(Raw r) throws IOException {
        assertThat(r.header("content-type")).isEqualTo("application/problem+json");
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.sigil");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("title").asText()).isNotBlank();
        return p;
    }

    record Raw(String statusLine, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", listener.port());
        s.setSoTimeout(10_000);
        return s;
    }

    static Raw exchange(String request, boolean head) throws IOException {
        try (Socket s = socket()) {
            send(s, request);
            return read(s.getInputStream(), head);
        }
    }

    static void send(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Reads one response: the head up to the blank line, then Content-Length bytes (none for HEAD and 304). */
    static Raw read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        String length = headers.get("content-length");
        byte[] body = head || statusLine.contains(" 304 ") || length == null ? new byte[0]
                : in.readNBytes(Integer.parseInt(length));
        return new Raw(statusLine, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-head");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
