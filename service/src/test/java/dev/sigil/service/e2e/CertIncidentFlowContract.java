package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.Crls;
import dev.sigil.service.testing.Openssl;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incident response with the real CLI against a real Sigil (issue 6): about thirty certificates under different
 * names and owners; {@code sigil cert revoke} by SAN pattern, as a script would run it (no terminal); an interrupted
 * bulk revocation resumed; a dry run; {@code cert list} as CSV and PEM parsed back; {@code cert renew} and
 * {@code cert download} checked with openssl. Subclasses choose the database.
 */
public abstract class CertIncidentFlowContract {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int CI = 12;
    static final int WEB = 10;
    static final int LAB = 8;

    @TempDir
    Path dir;
    SigilServer server;
    Map<String, String> env;
    ApiClient api;
    String admin;

    /** Config overrides that select the database under test. */
    abstract Map<String, String> databaseOverrides() throws Exception;

    /** Runs after the server has stopped (e.g. to drop a test database). */
    void afterServerStopped() {
    }

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), databaseOverrides());
        env = TestServer.cliEnv(server, dir);
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        admin = TestServer.adminToken(server);
        for (int i = 0; i < CI; i++) {
            issue("runner-" + i + ".ci.internal", "ci-runners");
        }
        for (int i = 0; i < WEB; i++) {
            issue("web-" + i + ".prod.internal", "team-web");
        }
        for (int i = 0; i < LAB; i++) {
            issue("dev-" + i + ".lab.internal", "lab");
        }
    }

    @AfterEach
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            afterServerStopped();
        }
    }

    private JsonNode issue(String name, String owner) throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/certificates", admin, JSON.writeValueAsString(Map.of(
                "csr", TestCsrs.csr(KeyType.EC_P256, "CN=" + name, name), "owner", owner, "ttl", "30d")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private List<JsonNode> list(String... filters) throws Exception {
        List<String> args = new ArrayList<>(List.of("cert", "list", "--all", "--output", "json"));
        args.addAll(List.of(filters));
        Cli.Result r = Cli.run(env, args.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(r.out()).path("items").forEach(items::add);
        return items;
    }

    /** The test's certificates among {@code certs}: without Sigil's own (its HTTPS and OCSP responder ones). */
    private static List<JsonNode> ours(List<JsonNode> certs) {
        return certs.stream().filter(c -> c.path("sans").path(0).asText()
                .matches(".*\\.(ci|prod|lab)\\.internal")).toList();
    }

    @Test
    void aScriptRevokesEverythingUnderASuffixAndNothingElse() throws Exception {
        Cli.Result dry = Cli.run(env, "cert", "revoke", "--san", "*.ci.internal", "--reason", "keyCompromise",
                "--dry-run");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains(CI + " valid certificates matching --san '*.ci.internal':",
                "dry run: nothing was revoked");
        assertThat(list("--status", "revoked")).as("a dry run revokes nothing").isEmpty();

        Cli.Result unconfirmed = Cli.run(env, "cert", "revoke", "--san", "*.ci.internal", "--reason", "keyCompromise");
        assertThat(unconfirmed.exit()).as(unconfirmed.toString()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("stdin is not a terminal (add --yes");
        assertThat(list("--status", "revoked")).isEmpty();

        Cli.Result run = Cli.run(env, "cert", "revoke", "--san", "*.ci.internal", "--reason", "keyCompromise",
                "--yes", "--parallel", "4");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).contains("revoking " + CI + " certificates (reason keyCompromise, 4 at a time)")
                .contains("revoking: " + CI + "/" + CI + " done (100%)").doesNotContain("\r");
        List<String> progress = run.err().lines().filter(l -> l.startsWith("revoking: ")).toList();
        assertThat(progress).hasSizeBetween(2, 11);
        assertThat(run.out()).contains("matched " + CI + ": revoked " + CI + ", already revoked 0, failed 0",
                "OCSP answers 'revoked' for them now");

        List<JsonNode> revoked = list("--status", "revoked");
        assertThat(revoked).hasSize(CI).allSatisfy(c -> {
            assertThat(c.path("sans").get(0).asText()).endsWith(".ci.internal");
            assertThat(c.path("revocationReason").asText()).isEqualTo("keyCompromise");
        });
        assertThat(ours(list("--status", "valid"))).hasSize(WEB + LAB)
                .noneSatisfy(c -> assertThat(c.path("sans").get(0).asText()).endsWith(".ci.internal"));

        // OCSP reflects it at once: ask the real openssl about one of them.
        String serial = revoked.get(0).path("serial").asText();
        Cli.Result pem = Cli.run(env, "cert", "download", serial, "--out", dir.resolve("one.pem").toString());
        Cli.Result chain = Cli.run(env, "cert", "download", serial, "--format", "chain",
                "--out", dir.resolve("issuer.pem").toString());
        assertThat(pem.exit() + chain.exit()).isZero();
        String ocsp = Openssl.ok(dir, "ocsp", "-issuer", "issuer.pem", "-cert", "one.pem", "-url",
                "http://127.0.0.1:" + server.httpPort() + "/ocsp", "-CAfile", server.started().rootPem().toString(),
                "-timeout", "30");
        assertThat(ocsp).contains("one.pem: revoked", "Reason: keyCompromise");
        // And the CRL shortly after: every one of them on the issuer's full CRL or its delta.
        String issuer = revoked.get(0).path("issuer").asText();
        assertThat(awaitCrlListing(issuer, revoked, Duration.ofSeconds(30))).as("serials on no CRL").isEmpty();

        Cli.Result audit = Cli.run(env, "audit", "list", "--action", "certificate.revoke", "--output", "json");
        assertThat(audit.exit()).isZero();
        assertThat(JSON.readTree(audit.out()).path("items")).hasSize(CI);
    }

    /** Serials of {@code certs} that neither the full CRL nor the delta CRL of {@code issuer} lists by the deadline. */
    private List<String> awaitCrlListing(String issuer, List<JsonNode> certs, Duration within) throws Exception {
        String base = "http://127.0.0.1:" + server.httpPort() + "/crl/" + issuer;
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<String> missing = new ArrayList<>();
            HttpResponse<byte[]> full = ApiClient.plainGet(base + ".crl");
            HttpResponse<byte[]> delta = ApiClient.plainGet(base + ".delta.crl");
            for (JsonNode c : certs) {
                String serial = c.path("serial").asText();
                boolean listed = (full.statusCode() == 200 && Crls.lists(full.body(), serial))
                        || (delta.statusCode() == 200 && Crls.lists(delta.body(), serial));
                if (!listed) {
                    missing.add(serial);
                }
            }
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                return missing;
            }
            Thread.sleep(250);
        }
    }

    @Test
    void anInterruptedBulkRevocationResumedRevokesExactlyTheRest() throws Exception {
        // The first run stops after four (as if interrupted), then someone revokes two more by serial.
        Cli.Result first = Cli.run(env, "cert", "revoke", "--owner", "team-web", "--reason", "cessationOfOperation",
                "--yes", "--limit", "4");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).contains("matched 4: revoked 4, already revoked 0, failed 0",
                "run the command again for the next ones");
        List<JsonNode> stillValid = list("--owner", "team-web", "--status", "valid");
        assertThat(stillValid).hasSize(WEB - 4);
        for (JsonNode c : stillValid.subList(0, 2)) {
            Cli.Result one = Cli.run(env, "cert", "revoke", c.path("serial").asText(), "--reason", "superseded");
            assertThat(one.exit()).as(one.toString()).isZero();
        }

        Cli.Result resumed = Cli.run(env, "cert", "revoke", "--owner", "team-web", "--reason", "cessationOfOperation",
                "--yes");
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains((WEB - 6) + " valid certificates matching --owner 'team-web' (6 more "
                + "matching are already revoked):", "matched " + WEB + ": revoked " + (WEB - 6)
                + ", already revoked 6, failed 0");
        assertThat(list("--owner", "team-web", "--status", "revoked")).hasSize(WEB);
        assertThat(ours(list("--status", "valid"))).hasSize(CI + LAB);

        Cli.Result again = Cli.run(env, "cert", "revoke", "--owner", "team-web", "--reason", "cessationOfOperation",
                "--yes");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).contains("no valid certificate matches --owner 'team-web' (" + WEB
                + " more matching are already revoked)", "revoked 0, already revoked " + WEB);
    }

    @Test
    void listAsCsvAndPemParsesBackAndSortsAcrossPages() throws Exception {
        Cli.Result csv = Cli.run(env, "cert", "list", "--san", "*.lab.internal", "--sort", "serial", "--output",
                "csv");
        assertThat(csv.exit()).as(csv.toString()).isZero();
        List<List<String>> rows = parseCsv(csv.out());
        assertThat(rows.get(0)).startsWith("serial", "issuer", "subject", "sans", "status");
        assertThat(rows).hasSize(LAB + 1);
        List<String> serials = rows.stream().skip(1).map(r -> r.get(0)).toList();
        assertThat(serials).isSorted();
        assertThat(rows.stream().skip(1).map(r -> r.get(3))).allMatch(s -> s.matches("dns:dev-\\d\\.lab\\.internal"));
        assertThat(rows.stream().skip(1).map(r -> r.get(2))).allMatch(s -> s.startsWith("CN=dev-"));

        Cli.Result pem = Cli.run(env, "cert", "list", "--owner", "lab", "--all", "--output", "pem");
        assertThat(pem.exit()).as(pem.toString()).isZero();
        List<String> pemSerials = new ArrayList<>();
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(pem.out().getBytes(StandardCharsets.US_ASCII)))) {
            pemSerials.add(((X509Certificate) c).getSerialNumber().toString(16));
        }
        assertThat(pemSerials).containsExactlyInAnyOrderElementsOf(serials);

        // Sorting holds across pages: walk every certificate three at a time by the server's cursor.
        List<JsonNode> all = list();
        List<JsonNode> byExpiry = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> r = api.get("/api/v1/certificates?sort=expiry&order=asc&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor), admin);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(r.body());
            page.path("items").forEach(byExpiry::add);
            cursor = page.path("nextCursor").isMissingNode() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        assertThat(byExpiry).hasSize(all.size());
        assertThat(byExpiry.stream().map(c -> c.path("serial").asText()).toList()).doesNotHaveDuplicates();
        assertThat(byExpiry).isSortedAccordingTo(Comparator.<JsonNode, java.time.Instant>comparing(
                c -> java.time.Instant.parse(c.path("notAfter").asText())).thenComparing(c -> c.path("serial").asText()));
        HttpResponse<String> wrongOrder = api.get("/api/v1/certificates?sort=serial&limit=3&cursor=" + JSON.readTree(
                api.get("/api/v1/certificates?sort=expiry&limit=3", admin).body()).path("nextCursor").asText(), admin);
        assertThat(wrongOrder.statusCode()).isEqualTo(400);
        assertThat(wrongOrder.body()).contains("urn:sigil:problem:malformed", "cursor");
    }

    @Test
    void renewKeepsTheNamesAndDownloadServesEveryFormat() throws Exception {
        Openssl.ok(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "old.key", "-out", "old.csr", "-subj", "/CN=api.sigil.internal",
                "-addext", "subjectAltName=DNS:api.sigil.internal,IP:10.0.0.9");
        Cli.Result issued = Cli.run(env, "cert", "issue", "--csr", dir.resolve("old.csr").toString(), "--owner",
                "team-api", "--label", "api gateway", "--out", dir.resolve("old.pem").toString());
        assertThat(issued.exit()).as(issued.toString()).isZero();
        String original = serialOf(dir.resolve("old.pem"));

        Openssl.ok(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "new.key", "-out", "new.csr", "-subj", "/CN=api.sigil.internal",
                "-addext", "subjectAltName=DNS:api.sigil.internal,IP:10.0.0.9");
        Cli.Result renewed = Cli.run(env, "cert", "renew", original, "--csr", dir.resolve("new.csr").toString(),
                "--ttl", "10d", "--out", dir.resolve("new.pem").toString(), "--chain-out",
                dir.resolve("chain.pem").toString());
        assertThat(renewed.exit()).as(renewed.toString()).isZero();
        assertThat(renewed.out()).contains("the original certificate " + original + " was not revoked");
        String root = server.started().rootPem().toString();
        assertThat(Openssl.ok(dir, "verify", "-CAfile", root, "-untrusted", "chain.pem", "new.pem"))
                .contains("new.pem: OK");
        String fresh = serialOf(dir.resolve("new.pem"));
        assertThat(fresh).isNotEqualTo(original);

        Cli.Result shown = Cli.run(env, "cert", "show", fresh, "--output", "json");
        JsonNode renewedJson = JSON.readTree(shown.out());
        assertThat(renewedJson.path("owner").asText()).isEqualTo("team-api");
        assertThat(renewedJson.path("label").asText()).isEqualTo("api gateway");
        assertThat(renewedJson.path("profile").asText()).isEqualTo("server");
        assertThat(JSON.readTree(Cli.run(env, "cert", "show", original, "--output", "json").out())
                .path("status").asText()).as("the original stays valid").isEqualTo("valid");
        JsonNode audit = JSON.readTree(Cli.run(env, "audit", "list", "--action", "certificate.renew", "--output",
                "json").out()).path("items");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).path("details").asText()).contains("renews=").contains(original);

        Openssl.ok(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "other.key", "-out", "other.csr", "-subj", "/CN=api.sigil.internal",
                "-addext", "subjectAltName=DNS:api.sigil.internal,DNS:admin.sigil.internal");
        Cli.Result otherNames = Cli.run(env, "cert", "renew", original, "--csr", dir.resolve("other.csr").toString());
        assertThat(otherNames.exit()).as(otherNames.toString()).isEqualTo(4);
        assertThat(otherNames.err()).contains("missing ip:10.0.0.9", "added dns:admin.sigil.internal");

        for (String[] f : new String[][] {{"pem", "d.pem"}, {"der", "d.der"}, {"chain", "d-chain.pem"},
            {"fullchain", "d-full.pem"}}) {
            Cli.Result d = Cli.run(env, "cert", "download", fresh, "--format", f[0], "--out", dir.resolve(f[1]).toString());
            assertThat(d.exit()).as(d.toString()).isZero();
        }
        assertThat(Openssl.ok(dir, "x509", "-in", "d.pem", "-noout", "-serial")).containsIgnoringCase(fresh);
        assertThat(Openssl.ok(dir, "x509", "-inform", "DER", "-in", "d.der", "-noout", "-serial"))
                .containsIgnoringCase(fresh);
        assertThat(Files.readString(dir.resolve("d-chain.pem"))).isEqualTo(Files.readString(dir.resolve("chain.pem")));
        assertThat(Openssl.ok(dir, "verify", "-CAfile", root, "-untrusted", "d-chain.pem", "d.pem")).contains("d.pem: OK");
        assertThat(Files.readString(dir.resolve("d-full.pem")))
                .isEqualTo(Files.readString(dir.resolve("d.pem")) + Files.readString(dir.resolve("d-chain.pem")));

        Cli.Result revoke = Cli.run(env, "cert", "revoke", original, "--reason", "superseded");
        assertThat(revoke.exit()).isZero();
        Cli.Result renewRevoked = Cli.run(env, "cert", "renew", original, "--csr", dir.resolve("new.csr").toString());
        assertThat(renewRevoked.exit()).as(renewRevoked.toString()).isEqualTo(1);
        assertThat(renewRevoked.err()).contains("is revoked");
        Cli.Result unknown = Cli.run(env, "cert", "renew", "abcdef", "--csr", dir.resolve("new.csr").toString());
        assertThat(unknown.exit()).isEqualTo(3);
    }

    private static String serialOf(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSerialNumber().toString(16);
        }
    }

    /** An RFC 4180 parser, small and strict: CRLF records, quoted fields with doubled quotes. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertThat(field).as("the last record ends with CRLF").isEmpty();
        assertThat(row).isEmpty();
        return rows;
    }
}
