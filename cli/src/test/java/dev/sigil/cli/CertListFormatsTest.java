package dev.sigil.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sigil cert list} filters, sorting, CSV and PEM output; {@code cert renew}; {@code cert download}. */
class CertListFormatsTest extends ServerTestBase {

    private static final String CSR = "-----BEGIN CERTIFICATE REQUEST-----\nQ1NSIEJPRFk=\n"
            + "-----END CERTIFICATE REQUEST-----\n";

    @Test
    void newFiltersAndSortAreSentAsQueryParameters() {
        server.on("GET", "/api/v1/certificates", json(200, "{\"items\":[]}"));

        CliRun r = sigil("cert", "list", "--acme-account", "Jx2r", "--issued-after", "2026-10-01T00:00:00Z",
                "--issued-before", "7d", "--san", "*.ci.internal", "--sort", "expiry", "--desc");
        CliRun asc = sigil("cert", "list", "--sort", "SERIAL");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(query(server.requests.get(0).query())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "acmeAccount", "Jx2r", "issuedAfter", "2026-10-01T00:00:00Z", "issuedBefore", "2026-11-16T20:00:00Z",
                "san", "*.ci.internal", "sort", "expiry", "order", "desc", "limit", "100"));
        assertThat(asc.exitCode()).isZero();
        assertThat(query(server.requests.get(1).query())).containsEntry("sort", "serial").containsEntry("order", "asc");
    }

    @Test
    void badSortAndRangeArgumentsAreUsageErrors() {
        assertThat(sigil("cert", "list", "--sort", "color").err()).contains("unknown sort key 'color'");
        assertThat(sigil("cert", "list", "--desc").err()).contains("--desc needs --sort");
        CliRun range = sigil("cert", "list", "--issued-after", "1d", "--issued-before", "2d");
        assertThat(range.exitCode()).isEqualTo(2);
        assertThat(range.err()).contains("--issued-after must be before --issued-before");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void csvHasAHeaderAndQuotesWhatNeedsIt() {
        String tricky = certJson("5f0c2d", "CN=web\\\\, \\\"edge\\\",O=Sigil", "valid", "2027-02-21T20:00:00Z", false);
        server.on("GET", "/api/v1/certificates", json(200, "{\"items\":[" + tricky + ","
                + certJson("a1", "CN=plain", "revoked", "2027-01-01T00:00:00Z", false) + "]}"));

        CliRun r = sigil("cert", "list", "--output", "csv");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = List.of(r.out().split("\r\n", -1));
        assertThat(lines).hasSize(4).last().isEqualTo("");
        assertThat(lines.get(0)).isEqualTo("serial,issuer,subject,sans,status,notBefore,notAfter,issuedAt,profile,"
                + "owner,label,keyType,revokedAt,revocationReason,requestedBy");
        assertThat(lines.get(1)).startsWith("5f0c2d,int-3f9a1c2b,\"CN=web\\, \"\"edge\"\",O=Sigil\","
                + "dns:www.sigil.internal ip:10.0.0.7,valid,2026-11-23T20:00:00Z,2027-02-21T20:00:00Z,");
        assertThat(lines.get(2)).startsWith("a1,int-3f9a1c2b,CN=plain,").contains(",revoked,")
                .endsWith(",team-payments,checkout frontend,EC_P256,,,admin");
    }

    @Test
    void pemOutputFetchesEachCertificateFromItsIssuerInListOrder() {
        server.on("GET", "/api/v1/certificates", json(200, "{\"items\":["
                + certJson("a1", "CN=a", "valid", "2027-01-01T00:00:00Z", false) + ","
                + certJson("b2", "CN=b", "valid", "2027-01-01T00:00:00Z", false) + "]}"));
        server.on("GET", "/api/v1/certificates/a1", json(200, certJson("a1", "CN=a", "valid",
                "2027-01-01T00:00:00Z", true)));
        server.on("GET", "/api/v1/certificates/b2", json(200, certJson("b2", "CN=b", "valid",
                "2027-01-01T00:00:00Z", true).replace("TEVBRg==", "U0VDT05E")));

        CliRun r = sigil("cert", "list", "--output", "pem");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(LEAF_PEM + "\n" + LEAF_PEM.replace("TEVBRg==", "U0VDT05E") + "\n");
        assertThat(server.requests).hasSize(3);
        server.requests.stream().skip(1).forEach(req ->
                assertThat(query(req.query())).containsEntry("issuer", "int-3f9a1c2b"));
    }

    @Test
    void renewPostsTheCsrAndSaysTheOriginalWasNotRevoked() throws Exception {
        Files.writeString(dir.resolve("www.csr"), CSR);
        String renewed = certJson("77aa", "CN=www", "valid", "2027-02-21T20:00:00Z", true)
                .replaceFirst("}$", ",\"renews\":{\"issuer\":\"int-3f9a1c2b\",\"serial\":\"5f0c2d\","
                        + "\"notAfter\":\"2026-12-01T00:00:00Z\"}}");
        server.on("POST", "/api/v1/certificates/5f0c2d/renew", json(201, renewed));

        CliRun r = sigil("cert", "renew", "5F:0C:2D", "--csr", "www.csr", "--ttl", "30d", "--out", "www.pem");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(dir.resolve("www.pem"))).isEqualTo(LEAF_PEM + "\n");
        assertThat(r.out()).contains("renewed certificate 5f0c2d as 77aa",
                "the original certificate 5f0c2d was not revoked (valid until 2026-12-01T00:00:00Z); once the new "
                        + "one is deployed: sigil cert revoke 5f0c2d --reason superseded");
        var body = parse(server.single().body());
        assertThat(body.get("csr").asText()).isEqualTo(CSR);
        assertThat(body.get("ttl").asText()).isEqualTo("30d");
    }

    @Test
    void renewShowsThePolicyProblemAndExits4() throws Exception {
        Files.writeString(dir.resolve("www.csr"), CSR);
        server.on("POST", "/api/v1/certificates/5f0c2d/renew", problem(400, "policy", "Refused by policy",
                "the CSR's names differ: missing dns:www.sigil.internal"));

        CliRun r = sigil("cert", "renew", "5f0c2d", "--csr", "www.csr");
        CliRun noCsr = sigil("cert", "renew", "5f0c2d", "--csr", "nope.csr");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: Refused by policy: the CSR's names differ: missing dns:www.sigil.internal");
        assertThat(noCsr.exitCode()).isEqualTo(2);
        assertThat(noCsr.err()).contains("--csr nope.csr: no such file");
    }

    @Test
    void downloadWritesEachFormat() throws Exception {
        server.on("GET", "/api/v1/certificates/5f0c2d",
                json(200, certJson("5f0c2d", "CN=www", "valid", "2027-02-21T20:00:00Z", true)));

        CliRun pem = sigil("cert", "download", "5f0c2d");
        CliRun chain = sigil("cert", "download", "5f0c2d", "--format", "chain");
        CliRun full = sigil("cert", "download", "5f0c2d", "--format", "FULLCHAIN", "--out", "full.pem");
        CliRun der = sigil("cert", "download", "5f0c2d", "--format", "der", "--out", "www.der");
        CliRun bad = sigil("cert", "download", "5f0c2d", "--format", "p12");

        assertThat(pem.exitCode()).as(pem.toString()).isZero();
        assertThat(pem.out()).isEqualTo(LEAF_PEM + "\n");
        assertThat(chain.out()).isEqualTo(CHAIN_PEM + "\n");
        assertThat(full.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("full.pem"))).isEqualTo(LEAF_PEM + "\n" + CHAIN_PEM + "\n");
        assertThat(full.err()).contains("wrote fullchain of certificate 5f0c2d to");
        assertThat(Files.readAllBytes(dir.resolve("www.der"))).isEqualTo(Base64.getDecoder().decode("TEVBRg=="));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown format 'p12' (use pem, der, chain or fullchain)");
    }

    @Test
    void downloadOfAnUnknownSerialExitsWith3() {
        server.on("GET", "/api/v1/certificates/ab12", problem(404, "not-found", "Not found",
                "no certificate with serial ab12"));

        CliRun r = sigil("cert", "download", "ab12", "--out", "x.pem");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(dir.resolve("x.pem")).doesNotExist();
    }
}
