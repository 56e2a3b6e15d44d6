package dev.sigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sigil cert ...} against the in-test HTTPS server: requests sent, output printed, exit codes. */
class CertCommandsTest extends ServerTestBase {

    private static final String CSR = "-----BEGIN CERTIFICATE REQUEST-----\nQ1NSIEJPRFk=\n"
            + "-----END CERTIFICATE REQUEST-----\n";
    private static final String ISSUED = certJson("5f0c2d", "CN=www.sigil.internal", "valid",
            "2027-02-21T20:00:00Z", true);

    private Path csr() throws Exception {
        Path p = dir.resolve("www.csr");
        Files.writeString(p, CSR);
        return p;
    }

    @Test
    void issuePostsTheCsrAndPrintsPemOnStdoutAndSummaryOnStderr() throws Exception {
        csr();
        server.on("POST", "/api/v1/certificates", json(201, ISSUED));

        CliRun r = sigil("cert", "issue", "--csr", "www.csr", "--profile", "server", "--ttl", "P30D",
                "--owner", "team-payments", "--label", "checkout frontend");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(LEAF_PEM + "\n");
        assertThat(r.err()).contains("issued certificate 5f0c2d", "subject:", "CN=www.sigil.internal",
                "dns:www.sigil.internal, ip:10.0.0.7", "2027-02-21T20:00:00Z (in 90 days)");
        TestServer.Request req = server.single();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/api/v1/certificates");
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = parse(req.body());
        assertThat(body.get("csr").asText()).isEqualTo(CSR);
        assertThat(body.get("profile").asText()).isEqualTo("server");
        assertThat(body.get("ttl").asText()).isEqualTo("30d");
        assertThat(body.get("owner").asText()).isEqualTo("team-payments");
        assertThat(body.get("label").asText()).isEqualTo("checkout frontend");
    }

    @Test
    void issueWritesTheFilesAndPrintsTheSummaryOnStdout() throws Exception {
        csr();
        server.on("POST", "/api/v1/certificates", json(201, ISSUED));

        CliRun r = sigil("cert", "issue", "--csr", "www.csr", "--out", "www.pem", "--chain-out", "chain.pem",
                "--fullchain-out", "full.pem");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(dir.resolve("www.pem"))).isEqualTo(LEAF_PEM + "\n");
        assertThat(Files.readString(dir.resolve("chain.pem"))).isEqualTo(CHAIN_PEM + "\n");
        assertThat(Files.readString(dir.resolve("full.pem"))).isEqualTo(LEAF_PEM + "\n" + CHAIN_PEM + "\n");
        assertThat(r.out()).contains("issued certificate 5f0c2d", "wrote certificate to " + dir.resolve("www.pem"))
                .doesNotContain("BEGIN CERTIFICATE");
        JsonNode body = parse(server.single().body());
        assertThat(body.has("profile")).as("profile left to the server's default").isFalse();
        assertThat(body.has("ttl")).isFalse();
    }

    @Test
    void issueWithJsonOutputPrintsTheAnswer() throws Exception {
        csr();
        server.on("POST", "/api/v1/certificates", json(201, ISSUED));

        CliRun r = sigil("cert", "issue", "--csr", "www.csr", "--output", "json");

        assertThat(r.exitCode()).isZero();
        JsonNode out = parse(r.out());
        assertThat(out.get("serial").asText()).isEqualTo("5f0c2d");
        assertThat(out.get("certificatePem").asText()).isEqualTo(LEAF_PEM);
    }

    @Test
    void issueRefusedByPolicyExitsWith4AndRendersTheProblem() throws Exception {
        csr();
        server.on("POST", "/api/v1/certificates", problem(400, "policy", "Refused by policy",
                "profile server does not allow the name www.example.com"));

        CliRun r = sigil("cert", "issue", "--csr", "www.csr");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains(
                "error: Refused by policy: profile server does not allow the name www.example.com");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void issueWithABadCsrExitsWith4AndAMalformedRequestWith2() throws Exception {
        csr();
        server.on("POST", "/api/v1/certificates",
                problem(400, "bad-csr", "Unacceptable certificate signing request", "signature does not verify"),
                problem(400, "malformed", "Malformed request", "unknown field"));

        CliRun bad = sigil("cert", "issue", "--csr", "www.csr");
        CliRun malformed = sigil("cert", "issue", "--csr", "www.csr");

        assertThat(bad.exitCode()).isEqualTo(4);
        assertThat(bad.err()).contains("error: Unacceptable certificate signing request: signature does not verify");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("error: Malformed request: unknown field");
    }

    @Test
    void issueRejectsAFileThatIsNoCsrWithoutCallingTheServer() throws Exception {
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n");

        CliRun r = sigil("cert", "issue", "--csr", "key.pem");
        CliRun missing = sigil("cert", "issue", "--csr", "nope.csr");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is not a PEM certificate signing request");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.csr: no such file");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void listPrintsAnAlignedTableWithRelativeExpiry() {
        server.on("GET", "/api/v1/certificates", json(200, "{\"items\":["
                + certJson("5f0c2d", "CN=www.sigil.internal", "valid", "2027-02-21T20:00:00Z", false) + ","
                + certJson("a1", "", "expired", "2026-11-21T19:00:00Z", false) + "]}"));

        CliRun r = sigil("cert", "list");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("SERIAL").contains("SUBJECT", "PROFILE", "STATUS", "EXPIRES");
        assertThat(lines.get(1)).contains("5f0c2d", "CN=www.sigil.internal", "server", "valid",
                "2027-02-21 (in 90 days)");
        assertThat(lines.get(2)).contains("a1", "dns:www.sigil.internal", "expired", "2026-11-21 (2 days ago)");
        int col = lines.get(0).indexOf("EXPIRES");
        assertThat(lines.get(1).indexOf("2027-02-21")).isEqualTo(col);
        assertThat(lines.get(2).indexOf("2026-11-21")).isEqualTo(col);
        assertThat(query(server.single().query())).containsEntry("limit", "100");
    }

    @Test
    void listSendsTheFiltersAsQueryParameters() {
        server.on("GET", "/api/v1/certificates", json(200, "{\"items\":[]}"));

        CliRun r = sigil("cert", "list", "--status", "Revoked", "--expiring-within", "720h", "--san",
                "www.sigil.internal", "--owner", "team payments", "--profile", "server", "--issuer", "int-1",
                "--limit", "5");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("no certificates match");
        assertThat(query(server.single().query())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "status", "revoked", "expiringWithin", "30d", "san", "www.sigil.internal", "owner", "team payments",
                "profile", "server", "issuer", "int-1", "limit", "5"));
    }

    @Test
    void listAllFollowsNextCursorToTheLastPage() throws Exception {
        server.on("GET", "/api/v1/certificates",
                json(200, "{\"items\":[" + certJson("1", "CN=a", "valid", "2027-01-01T00:00:00Z", false) + ","
                        + certJson("2", "CN=b", "valid", "2027-01-01T00:00:00Z", false) + "],\"nextCursor\":\"c2\"}"),
                json(200, "{\"items\":[" + certJson("3", "CN=c", "valid", "2027-01-01T00:00:00Z", false) + "]}"));

        CliRun r = sigil("cert", "list", "--all", "--output", "json");

        assertThat(r.exitCode()).isZero();
        JsonNode out = parse(r.out());
        assertThat(out.get("items")).hasSize(3);
        assertThat(out.has("nextCursor")).isFalse();
        assertThat(server.requests).hasSize(2);
        assertThat(query(server.requests.get(0).query())).containsEntry("limit", "1000").doesNotContainKey("cursor");
        assertThat(query(server.requests.get(1).query())).containsEntry("cursor", "c2");
    }

    @Test
    void listStopsAtTheLimitAndSaysMoreMatch() {
        String page = "{\"items\":[" + certJson("1", "CN=a", "valid", "2027-01-01T00:00:00Z", false) + ","
                + certJson("2", "CN=b", "valid", "2027-01-01T00:00:00Z", false) + "],\"nextCursor\":\"next\"}";
        server.on("GET", "/api/v1/certificates", json(200, page));

        CliRun r = sigil("cert", "list", "--limit", "3");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).hasSize(4); // header + 3
        assertThat(r.err()).contains("more match");
        assertThat(server.requests).hasSize(2);
        assertThat(query(server.requests.get(0).query())).containsEntry("limit", "3");
        assertThat(query(server.requests.get(1).query())).containsEntry("limit", "1").containsEntry("cursor", "next");
    }

    @Test
    void showNormalizesTheSerialAndPrintsPem() {
        server.on("GET", "/api/v1/certificates/5f0c2d",
                json(200, certJson("5f0c2d", "CN=www", "valid", "2027-02-21T20:00:00Z", true)));

        CliRun r = sigil("cert", "show", "05:F0:C2:D", "--issuer", "int-3f9a1c2b", "--output", "pem");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(LEAF_PEM + "\n");
        assertThat(query(server.single().query())).containsEntry("issuer", "int-3f9a1c2b");
    }

    @Test
    void showPrintsDetails() {
        server.on("GET", "/api/v1/certificates/5f0c2d",
                json(200, certJson("5f0c2d", "CN=www", "valid", "2027-02-21T20:00:00Z", true)));

        CliRun r = sigil("cert", "show", "5f0c2d");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("serial:", "5f0c2d", "key type:", "EC_P256", "owner:", "team-payments",
                "not after:", "(in 90 days)").doesNotContain("BEGIN CERTIFICATE");
    }

    @Test
    void showOfAnUnknownSerialExitsWith3() {
        server.on("GET", "/api/v1/certificates/ab12", problem(404, "not-found", "Not found",
                "no certificate with serial ab12"));

        CliRun r = sigil("cert", "show", "ab12");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("error: Not found: no certificate with serial ab12\n");
    }

    @Test
    void revokeSendsTheCanonicalReason() throws Exception {
        String revoked = certJson("5f0c2d", "CN=www", "revoked", "2027-02-21T20:00:00Z", false)
                .replace("}", ",\"revokedAt\":\"2026-11-23T20:00:00Z\",\"revocationReason\":\"keyCompromise\"}");
        server.on("POST", "/api/v1/certificates/5f0c2d/revoke", json(200, revoked));

        CliRun r = sigil("cert", "revoke", "5F0C2D", "--reason", "KEYCOMPROMISE");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("revoked certificate 5f0c2d (keyCompromise, at 2026-11-23T20:00:00Z)");
        TestServer.Request req = server.single();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(parse(req.body()).get("reason").asText()).isEqualTo("keyCompromise");
        assertThat(parse(req.body()).has("invalidityDate")).isFalse();
    }

    @Test
    void revokeByCodeWithInvalidityDate() throws Exception {
        server.on("POST", "/api/v1/certificates/5f0c2d/revoke",
                json(200, certJson("5f0c2d", "CN=www", "revoked", "2027-02-21T20:00:00Z", false)));

        CliRun r = sigil("cert", "revoke", "5f0c2d", "--reason", "4", "--invalidity-date", "2d",
                "--issuer", "int-1");

        assertThat(r.exitCode()).isZero();
        JsonNode body = parse(server.single().body());
        assertThat(body.get("reason").asText()).isEqualTo("superseded");
        assertThat(body.get("invalidityDate").asText()).isEqualTo("2026-11-21T20:00:00Z");
        assertThat(query(server.single().query())).containsEntry("issuer", "int-1");
    }

    @Test
    void revokingTwiceExitsWith1AndSaysAlreadyRevoked() {
        server.on("POST", "/api/v1/certificates/5f0c2d/revoke",
                problem(409, "conflict", "Conflict", "certificate 5f0c2d is revoked"));

        CliRun r = sigil("cert", "revoke", "5f0c2d", "--reason", "superseded");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: certificate 5f0c2d is already revoked\n");
    }

    @Test
    void anUnknownReasonIsAUsageErrorAndNothingIsSent() {
        CliRun r = sigil("cert", "revoke", "5f0c2d", "--reason", "lostIt");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown revocation reason 'lostIt'", "keyCompromise", "cessationOfOperation");
        assertThat(server.requests).isEmpty();
    }
}
