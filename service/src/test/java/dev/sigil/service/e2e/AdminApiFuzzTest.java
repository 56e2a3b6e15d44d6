package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ssh.SshPublicKeys;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;
import dev.sigil.storage.testing.fuzz.FuzzLoop;
import dev.sigil.storage.testing.fuzz.Mutator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the admin API's JSON over HTTPS on a real Sigil ({@link TestServer}, H2): mutated bodies for the POST routes
 * that create things (on H2, or MariaDB with {@code -Dsigil.fuzz.mariadb=true})
 * or take times and reasons (revoke, renewal windows, EAB keys). Every answer is a 2xx (the mutation stayed valid) or a 4xx problem document
 * ({@code application/problem+json}, a {@code urn:sigil:problem:} type), never a 5xx, each within a time bound.
 * The in-process half, with many more inputs, is {@code dev.sigil.service.api.JsonFuzzTest}. See docs/FUZZING.md.
 */
class AdminApiFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_ROUTE = 300;
    /** sigil.server.max-body's default: larger bodies get a 413 problem from {@code Json}. */
    private static final int MAX_BODY = 65536;
    /** SigilServer's hard transport limit (4 x max-body), enforced by Helidon before any handler runs. */
    private static final int TRANSPORT_LIMIT = 4 * MAX_BODY;
    @TempDir
    static Path dir;
    /** System property: run against MariaDB (TestDatabases) instead of H2. */
    static final String MARIADB = "sigil.fuzz.mariadb";
    static TestDatabase database;
    static SigilServer server;
    static ApiClient api;
    static String admin;
    static final Map<String, List<Map<String, Object>>> SEEDS = new LinkedHashMap<>();
    /** Routes whose path is only known at run time (a serial), by their name in the test's parameters. */
    static final Map<String, String> paths = new LinkedHashMap<>();
    private static final String REVOKE = "/api/v1/certificates/{serial}/revoke";

    /** One request: the route and the body text. */
    record ApiInput(String path, String body) {
        String describe() {
            return "POST " + path + " \"" + FuzzLoop.escape(body) + "\"";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(Map.of("sigil.ssh.user.principals", "${token},alice,ops"));
        if (Boolean.getBoolean(MARIADB)) {
            database = TestDatabases.mariaDb();
            var db = database.settings();
            overrides.putAll(Map.of("sigil.db.url", db.url(), "sigil.db.user", db.user(), "sigil.db.password",
                    db.password()));
        }
        server = TestServer.start(dir.resolve("data"), overrides);
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        admin = TestServer.adminToken(server);
        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=fuzz.internal", "fuzz.internal", "ip:10.1.2.3");
        String ed = SshPublicKeys.fromJca(KeyType.ED25519.generate().getPublic()).toOpenSsh() + " fuzz@host";
        String ec = SshPublicKeys.fromJca(KeyType.EC_P256.generate().getPublic()).toOpenSsh();
        SEEDS.put("/api/v1/certificates", List.of(
                map("csr", csr, "profile", "server", "ttl", "24h", "owner", "team-fuzz", "label", "fuzz"),
                map("csr", csr)));
        SEEDS.put("/api/v1/tokens", List.of(map("name", "ci-runner", "role", "operator"),
                map("name", "reader", "role", "auditor")));
        SEEDS.put("/api/v1/managed", List.of(
                map("name", "fuzz", "commonName", "fuzz.internal", "sans", List.of("dns:fuzz.internal",
                        "ip:10.0.0.1"), "profile", "server", "keyType", "EC_P256", "lifetime", "30d", "renewAt",
                        0.6667, "owner", "team", "revokeSuperseded", true, "revokeGrace", "1h"),
                map("name", "fuzz2", "commonName", "fuzz2.internal", "renewBefore", "7d")));
        SEEDS.put("/api/v1/ssh/certificates", List.of(
                map("publicKey", ed, "type", "user", "keyId", "alice", "principals", List.of("alice", "ops"), "ttl",
                        "8h", "criticalOptions", map("forceCommand", "/bin/true", "sourceAddress",
                                "10.0.0.0/8,127.0.0.1", "verifyRequired", false), "extensions",
                        List.of("permit-pty")),
                map("publicKey", ec, "type", "host", "principals", List.of("host.internal")),
                map("generateKey", "ed25519", "type", "user", "principals", List.of("alice"))));
        SEEDS.put("/api/v1/acme/directories/default/eab-keys", List.of(map("label", "batch-2026-11")));
        String revoked = issue(csr);
        SEEDS.put(REVOKE, List.of(map("reason", "keyCompromise", "invalidityDate", "2026-01-01T00:00:00Z"),
                map("reason", "superseded")));
        paths.put(REVOKE, "/api/v1/certificates/" + revoked + "/revoke");
        String windowed = issue(csr);
        Instant now = Instant.now();
        SEEDS.put("/api/v1/acme/renewal-windows", List.of(map("serial", windowed, "start",
                now.plus(Duration.ofHours(1)).toString(), "end", now.plus(Duration.ofHours(2)).toString(), "reason",
                "fuzz")));
        SEEDS.put("/api/v1/ssh/revocations", List.of(map("keyId", "alice", "type", "user"),
                map("serial", "123", "reason", "lost"), map("publicKey", ec, "reason", "stolen laptop")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/certificates", "/api/v1/tokens", "/api/v1/managed", "/api/v1/ssh/certificates",
            "/api/v1/ssh/revocations", "/api/v1/acme/directories/default/eab-keys", REVOKE,
            "/api/v1/acme/renewal-windows"})
    void mutatedBodiesGetProblemsNeverServerErrors(String route) throws Exception {
        String path = paths.getOrDefault(route, route);
        HttpResponse<String> seed = post(new ApiInput(path, JSON.writeValueAsString(SEEDS.get(route).get(0))));
        assertThat(seed.statusCode()).as("the first seed is accepted: " + seed.body()).isBetween(200, 299);
        int checked = FuzzLoop.run("admin-api " + path, PER_ROUTE, Duration.ofSeconds(15),
                m -> generate(m, route, path), ApiInput::describe, AdminApiFuzzTest::check);
        assertThat(checked).isEqualTo(FuzzLoop.iterations(PER_ROUTE));
    }

    /** Regression: a commonName with an unpaired surrogate made POST /managed answer 500 (docs/FUZZING.md). */
    @Test
    void managedCommonNameWithAnUnpairedSurrogateIsMalformed() throws Exception {
        HttpResponse<String> r = post(new ApiInput("/api/v1/managed", "{\"name\":\"fuzz2\",\"commonName\":"
                + "\"\\u0066\\u0075\\u007az2.internal\\ud83d\",\"renewBefore\":\"7d\"}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("type").asText()).isEqualTo("urn:sigil:problem:malformed");
        assertThat(JSON.readTree(r.body()).path("detail").asText()).contains("commonName");
    }

    static ApiInput generate(Mutator m, String route, String path) {
        Map<String, Object> seed = m.pick(SEEDS.get(route));
        try {
            String json = JSON.writeValueAsString(seed);
            return switch (m.nextInt(4)) {
                case 0, 1 -> new ApiInput(path, m.mutateJson(json));
                case 2 -> new ApiInput(path, m.mutateText(json, List.of()));
                default -> { // one string member's value damaged, the JSON around it intact
                    List<String> strings = new ArrayList<>();
                    seed.forEach((k, v) -> {
                        if (v instanceof String) {
                            strings.add(k);
                        }
                    });
                    Map<String, Object> copy = new LinkedHashMap<>(seed);
                    String key = m.pick(strings);
                    String value = (String) seed.get(key);
                    copy.put(key, m.chance(50) ? m.mutateText(value, List.of()) : m.damageBase64(value));
                    yield new ApiInput(path, JSON.writeValueAsString(copy));
                }
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void check(ApiInput input) throws Exception {
        int length = input.body().getBytes(StandardCharsets.UTF_8).length;
        HttpResponse<String> r;
        try {
            r = post(input);
        } catch (IOException e) {
            if (length <= TRANSPORT_LIMIT) {
                throw e;
            }
            // Above the transport limit Helidon answers 413 and closes while the client is still sending, so the
            // client may see only the reset (docs/FUZZING.md). The server must be none the worse for it.
            assertThat(api.get("/api/v1/whoami", admin).statusCode()).isEqualTo(200);
            return;
        }
        int status = r.statusCode();
        assertThat(status).as(r.body()).isBetween(200, 499);
        if (length > MAX_BODY) {
            assertThat(status).as(r.body()).isEqualTo(413);
        }
        if (status >= 400) {
            assertThat(r.headers().firstValue("Content-Type")).as(r.body()).contains("application/problem+json");
            JsonNode problem = JSON.readTree(r.body());
            assertThat(problem.path("type").asText()).as(r.body()).startsWith("urn:sigil:problem:");
            assertThat(problem.path("status").asInt()).isEqualTo(status);
            assertThat(problem.path("detail").asText()).as(r.body()).isNotBlank().doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
    }

    private static HttpResponse<String> post(ApiInput input) throws Exception {
        return api.postJson(input.path(), admin, input.body());
    }

    private static String issue(String csr) throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/certificates", admin, JSON.writeValueAsString(map("csr", csr)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("serial").asText();
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
