package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.acme.RenewalOverrides;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.acme.RenewalOverride;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.issuer.IssuerKind;
import dev.sigil.storage.issuer.IssuerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/acme/renewal-windows} on a real server: roles, validation as problem documents, the stored
 * override (read back through the storage and {@link RenewalOverrides#lookup}), replacement, audit, restarts.
 */
class RenewalOverrideApiTest {

    private static final String PATH = "/api/v1/acme/renewal-windows";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SigilServer server;
    static ApiClient api;
    static String admin;
    static String operator;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), Map.of());
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        admin = TestServer.adminToken(server);
        operator = createToken(api, admin, "release-manager", "operator");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anOperatorSetsAWindowThatIsStoredAuditedAndThenReplaced() throws Exception {
        JsonNode cert = issue(api, admin, "early.internal");
        String serial = cert.path("serial").asText();
        String issuer = cert.path("issuer").asText();
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofHours(2));

        HttpResponse<String> r = api.postJson(PATH, operator,
                body(serial, null, start.toString(), end.toString(), "  int rotation on Monday  "));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode set = JSON.readTree(r.body());
        assertThat(set.path("issuer").asText()).isEqualTo(issuer);
        assertThat(set.path("serial").asText()).isEqualTo(serial);
        assertThat(set.path("start").asText()).isEqualTo(start.toString());
        assertThat(set.path("end").asText()).isEqualTo(end.toString());
        assertThat(set.path("reason").asText()).isEqualTo("int rotation on Monday");
        assertThat(set.path("createdBy").asText()).isEqualTo("release-manager");
        assertThat(set.path("replaced").asBoolean()).isFalse();
        RenewalOverride stored = server.database().acme().renewalOverride(issuer, serial).orElseThrow();
        assertThat(stored.start()).isEqualTo(start);
        assertThat(stored.end()).isEqualTo(end);
        assertThat(stored.reason()).isEqualTo("int rotation on Monday");
        assertThat(Instant.parse(set.path("createdAt").asText())).isEqualTo(stored.createdAt());
        assertThat(lookup(server, issuer, serial)).contains(new RenewalOverrides.Window(start, end));

        // ACME clients see it: renewal-info (RFC 9773) answers the operator's window, from the database.
        JsonNode ari = renewalInfo(cert);
        assertThat(Instant.parse(ari.path("suggestedWindow").path("start").asText())).isEqualTo(start);
        assertThat(Instant.parse(ari.path("suggestedWindow").path("end").asText())).isEqualTo(end);

        // A later suggestion replaces the earlier one; times with an offset are stored in UTC.
        HttpResponse<String> again = api.postJson(PATH, admin, body(serial, issuer, "2020-01-01T02:00:00+02:00",
                "2020-01-01T01:00:00.000123Z", "renew now"));

        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        JsonNode replaced = JSON.readTree(again.body());
        assertThat(replaced.path("replaced").asBoolean()).isTrue();
        assertThat(replaced.path("start").asText()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(replaced.path("end").asText()).isEqualTo("2020-01-01T01:00:00.000123Z");
        assertThat(lookup(server, issuer, serial)).contains(new RenewalOverrides.Window(
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-01-01T01:00:00.000123Z")));
        assertThat(server.database().acme().renewalOverride(issuer, serial).orElseThrow().createdBy())
                .isEqualTo("admin");

        JsonNode audited = JSON.readTree(api.get("/api/v1/audit?action=acme.renewal.suggest&target=" + issuer + "/"
                + serial, admin).body()).path("items");
        assertThat(audited).hasSize(2);
        assertThat(audited.findValuesAsText("actor")).containsExactlyInAnyOrder("release-manager", "admin");
        assertThat(audited.findValuesAsText("details")).anySatisfy(d -> assertThat(d)
                .contains("reason=int rotation on Monday", start.toString(), end.toString()));
        JsonNode verify = JSON.readTree(api.get("/api/v1/audit/verify", admin).body());
        assertThat(verify.path("intact").asBoolean()).isTrue();
    }

    @Test
    void withoutATokenIs401AndNothingIsStored() throws Exception {
        JsonNode cert = issue(api, admin, "anon.internal");
        String serial = cert.path("serial").asText();

        AdminApiTest.problem(api.postJson(PATH, null, validBody(serial)), 401, "unauthorized");
        AdminApiTest.problem(api.postJson(PATH, "sgl_notAToken", validBody(serial)), 401, "unauthorized");

        assertThat(lookup(server, cert.path("issuer").asText(), serial)).isEmpty();
    }

    @Test
    void anAuditorIsForbiddenAndNothingIsStored() throws Exception {
        String auditor = createToken(api, admin, "renewal-reader", "auditor");
        JsonNode cert = issue(api, admin, "audited.internal");
        String serial = cert.path("serial").asText();

        JsonNode p = AdminApiTest.problem(api.postJson(PATH, auditor, validBody(serial)), 403, "forbidden");

        assertThat(p.path("detail").asText()).contains("operator");
        assertThat(lookup(server, cert.path("issuer").asText(), serial)).isEmpty();
    }

    @Test
    void invalidWindowsAndBodiesAre400ProblemsNamingTheField() throws Exception {
        JsonNode cert = issue(api, admin, "bad.internal");
        String serial = cert.path("serial").asText();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String start = now.plus(Duration.ofHours(2)).toString();
        String before = now.plus(Duration.ofHours(1)).toString();

        assertThat(detail400(body(serial, null, start, before, "x"))).contains("end must be after start");
        assertThat(detail400(body(serial, null, start, start, "x"))).contains("end must be after start");
        assertThat(detail400(body(serial, null, "tomorrow", before, "x"))).contains("start", "RFC 3339");
        assertThat(detail400(body(serial, null, start, null, "x"))).contains("'end' is required");
        assertThat(detail400(body(serial, null, start, now.plus(Duration.ofHours(3)).toString(), " ")))
                .contains("reason");
        assertThat(detail400(body(serial, null, start, now.plus(Duration.ofHours(3)).toString(), "a".repeat(256))))
                .contains("at most 255");
        String afterExpiry = Instant.parse(cert.path("notAfter").asText()).plus(Duration.ofHours(1)).toString();
        assertThat(detail400(body(serial, null, start, afterExpiry, "x"))).contains("expires");
        assertThat(detail400(body(serial, null, "-300000-01-01T00:00:00Z", start, "x"))).contains("range");
        assertThat(detail400(body("zz-not-hex", null, start, afterExpiry, "x"))).contains("not a serial number");
        assertThat(detail400(body(null, null, start, afterExpiry, "x"))).contains("'serial' is required");
        assertThat(detail400(validBody(serial).replace("\"reason\"", "\"reasn\""))).contains("reasn");

        assertThat(lookup(server, cert.path("issuer").asText(), serial)).isEmpty();
    }

    @Test
    void anUnknownSerialOrIssuerIs404() throws Exception {
        JsonNode cert = issue(api, admin, "known.internal");

        JsonNode p = AdminApiTest.problem(api.postJson(PATH, operator, validBody("abcdef0123")), 404, "not-found");
        assertThat(p.path("detail").asText()).contains("abcdef0123");
        AdminApiTest.problem(api.postJson(PATH, operator, body(cert.path("serial").asText(), "int-nobody",
                Instant.now().toString(), Instant.now().plusSeconds(60).toString(), "x")), 404, "not-found");
    }

    @Test
    void aSerialKnownUnderTwoIssuersIs409UntilTheIssuerIsNamed() throws Exception {
        JsonNode cert = issue(api, admin, "twice.internal");
        String serial = cert.path("serial").asText();
        String issuer = cert.path("issuer").asText();
        // Serials are random per issuer, so a collision is forged under the root directly in the inventory.
        IssuerRecord root = server.database().issuers().list().stream()
                .filter(i -> i.kind() == IssuerKind.ROOT).findFirst().orElseThrow();
        CertificateRecord original = server.database().certificates().find(issuer, serial).orElseThrow();
        CertificateRecord twin = new CertificateRecord(root.id(), serial, original.subjectDn(), original.sans(),
                original.keyType(), original.notBefore(), original.notAfter(), original.status(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), original.profile(), original.der(),
                original.issuedAt(), "test");
        server.database().ledger().recordIssuance(twin, AuditEvent.success(Instant.now(), "test", "certificate.issue",
                root.id() + "/" + serial, "forged twin for an ambiguity test"));

        JsonNode p = AdminApiTest.problem(api.postJson(PATH, operator, validBody(serial)), 409, "conflict");
        assertThat(p.path("detail").asText()).contains("several issuers", "issuer");

        Instant start = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> named = api.postJson(PATH, operator, body(serial, root.id(), start.toString(),
                start.plusSeconds(600).toString(), "twin"));
        assertThat(named.statusCode()).as(named.body()).isEqualTo(201);
        assertThat(JSON.readTree(named.body()).path("issuer").asText()).isEqualTo(root.id());
        assertThat(lookup(server, root.id(), serial)).isPresent();
        assertThat(lookup(server, issuer, serial)).as("only the named issuer's certificate").isEmpty();
    }

    @Test
    void theWindowSurvivesARestartOfTheServer() throws Exception {
        Path data = dir.resolve("restart");
        SigilServer first = TestServer.start(data, Map.of());
        String serial;
        String issuer;
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        try {
            ApiClient client = new ApiClient(first.started().rootPem(), first.httpsPort());
            String token = TestServer.adminToken(first);
            JsonNode cert = issue(client, token, "durable.internal");
            serial = cert.path("serial").asText();
            issuer = cert.path("issuer").asText();
            HttpResponse<String> r = client.postJson(PATH, token, body(serial, null, start.toString(),
                    start.plusSeconds(3600).toString(), "before restart"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        } finally {
            first.close();
        }

        SigilServer second = TestServer.start(data, Map.of());
        try {
            assertThat(lookup(second, issuer, serial)).contains(new RenewalOverrides.Window(start,
                    start.plusSeconds(3600)));
        } finally {
            second.close();
        }
    }

    private static JsonNode renewalInfo(JsonNode cert) throws Exception {
        byte[] der = java.util.Base64.getMimeDecoder().decode(cert.path("certificatePem").asText()
                .replaceAll("-----[A-Z ]+-----", ""));
        String certId = dev.sigil.acme.ari.CertId.of(dev.sigil.acme.certificate.CertificateFacts.parse(der)).text();
        HttpResponse<String> r = api.get("/acme/default/renewal-info/" + certId, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        return JSON.readTree(r.body());
    }

    private static Optional<RenewalOverrides.Window> lookup(SigilServer s, String issuer, String serial) {
        return new RenewalOverrides(s.database().acme(), s.database().certificates(), Clock.systemUTC())
                .lookup(issuer, serial);
    }

    private static String detail400(String json) throws Exception {
        return AdminApiTest.problem(api.postJson(PATH, operator, json), 400, "malformed").path("detail").asText();
    }

    private static String validBody(String serial) throws Exception {
        Instant start = Instant.now().plus(Duration.ofHours(1));
        return body(serial, null, start.toString(), start.plus(Duration.ofHours(1)).toString(), "planned");
    }

    private static String body(String serial, String issuer, String start, String end, String reason) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        putIfPresent(m, "serial", serial);
        putIfPresent(m, "issuer", issuer);
        putIfPresent(m, "start", start);
        putIfPresent(m, "end", end);
        putIfPresent(m, "reason", reason);
        return JSON.writeValueAsString(m);
    }

    private static void putIfPresent(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static JsonNode issue(ApiClient client, String token, String name) throws Exception {
        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=" + name, name);
        HttpResponse<String> r = client.postJson("/api/v1/certificates", token, AdminApiTest.issueBody(csr));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private static String createToken(ApiClient client, String token, String name, String role) throws Exception {
        HttpResponse<String> r = client.postJson("/api/v1/tokens", token,
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("token").asText();
    }
}
