package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Crls;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.crl.PublishedCrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRL publication by the scheduler on a running Sigil (embedded H2): deltas after revocations, coalesced;
 * the CDP's caching headers; publication on start of a CRL that fell due while Sigil was down.
 */
class CrlPublicationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static String issue(ApiClient api, String token, String name) throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/certificates", token, JSON.writeValueAsString(
                Map.of("csr", TestCsrs.csr(KeyType.EC_P256, "CN=" + name, name), "profile", "server")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("serial").asText();
    }

    static Optional<PublishedCrl> latest(SigilServer server) {
        String issuer = server.database().issuers().list().stream()
                .filter(i -> i.kind() == dev.sigil.storage.issuer.IssuerKind.INTERMEDIATE).findFirst().orElseThrow().id();
        return server.database().crls().latest(issuer);
    }

    static <T> T await(Supplier<Optional<T>> probe, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + within);
    }

    static Optional<PublishedCrl> latestDelta(SigilServer server) {
        return latest(server).flatMap(full -> server.database().crls().latestDelta(full.issuerId()));
    }

    @Test
    void aBurstOfRevocationsIsPublishedInOneOrTwoDeltasWithoutAnyoneAskingForIt() throws Exception {
        try (SigilServer server = TestServer.start(dir, Map.of("sigil.crl.revocation-delay", "3s"))) {
            ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
            String token = TestServer.adminToken(server);
            List<String> serials = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                serials.add(issue(api, token, "burst" + i + ".internal"));
            }
            PublishedCrl full = await(() -> latest(server), Duration.ofSeconds(20)); // the tick's first CRL
            PublishedCrl before = await(() -> latestDelta(server), Duration.ofSeconds(20)); // and its first delta

            for (String s : serials) {
                HttpResponse<String> r = api.postJson("/api/v1/certificates/" + s + "/revoke", token,
                        "{\"reason\":\"keyCompromise\"}");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            PublishedCrl after = await(() -> latestDelta(server).filter(l -> l.entries() == serials.size()),
                    Duration.ofSeconds(20));

            // Twelve revocations within one or two 3-second windows: one or two deltas, not twelve, and no full CRL.
            assertThat(after.number() - before.number()).isBetween(1L, 2L);
            assertThat(after.baseNumber()).hasValue(full.number());
            assertThat(latest(server)).contains(full);
            byte[] der = server.database().crls().read(after.issuerId(), after.number()).orElseThrow();
            for (String s : serials) {
                assertThat(Crls.lists(der, s)).as(s).isTrue();
            }
        }
    }

    @Test
    void theCdpServesTheStoredCrlWithValidatorsAndABoundedLifetime() throws Exception {
        try (SigilServer server = TestServer.start(dir, Map.of())) {
            String issuer = server.database().issuers().list().stream()
                    .filter(i -> i.kind() == dev.sigil.storage.issuer.IssuerKind.INTERMEDIATE).findFirst().orElseThrow().id();
            String url = "http://127.0.0.1:" + server.httpPort() + "/crl/" + issuer + ".crl";
            HttpResponse<byte[]> first = ApiClient.plainGet(url);
            assertThat(first.statusCode()).isEqualTo(200);
            PublishedCrl stored = server.database().crls().latest(issuer).orElseThrow();
            assertThat(first.body()).isEqualTo(server.database().crls().read(issuer, stored.number()).orElseThrow());
            assertThat(first.headers().firstValue("ETag")).contains("\"" + stored.sha256() + "\"");
            assertThat(first.headers().firstValue("Last-Modified")).isPresent();
            assertThat(first.headers().firstValue("Expires")).isPresent();
            String cacheControl = first.headers().firstValue("Cache-Control").orElseThrow();
            assertThat(cacheControl).startsWith("public, max-age=");
            long maxAge = Long.parseLong(cacheControl.replaceAll(".*max-age=(\\d+).*", "$1"));
            assertThat(maxAge).isBetween(1L, 300L);

            HttpResponse<byte[]> revalidated = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("If-None-Match", "\"" + stored.sha256() + "\"").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(revalidated.statusCode()).isEqualTo(304);
            assertThat(revalidated.body()).isEmpty();
        }
    }

    @Test
    void aCrlThatFellDueWhileSigilWasDownIsPublishedOnStartAndTheNumberNeverGoesBack() throws Exception {
        Map<String, String> fast = Map.of("sigil.crl.period", "2s", "sigil.crl.validity", "1m");
        PublishedCrl beforeStop;
        try (SigilServer server = TestServer.start(dir, fast)) {
            beforeStop = await(() -> latest(server), Duration.ofSeconds(20));
        }
        // Longer than the scheduler's misfire threshold: the tick that should have run counts as misfired.
        Thread.sleep(12_000);
        Instant restarted = Instant.now();
        try (SigilServer server = TestServer.start(dir, fast)) {
            PublishedCrl afterStart = await(() -> latest(server).filter(l -> l.number() > beforeStop.number()),
                    Duration.ofSeconds(20));
            assertThat(afterStart.number()).isGreaterThan(beforeStop.number());
            assertThat(afterStart.publishedAt()).isAfter(restarted);
        }
    }
}
