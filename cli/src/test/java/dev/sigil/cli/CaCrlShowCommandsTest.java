package dev.sigil.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sigil ca show} and {@code sigil crl show} against the in-test HTTPS server (now is 2026-11-23T20:00:00Z). */
class CaCrlShowCommandsTest extends ServerTestBase {

    private static final String FINGERPRINT = "3A:1F:" + "00:".repeat(29) + "9C";
    private static final String CRL = "{\"number\":42,\"thisUpdate\":\"2026-11-23T19:57:00Z\","
            + "\"nextUpdate\":\"2026-11-24T19:57:00Z\",\"entries\":1000000,\"size\":40960123,\"sha256\":\"ab12\","
            + "\"publishedAt\":\"2026-11-23T19:57:01Z\",\"publishedBy\":\"node-a\","
            + "\"url\":\"http://ca.internal:8080/crl/int-3f9a1c2b.crl\","
            + "\"delta\":{\"number\":44,\"baseNumber\":42,\"thisUpdate\":\"2026-11-23T19:59:30Z\","
            + "\"nextUpdate\":\"2026-11-23T20:59:30Z\",\"entries\":3,\"size\":612,\"sha256\":\"cd34\","
            + "\"publishedAt\":\"2026-11-23T19:59:30Z\",\"publishedBy\":\"node-b\","
            + "\"url\":\"http://ca.internal:8080/crl/int-3f9a1c2b.delta.crl\"}}";
    private static final String ISSUER = "{\"id\":\"int-3f9a1c2b\",\"name\":\"Sigil Issuing CA\","
            + "\"kind\":\"intermediate\",\"parent\":\"root-8d2e4f01\",\"subject\":\"CN=Sigil Issuing CA,O=Sigil\","
            + "\"keyType\":\"EC_P256\",\"notBefore\":\"2026-11-22T20:00:00Z\",\"notAfter\":\"2031-11-22T20:00:00Z\","
            + "\"sha256Fingerprint\":\"" + FINGERPRINT + "\","
            + "\"certificatePem\":\"-----BEGIN CERTIFICATE-----\\nSU5U\\n-----END CERTIFICATE-----\","
            + "\"crlUrl\":\"http://ca.internal:8080/crl/int-3f9a1c2b.crl\","
            + "\"caIssuersUrl\":\"http://ca.internal:8080/ca/int-3f9a1c2b.crt\",\"crl\":" + CRL + "}";

    @Test
    void caShowGivesSubjectFingerprintExpiryInDaysAndTheCurrentCrl() {
        server.on("GET", "/api/v1/issuers/int-3f9a1c2b", json(200, ISSUER));

        CliRun r = sigil("ca", "show", "int-3f9a1c2b");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(server.single().path()).isEqualTo("/api/v1/issuers/int-3f9a1c2b");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).contains(
                "id:                    int-3f9a1c2b",
                "kind:                  intermediate",
                "parent:                root-8d2e4f01",
                "subject:               CN=Sigil Issuing CA,O=Sigil",
                "key type:              EC_P256",
                "expires:               in 1825 days",
                "SHA-256:               " + FINGERPRINT,
                "CRL number:            42",
                "CRL this update:       2026-11-23T19:57:00Z (3 minutes ago)",
                "CRL next update:       2026-11-24T19:57:00Z (in 23 hours)",
                "CRL entries:           1000000",
                "CRL size:              40960123 bytes (39.1 MiB)",
                "CRL delta number:      44 (of base CRL 42)",
                "CRL delta entries:     3");
    }

    @Test
    void caShowPemIsTheCertificateAndAnExpiredCaSaysSo() {
        server.on("GET", "/api/v1/issuers/root-old", json(200, ISSUER.replace("2031-11-22T20:00:00Z",
                "2026-11-20T20:00:00Z").replace(",\"crl\":" + CRL, "")));
        server.on("GET", "/api/v1/issuers/int-3f9a1c2b", json(200, ISSUER));

        CliRun expired = sigil("ca", "show", "root-old");
        CliRun pem = sigil("ca", "show", "int-3f9a1c2b", "--output", "pem");

        assertThat(expired.out()).contains("expires:", "EXPIRED 3 days ago").contains("CRL:", "none published yet");
        assertThat(pem.exitCode()).isZero();
        assertThat(pem.out()).isEqualTo("-----BEGIN CERTIFICATE-----\nSU5U\n-----END CERTIFICATE-----\n");
    }

    @Test
    void caShowOfAnUnknownIssuerIsExit3AndABadIdExit2() {
        server.on("GET", "/api/v1/issuers/int-nope", problem(404, "not-found", "Not found", "no issuer int-nope"));

        CliRun missing = sigil("ca", "show", "int-nope");
        CliRun bad = sigil("ca", "show", "INT/../x");

        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("error: Not found: no issuer int-nope");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void crlShowGivesNumberDatesWithRelativeTimesEntriesSizeAndDelta() {
        server.on("GET", "/api/v1/crls/int-3f9a1c2b", json(200, "{\"issuer\":\"int-3f9a1c2b\"," + CRL.substring(1)));

        CliRun r = sigil("crl", "show", "--issuer", "int-3f9a1c2b");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                "issuer:            int-3f9a1c2b",
                "number:            42",
                "this update:       2026-11-23T19:57:00Z (3 minutes ago)",
                "next update:       2026-11-24T19:57:00Z (in 23 hours)",
                "entries:           1000000",
                "size:              40960123 bytes (39.1 MiB)",
                "published by:      node-a",
                "url:               http://ca.internal:8080/crl/int-3f9a1c2b.crl",
                "delta number:      44 (of base CRL 42)",
                "delta this update: 2026-11-23T19:59:30Z (30 seconds ago)",
                "delta next update: 2026-11-23T20:59:30Z (in 59 minutes)",
                "delta entries:     3",
                "delta url:         http://ca.internal:8080/crl/int-3f9a1c2b.delta.crl");
    }

    @Test
    void crlShowFlagsAStaleCrlAndSaysWhenThereIsNoDelta() throws Exception {
        server.on("GET", "/api/v1/crls/int-3f9a1c2b", json(200, "{\"issuer\":\"int-3f9a1c2b\",\"number\":7,"
                + "\"thisUpdate\":\"2026-11-21T20:00:00Z\",\"nextUpdate\":\"2026-11-22T20:00:00Z\",\"entries\":0,"
                + "\"size\":512,\"publishedBy\":\"node-a\"}"));

        CliRun r = sigil("crl", "show", "--issuer", "int-3f9a1c2b");
        CliRun json = sigil("crl", "show", "--issuer", "int-3f9a1c2b", "--output", "json");

        assertThat(r.out()).contains("next update:  2026-11-22T20:00:00Z (1 day ago) STALE: past nextUpdate",
                "size:         512 bytes\n", "delta:        none since this CRL");
        assertThat(parse(json.out()).path("number").asLong()).isEqualTo(7);
    }

    @Test
    void crlShowNeedsAnIssuerAndReportsAnUnknownOneAsNotFound() {
        server.on("GET", "/api/v1/crls/int-nope", problem(404, "not-found", "Not found", "no issuer int-nope"));

        CliRun none = sigil("crl", "show");
        CliRun missing = sigil("crl", "show", "--issuer", "int-nope");
        CliRun help = sigil("crl", "show", "--help");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--issuer");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("no issuer int-nope");
        assertThat(help.out()).contains("Examples:", "sigil crl show --issuer");
        assertThat(sigil("ca", "show", "--help").out()).contains("Examples:", "sigil ca show int-3f9a1c2b");
    }
}
