package dev.sigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** Tokens, audit, CAs, whoami and generic HTTP error handling against the in-test HTTPS server. */
class AdminCommandsTest extends ServerTestBase {

    private static final String NEW_SECRET = "sgl_bmV3X3NlY3JldF9mb3JfY2lfcnVubmVyX3Rlc3Rfb25seQ";

    @Test
    void tokenCreatePrintsOnlyTheSecretOnStdoutAndWarnsOnStderr() throws Exception {
        server.on("POST", "/api/v1/tokens", json(201, "{\"id\":\"tok_1\",\"name\":\"ci-runner\","
                + "\"role\":\"operator\",\"createdAt\":\"2026-11-23T20:00:00Z\",\"token\":\"" + NEW_SECRET + "\"}"));

        CliRun r = sigil("token", "create", "--name", "ci-runner", "--role", "Operator");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(NEW_SECRET + "\n");
        assertThat(r.err()).contains("created token tok_1 'ci-runner' with role operator", "shown only this once")
                .doesNotContain(NEW_SECRET);
        TestServer.Request req = server.single();
        assertThat(req.path()).isEqualTo("/api/v1/tokens");
        JsonNode body = parse(req.body());
        assertThat(body.get("name").asText()).isEqualTo("ci-runner");
        assertThat(body.get("role").asText()).isEqualTo("operator");
    }

    @Test
    void tokenCreateWithAnUnknownRoleIsAUsageError() {
        CliRun r = sigil("token", "create", "--name", "x", "--role", "root");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown role 'root' (use auditor, operator or admin)");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void tokenCreateWithTooWeakARoleExitsWith4WithAHint() {
        server.on("POST", "/api/v1/tokens", problem(403, "forbidden", "Not allowed for this role",
                "creating tokens needs the admin role"));

        CliRun r = sigil("token", "create", "--name", "x", "--role", "auditor");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: Not allowed for this role: creating tokens needs the admin role",
                "hint: ", "sigil whoami");
    }

    @Test
    void tokenListShowsActiveAndRevokedTokens() {
        server.on("GET", "/api/v1/tokens", json(200, "{\"items\":["
                + "{\"id\":\"tok_1\",\"name\":\"ci-runner\",\"role\":\"operator\",\"createdAt\":\"2026-11-01T00:00:00Z\","
                + "\"createdBy\":\"admin\"},"
                + "{\"id\":\"tok_2\",\"name\":\"old\",\"role\":\"auditor\",\"createdAt\":\"2026-10-01T00:00:00Z\","
                + "\"createdBy\":\"admin\",\"revokedAt\":\"2026-11-02T00:00:00Z\"}]}"));

        CliRun r = sigil("token", "list");

        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("NAME", "ROLE", "CREATED", "STATUS");
        assertThat(lines.get(1)).contains("tok_1", "ci-runner", "operator", "active");
        assertThat(lines.get(2)).contains("tok_2", "revoked 2026-11-02T00:00:00Z");
    }

    @Test
    void tokenRevokeSendsDelete() {
        server.on("DELETE", "/api/v1/tokens/tok_1", new TestServer.Response(204, "text/plain", "", Map.of()));

        CliRun r = sigil("token", "revoke", "tok_1");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("revoked token tok_1\n");
        assertThat(server.single().method()).isEqualTo("DELETE");
        assertThat(server.single().header("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void tokenRevokeMapsNotFoundTo3AndConflictTo1() {
        server.on("DELETE", "/api/v1/tokens/tok_9", problem(404, "not-found", "Not found", "no token tok_9"));
        server.on("DELETE", "/api/v1/tokens/tok_2", problem(409, "conflict", "Conflict", "token tok_2 is revoked"));

        CliRun missing = sigil("token", "revoke", "tok_9");
        CliRun twice = sigil("token", "revoke", "tok_2");

        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("error: Not found: no token tok_9");
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.err()).contains("token tok_2 is already revoked");
    }

    @Test
    void whoamiPrintsNameRoleAndServer() {
        server.on("GET", "/api/v1/whoami", json(200, "{\"name\":\"admin\",\"role\":\"admin\"}"));

        CliRun r = sigil("whoami");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("admin (role admin) at " + server.url() + "\n");
        assertThat(server.single().header("User-Agent")).startsWith("sigil-cli/");
    }

    @Test
    void globalOptionsWorkBeforeTheCommandToo() throws Exception {
        server.on("GET", "/api/v1/whoami", json(200, "{\"name\":\"admin\",\"role\":\"admin\"}"));

        CliRun r = sigil("--output", "json", "whoami");

        assertThat(r.exitCode()).isZero();
        assertThat(parse(r.out()).get("role").asText()).isEqualTo("admin");
    }

    @Test
    void anUnknownTokenExitsWith4AndNamesItsSourceButNeverTheToken() {
        server.on("GET", "/api/v1/whoami", problem(401, "unauthorized", "Authentication required",
                "unknown or revoked token"));

        CliRun r = sigil("whoami", "--debug");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: Authentication required: unknown or revoked token",
                "hint: the server does not accept the token from SIGIL_TOKEN");
        assertThat(r.out() + r.err()).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(4, 20));
    }

    @Test
    void auditVerifyExitsWith0WhenIntactAnd1WhenBroken() {
        server.on("GET", "/api/v1/audit/verify", json(200, "{\"intact\":true,\"records\":1234}"),
                json(200, "{\"intact\":false,\"records\":40,\"firstBrokenSeq\":17,\"problem\":\"hash mismatch\"}"));

        CliRun ok = sigil("audit", "verify");
        CliRun broken = sigil("audit", "verify");

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).isEqualTo("audit log intact: 1234 records verified\n");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN at record 17 of 40: hash mismatch");
        assertThat(broken.err()).contains("hash chain is broken");
    }

    @Test
    void auditListSendsFiltersWithRelativeTimesResolved() {
        server.on("GET", "/api/v1/audit", json(200, "{\"items\":[{\"seq\":6,\"at\":\"2026-11-23T10:00:00Z\","
                + "\"actor\":\"admin\",\"action\":\"certificate.revoke\",\"target\":\"5f0c2d\",\"outcome\":\"ok\","
                + "\"details\":{\"reason\":\"superseded\"},\"hash\":\"ab\"}]}"));

        CliRun r = sigil("audit", "list", "--actor", "admin", "--from", "2026-11-01T00:00:00Z", "--to", "24h",
                "--after", "5", "--limit", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(query(server.single().query())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "actor", "admin", "from", "2026-11-01T00:00:00Z", "to", "2026-11-22T20:00:00Z", "after", "5",
                "limit", "2"));
        assertThat(r.out().lines().toList().get(1)).contains("6", "admin", "certificate.revoke", "5f0c2d", "ok");
    }

    @Test
    void caListShowsIssuersAndTheirPem() {
        String issuers = "{\"items\":[{\"id\":\"root-1\",\"name\":\"Sigil Root\",\"kind\":\"root\","
                + "\"subject\":\"CN=Sigil Root\",\"keyType\":\"EC_P384\",\"notBefore\":\"2026-01-01T00:00:00Z\","
                + "\"notAfter\":\"2036-01-01T00:00:00Z\",\"sha256Fingerprint\":\"ab\",\"certificatePem\":\""
                + LEAF_PEM.replace("\n", "\\n") + "\"},{\"id\":\"int-1\",\"name\":\"Sigil Issuing\","
                + "\"kind\":\"intermediate\",\"parent\":\"root-1\",\"subject\":\"CN=Sigil Issuing\","
                + "\"keyType\":\"EC_P256\",\"notAfter\":\"2027-11-23T20:00:00Z\",\"certificatePem\":\""
                + CHAIN_PEM.replace("\n", "\\n") + "\"}]}";
        server.on("GET", "/api/v1/issuers", json(200, issuers));

        CliRun table = sigil("ca", "list");
        CliRun pem = sigil("ca", "list", "-o", "pem");

        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines().toList().get(2)).contains("int-1", "intermediate", "root-1",
                "2027-11-23 (in 365 days)");
        assertThat(pem.out()).isEqualTo(LEAF_PEM + "\n" + CHAIN_PEM + "\n");
    }

    @Test
    void serverErrorsExitWith1AndShowRetryAfter() {
        server.on("GET", "/api/v1/whoami",
                problem(500, "internal", "Internal error", "incident 42"),
                new TestServer.Response(503, "application/problem+json", "{\"type\":\"urn:sigil:problem:unavailable\","
                        + "\"title\":\"Service unavailable\",\"status\":503}", Map.of("Retry-After", "30")));

        CliRun internal = sigil("whoami");
        CliRun unavailable = sigil("whoami");

        assertThat(internal.exitCode()).isEqualTo(1);
        assertThat(internal.err()).isEqualTo("error: Internal error: incident 42\n");
        assertThat(unavailable.exitCode()).isEqualTo(1);
        assertThat(unavailable.err()).isEqualTo("error: Service unavailable (retry after 30s)\n");
    }

    @Test
    void anErrorWithoutAProblemBodyStillGivesOneLine() {
        server.on("GET", "/api/v1/whoami", new TestServer.Response(502, "text/html", "<h1>Bad gateway</h1>",
                Map.of()));

        CliRun r = sigil("whoami");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: HTTP 502\n");
    }

    @Test
    void debugLogsRequestsWithoutTheToken() {
        server.on("GET", "/api/v1/whoami", json(200, "{\"name\":\"admin\",\"role\":\"admin\"}"));

        CliRun r = sigil("--debug", "whoami");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("> GET " + server.url() + "/api/v1/whoami", "< 200", "token=<redacted>")
                .doesNotContain(TOKEN);
    }
}
