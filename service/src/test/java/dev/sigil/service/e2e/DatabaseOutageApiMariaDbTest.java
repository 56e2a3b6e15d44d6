package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.DatabaseProxy;
import dev.sigil.service.testing.TcpProxy;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MariaDB goes away under a running Sigil for {@link #OUTAGE} (its connections run through a {@link TcpProxy} that the
 * test cuts: the client sees the server vanish) while clients keep calling. Meanwhile every admin call is a 503
 * problem with Retry-After, ACME answers serverInternal with Retry-After, /health is 503, nothing is a 500 or a stack
 * trace, and no request hangs. When the database is back Sigil serves again within seconds, without a restart, and
 * every certificate a client received is in the inventory.
 */
class DatabaseOutageApiMariaDbTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** As long as the issue's outage. */
    static final Duration OUTAGE = Duration.ofSeconds(30);
    /** A request during the outage must be answered within this (Hikari gives up after 5 s). */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);
    static final Duration RECOVERY = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void duringAnOutageEveryAnswerIsA503WithRetryAfterAndAfterItSigilServesAgainWithoutARestart() throws Exception {
        try (TestDatabase database = TestDatabases.mariaDb();
             TcpProxy proxy = DatabaseProxy.to(database.settings())) {
            DatabaseSettings via = DatabaseProxy.through(database.settings(), proxy);
            Map<String, String> overrides = new HashMap<>(Map.of("sigil.db.url", via.url(), "sigil.db.user", via.user(),
                    "sigil.db.password", via.password()));
            SigilServer server = TestServer.start(dir.resolve("data"), overrides);
            Set<String> received = new HashSet<>();
            try {
                ApiClient api = new ApiClient(server.started().rootPem(), server.httpsPort());
                String admin = TestServer.adminToken(server);
                String health = "http://127.0.0.1:" + server.observePort() + "/health";
                String body = issueBody();
                received.add(issue(api, admin, body));
                String revocable = issue(api, admin, body);
                received.add(revocable);
                assertThat(ApiClient.plainGet(health).statusCode()).isEqualTo(200);

                proxy.cut();
                Instant end = Instant.now().plus(OUTAGE);
                List<String> wrong = new ArrayList<>();
                int calls = 0;
                while (Instant.now().isBefore(end)) {
                    for (Call call : List.of(
                            new Call("POST /api/v1/certificates", () -> api.postJson("/api/v1/certificates", admin, body)),
                            new Call("GET /api/v1/certificates", () -> api.get("/api/v1/certificates", admin)),
                            new Call("POST revoke", () -> api.postJson("/api/v1/certificates/" + revocable + "/revoke",
                                    admin, "{\"reason\":\"keyCompromise\"}")),
                            new Call("ACME newNonce", () -> api.get("/acme/default/new-nonce", null)))) {
                        Instant started = Instant.now();
                        HttpResponse<String> r = call.send().send();
                        calls++;
                        Duration took = Duration.between(started, Instant.now());
                        String problem = check(call.name(), r, took);
                        if (problem != null) {
                            wrong.add(problem);
                        }
                        if (r.statusCode() == 201) {
                            received.add(JSON.readTree(r.body()).path("serial").asText());
                        }
                    }
                    HttpResponse<byte[]> h = ApiClient.plainGet(health);
                    if (h.statusCode() != 503) {
                        wrong.add("/health during the outage: " + h.statusCode());
                    }
                }
                assertThat(wrong).as(calls + " calls during a " + OUTAGE.toSeconds() + " s outage").isEmpty();
                assertThat(calls).isGreaterThan(4);

                proxy.restore();
                Instant restored = Instant.now();
                String after = null;
                while (after == null && Instant.now().isBefore(restored.plus(RECOVERY))) {
                    HttpResponse<String> r = api.postJson("/api/v1/certificates", admin, body);
                    if (r.statusCode() == 201) {
                        after = JSON.readTree(r.body()).path("serial").asText();
                    } else {
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                        Thread.sleep(250);
                    }
                }
                assertThat(after).as("issuing again within " + RECOVERY.toSeconds() + " s of the database's return").isNotNull();
                received.add(after);
                assertThat(ApiClient.plainGet(health).statusCode()).isEqualTo(200);
                HttpResponse<String> revoked = api.postJson("/api/v1/certificates/" + revocable + "/revoke", admin,
                        "{\"reason\":\"keyCompromise\"}");
                assertThat(revoked.statusCode()).as("the revocation refused during the outage works now: " + revoked.body())
                        .isEqualTo(200);
                assertThat(api.get("/api/v1/audit/verify", admin).body()).contains("\"intact\":true");
            } finally {
                server.close();
            }
            try (Database direct = database.open()) {
                assertThat(received).as("every certificate a client received is in the inventory")
                        .allSatisfy(serial -> assertThat(direct.certificates().findBySerial(serial)).isNotEmpty());
            }
        }
    }

    @FunctionalInterface
    interface Send {
        HttpResponse<String> send() throws Exception;
    }

    record Call(String name, Send send) {
    }

    /** Null if {@code r} is what an outage must look like, else what is wrong with it. */
    static String check(String name, HttpResponse<String> r, Duration took) throws Exception {
        String what = name + " during the outage: " + r.statusCode() + " after " + took.toMillis() + " ms: " + r.body();
        if (took.compareTo(ANSWER_WITHIN) > 0) {
            return what + " (too slow)";
        }
        if (r.statusCode() != 503 || r.headers().firstValue("Retry-After").isEmpty()) {
            return what + " (expected 503 with Retry-After)";
        }
        if (r.body().contains("Exception") || r.body().contains("\tat ")) {
            return what + " (a stack trace)";
        }
        JsonNode p = JSON.readTree(r.body());
        String type = p.path("type").asText();
        boolean acme = name.startsWith("ACME");
        String expected = acme ? "urn:ietf:params:acme:error:serverInternal" : "urn:sigil:problem:unavailable";
        return type.equals(expected) ? null : what + " (expected problem type " + expected + ")";
    }

    static String issueBody() throws Exception {
        return JSON.writeValueAsString(Map.of("csr", TestCsrs.csr(KeyType.EC_P256, "CN=outage.internal", "outage.internal"),
                "profile", "server"));
    }

    static String issue(ApiClient api, String admin, String body) throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/certificates", admin, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("serial").asText();
    }
}
