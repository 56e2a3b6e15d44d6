package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.audit.AuditEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API of ACME accounts, issuers and CRLs on a real server: roles, bad input as problem documents, 404s,
 * the compare-and-set deactivation and its audit record. The whole incident flow with real ACME clients is
 * {@link AcmeAccountRevocationFlowContract}.
 */
class AcmeAccountsAndCrlApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNTS = "/api/v1/acme/accounts";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    static SigilServer server;
    static ApiClient api;
    static String admin;
    static String auditor;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), Map.of());
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        admin = TestServer.adminToken(server);
        HttpResponse<String> t = api.postJson("/api/v1/tokens", admin, "{\"name\":\"reader\",\"role\":\"auditor\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        auditor = JSON.readTree(t.body()).path("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An account stored as the ACME front end would store it (no orders). */
    private static AcmeAccount seeded() {
        AcmeAccount a = new AcmeAccount(random(16), "default", random(32), "{\"kty\":\"EC\"}", AcmeStatus.Account.VALID,
                List.of("mailto:dev@sigil.internal"), true, Optional.empty(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        server.database().acme().createAccount(a, AuditEvent.success(a.createdAt(), "acme:default/" + a.id(),
                "acme.account.create", "acme:default/" + a.id(), ""));
        return a;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void anAuditorReadsAnAccountWithWhatItHoldsButMayNotChangeIt() throws Exception {
        AcmeAccount a = seeded();

        JsonNode shown = ok(api.get(ACCOUNTS + "/" + a.id(), auditor));
        JsonNode listed = ok(api.get(ACCOUNTS + "?directory=default&status=valid&limit=1000", auditor));

        assertThat(shown.path("id").asText()).isEqualTo(a.id());
        assertThat(shown.path("directory").asText()).isEqualTo("default");
        assertThat(shown.path("status").asText()).isEqualTo("valid");
        assertThat(shown.path("contacts").get(0).asText()).isEqualTo("mailto:dev@sigil.internal");
        assertThat(shown.path("keyThumbprint").asText()).isEqualTo(a.keyThumbprint());
        assertThat(Instant.parse(shown.path("createdAt").asText())).isEqualTo(a.createdAt());
        assertThat(shown.has("eabKeyId")).isFalse();
        assertThat(shown.path("orders").asLong()).isZero();
        assertThat(shown.path("certificates").asLong()).isZero();
        assertThat(shown.path("validCertificates").asLong()).isZero();
        assertThat(shown.toString()).as("never the account key itself").doesNotContain("kty");
        assertThat(listed.path("items").findValuesAsText("id")).contains(a.id());
        assertThat(ok(api.get(ACCOUNTS + "/" + a.id() + "/certificates", auditor)).path("items")).isEmpty();

        AdminApiTest.problem(api.postJson(ACCOUNTS + "/" + a.id() + "/deactivate", auditor, "{}"), 403, "forbidden");
        AdminApiTest.problem(api.postJson(ACCOUNTS + "/" + a.id() + "/revoke-certificates", auditor,
                "{\"reason\":\"keyCompromise\"}"), 403, "forbidden");
        AdminApiTest.problem(api.get(ACCOUNTS, null), 401, "unauthorized");
        assertThat(server.database().acme().account(a.id()).orElseThrow().status()).isEqualTo(AcmeStatus.Account.VALID);
    }

    @Test
    void deactivationIsOnceAndAuditedWithTheOperatorAsActor() throws Exception {
        AcmeAccount a = seeded();

        JsonNode done = ok(api.postJson(ACCOUNTS + "/" + a.id() + "/deactivate", admin, null));
        JsonNode p = AdminApiTest.problem(api.postJson(ACCOUNTS + "/" + a.id() + "/deactivate", admin, null), 409,
                "conflict");

        assertThat(done.path("status").asText()).isEqualTo("deactivated");
        assertThat(p.path("detail").asText()).contains("already deactivated");
        assertThat(server.database().acme().account(a.id()).orElseThrow().status())
                .isEqualTo(AcmeStatus.Account.DEACTIVATED);
        JsonNode audited = ok(api.get("/api/v1/audit?action=acme.account.deactivate&target="
                + URLEncoder.encode("acme:default/" + a.id(), StandardCharsets.UTF_8), admin)).path("items");
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).path("actor").asText()).isEqualTo("admin");
        assertThat(ok(api.get(ACCOUNTS + "?status=deactivated", admin)).path("items").findValuesAsText("id"))
                .contains(a.id());

        // Revoking what a deactivated account holds still works (and holds nothing here): an answer, not an error.
        JsonNode revoked = ok(api.postJson(ACCOUNTS + "/" + a.id() + "/revoke-certificates", admin,
                "{\"reason\":\"keyCompromise\",\"deactivate\":true}"));
        assertThat(revoked.path("revoked").asLong()).isZero();
        assertThat(revoked.path("deactivated").asBoolean()).as("it already was").isFalse();
        assertThat(revoked.path("serials")).isEmpty();
    }

    @Test
    void badInputIsAProblemNamingWhatIsWrong() throws Exception {
        AcmeAccount a = seeded();
        String revoke = ACCOUNTS + "/" + a.id() + "/revoke-certificates";

        assertThat(AdminApiTest.problem(api.get(ACCOUNTS + "?status=expired", admin), 400, "malformed")
                .path("detail").asText()).contains("valid, deactivated or revoked");
        assertThat(AdminApiTest.problem(api.get(ACCOUNTS + "?limit=0", admin), 400, "malformed")
                .path("detail").asText()).contains("limit");
        AdminApiTest.problem(api.get(ACCOUNTS + "?cursor=bm90LWEtY3Vyc29y", admin), 400, "malformed");
        assertThat(AdminApiTest.problem(api.get(ACCOUNTS + "?directory=nope", admin), 404, "not-found")
                .path("detail").asText()).contains("no ACME directory 'nope'", "default");
        AdminApiTest.problem(api.get(ACCOUNTS + "/" + a.id() + "/certificates?status=deactivated", admin), 400,
                "malformed");
        assertThat(AdminApiTest.problem(api.postJson(revoke, admin, "{}"), 400, "malformed").path("detail").asText())
                .contains("reason");
        assertThat(AdminApiTest.problem(api.postJson(revoke, admin, "{\"reason\":\"certificateHold\"}"), 400,
                "malformed").path("detail").asText()).contains("permanent");
        AdminApiTest.problem(api.postJson(revoke, admin, "{\"reason\":\"keyCompromise\",\"all\":true}"), 400,
                "malformed");
        for (String path : List.of(ACCOUNTS + "/nope", ACCOUNTS + "/nope/certificates")) {
            assertThat(AdminApiTest.problem(api.get(path, admin), 404, "not-found").path("detail").asText())
                    .contains("no ACME account nope");
        }
        AdminApiTest.problem(api.postJson(ACCOUNTS + "/nope/deactivate", admin, null), 404, "not-found");
        AdminApiTest.problem(api.postJson(ACCOUNTS + "/nope/revoke-certificates", admin,
                "{\"reason\":\"keyCompromise\"}"), 404, "not-found");
        assertThat(server.database().acme().account(a.id()).orElseThrow().status()).isEqualTo(AcmeStatus.Account.VALID);
    }

    @Test
    void anIssuerAndItsCrlAreShownFromTheStoreAndUnknownOnesAre404() throws Exception {
        JsonNode issuers = ok(api.get("/api/v1/issuers", auditor));
        String id = issuers.path("items").get(issuers.path("items").size() - 1).path("id").asText();
        // The CDP publishes one if none is stored yet; from then on the admin API reads what is stored.
        assertThat(ApiClient.plainGet("http://localhost:" + server.httpPort() + "/crl/" + id + ".crl").statusCode())
                .isEqualTo(200);

        JsonNode issuer = ok(api.get("/api/v1/issuers/" + id, auditor));
        JsonNode crl = ok(api.get("/api/v1/crls/" + id, auditor));

        assertThat(issuer.path("id").asText()).isEqualTo(id);
        assertThat(issuer.path("sha256Fingerprint").asText()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(issuer.path("certificatePem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(crl.path("issuer").asText()).isEqualTo(id);
        assertThat(crl.path("number").asLong()).isPositive();
        assertThat(crl.path("size").asLong()).isPositive();
        assertThat(crl.path("entries").isIntegralNumber()).isTrue();
        assertThat(crl.path("url").asText()).endsWith("/crl/" + id + ".crl");
        assertThat(Instant.parse(crl.path("nextUpdate").asText())).isAfter(Instant.parse(crl.path("thisUpdate").asText()));
        var stored = server.database().crls().latest(id).orElseThrow();
        assertThat(crl.path("number").asLong()).isEqualTo(stored.number());
        assertThat(crl.path("entries").asLong()).isEqualTo(stored.entries());
        assertThat(crl.path("sha256").asText()).isEqualTo(stored.sha256());
        assertThat(issuer.path("crl").path("number").asLong()).isEqualTo(stored.number());

        assertThat(AdminApiTest.problem(api.get("/api/v1/issuers/int-nope", auditor), 404, "not-found")
                .path("detail").asText()).contains("no issuer int-nope");
        AdminApiTest.problem(api.get("/api/v1/crls/int-nope", auditor), 404, "not-found");
        AdminApiTest.problem(api.get("/api/v1/crls/" + id, null), 401, "unauthorized");
    }
}
