package dev.sigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sigil acme ...} against the in-test HTTPS server: requests sent, output printed, exit codes, help. */
class AcmeCommandsTest extends ServerTestBase {

    private static final String DIRECTORIES = "/api/v1/acme/directories";
    private static final String IOT_KEYS = "/api/v1/acme/directories/iot/eab-keys";

    private static final String KEY_ID = "eab_c2lnaWwtdGVzdC1rZXktaWQ";
    /** The one-time secret; it must only ever reach stdout. */
    private static final String HMAC = "aG1hYy1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXMh";

    private static final String DEFAULT_DIRECTORY = "{\"name\":\"default\","
            + "\"url\":\"https://ca.sigil.internal:8443/acme/default/directory\",\"profile\":\"server\","
            + "\"challenges\":[\"dns-01\",\"http-01\",\"tls-alpn-01\"],\"lifetime\":\"PT720H\","
            + "\"maxLifetime\":\"PT2160H\",\"keyTypes\":[\"EC_P256\",\"RSA_2048\"],"
            + "\"allowedDnsSuffixes\":[\".internal\"],\"allowedIpRanges\":[\"10.0.0.0/8\"],\"eabRequired\":false}";
    private static final String IOT_DIRECTORY = "{\"name\":\"iot\","
            + "\"url\":\"https://ca.sigil.internal:8443/acme/iot/directory\",\"profile\":\"device\","
            + "\"challenges\":[\"dns-01\"],\"lifetime\":\"PT168H\",\"maxLifetime\":\"PT720H\","
            + "\"keyTypes\":[\"EC_P256\"],\"allowedDnsSuffixes\":[\".iot.internal\"],\"allowedIpRanges\":[],"
            + "\"eabRequired\":true,\"termsOfService\":\"https://ca.sigil.internal/tos\"}";

    private static String created(String keyId, String label, String hmac) {
        return "{\"keyId\":\"" + keyId + "\",\"directory\":\"iot\",\"label\":\"" + label + "\","
                + "\"createdAt\":\"2026-11-23T20:00:00Z\"" + (hmac == null ? "" : ",\"hmacKey\":\"" + hmac + "\"")
                + "}";
    }

    private static final String KEYS = "{\"items\":["
            + "{\"keyId\":\"eab_bound1\",\"directory\":\"iot\",\"label\":\"batch-2026-10\","
            + "\"createdAt\":\"2026-10-01T00:00:00Z\",\"boundAccount\":\"acct_7f3k\","
            + "\"boundAt\":\"2026-10-02T08:30:00Z\"},"
            + "{\"keyId\":\"eab_fresh2\",\"directory\":\"iot\",\"label\":\"\","
            + "\"createdAt\":\"2026-11-23T19:00:00Z\"}]}";

    // --- sigil acme directories ---------------------------------------------------------------------------------

    @Test
    void directoriesGetsTheListAndPrintsAnAlignedTable() {
        server.on("GET", DIRECTORIES, json(200, "{\"items\":[" + DEFAULT_DIRECTORY + "," + IOT_DIRECTORY + "]}"));

        CliRun r = sigil("acme", "directories");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        TestServer.Request req = server.single();
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo(DIRECTORIES);
        assertThat(req.query()).isNull();
        assertThat(req.body()).isEmpty();
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + TOKEN);

        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("NAME").contains("PROFILE", "CHALLENGES", "LIFETIME", "EAB", "URL");
        assertThat(lines.get(1)).startsWith("default").contains("server", "dns-01,http-01,tls-alpn-01", "PT720H",
                "optional", "https://ca.sigil.internal:8443/acme/default/directory");
        assertThat(lines.get(2)).startsWith("iot").contains("device", "dns-01", "PT168H", "required",
                "https://ca.sigil.internal:8443/acme/iot/directory");
        int eab = lines.get(0).indexOf("EAB");
        assertThat(lines.get(1).indexOf("optional")).isEqualTo(eab);
        assertThat(lines.get(2).indexOf("required")).isEqualTo(eab);
        int url = lines.get(0).indexOf("URL");
        assertThat(lines.get(1).indexOf("https://")).isEqualTo(url);
        assertThat(lines.get(2).indexOf("https://")).isEqualTo(url);
    }

    @Test
    void directoriesAsJsonCarriesEveryFieldOfTheAnswer() throws Exception {
        server.on("GET", DIRECTORIES, json(200, "{\"items\":[" + DEFAULT_DIRECTORY + "," + IOT_DIRECTORY + "]}"));

        CliRun r = sigil("acme", "directories", "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = parse(r.out());
        assertThat(out.get("items")).hasSize(2);
        JsonNode iot = out.get("items").get(1);
        assertThat(iot.get("name").asText()).isEqualTo("iot");
        assertThat(iot.get("eabRequired").asBoolean()).isTrue();
        assertThat(iot.get("termsOfService").asText()).isEqualTo("https://ca.sigil.internal/tos");
        assertThat(iot.get("maxLifetime").asText()).isEqualTo("PT720H");
        assertThat(out.get("items").get(0).get("allowedIpRanges").get(0).asText()).isEqualTo("10.0.0.0/8");
        assertThat(out.get("items").get(0).has("termsOfService")).isFalse();
    }

    @Test
    void directoriesWithoutAnyPrintsOnlyTheHeader() {
        server.on("GET", DIRECTORIES, json(200, "{\"items\":[]}"));

        CliRun r = sigil("acme", "directories");

        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("NAME").contains("EAB", "URL");
    }

    @Test
    void directoriesWithAnUnknownTokenExitsWith4() {
        server.on("GET", DIRECTORIES, problem(401, "unauthorized", "Authentication required",
                "unknown or revoked token"));

        CliRun r = sigil("acme", "directories");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: Authentication required: unknown or revoked token",
                "hint: the server does not accept the token from SIGIL_TOKEN");
        assertThat(r.out()).isEmpty();
    }

    // --- sigil acme eab create ----------------------------------------------------------------------------------

    @Test
    void eabCreatePostsTheLabelAndPrintsTheKeyOnStdoutAndTheWarningOnStderr() throws Exception {
        server.on("POST", IOT_KEYS, json(201, created(KEY_ID, "batch-2026-11", HMAC)));

        CliRun r = sigil("acme", "eab", "create", "--directory", "iot", "--label", "batch-2026-11");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("key-id:   " + KEY_ID + "\nhmac-key: " + HMAC + "\n");
        assertThat(r.err()).contains("warning:", "shown only this once").doesNotContain(HMAC);
        TestServer.Request req = server.single();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo(IOT_KEYS);
        assertThat(req.query()).isNull();
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = parse(req.body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("label").asText()).isEqualTo("batch-2026-11");
    }

    @Test
    void eabCreateWithoutALabelSendsAnEmptyObject() throws Exception {
        server.on("POST", IOT_KEYS, json(201, created(KEY_ID, "", HMAC)));

        CliRun r = sigil("acme", "eab", "create", "--directory", "iot");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode body = parse(server.single().body());
        assertThat(body.isObject()).isTrue();
        assertThat(body.size()).as("label left out, not sent as null").isZero();
        assertThat(r.out()).contains("hmac-key: " + HMAC);
    }

    @Test
    void eabCreateAsJsonPrintsTheAnswerOnStdoutAndStillWarnsOnStderr() throws Exception {
        server.on("POST", IOT_KEYS, json(201, created(KEY_ID, "tenant-a", HMAC)));

        CliRun r = sigil("acme", "eab", "create", "--directory", "iot", "--label", "tenant-a", "-o", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = parse(r.out());
        assertThat(out.get("keyId").asText()).isEqualTo(KEY_ID);
        assertThat(out.get("hmacKey").asText()).isEqualTo(HMAC);
        assertThat(out.get("directory").asText()).isEqualTo("iot");
        assertThat(out.get("label").asText()).isEqualTo("tenant-a");
        assertThat(out.get("createdAt").asText()).isEqualTo("2026-11-23T20:00:00Z");
        assertThat(r.out()).doesNotContain("key-id:");
        assertThat(r.err()).contains("shown only this once").doesNotContain(HMAC);
    }

    @Test
    void eabCreateWithDebugLogsTheRequestButNeitherTheSecretNorTheToken() {
        server.on("POST", IOT_KEYS, json(201, created(KEY_ID, "batch", HMAC)));

        CliRun r = sigil("--debug", "acme", "eab", "create", "--directory", "iot", "--label", "batch");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("> POST " + server.url() + IOT_KEYS, "< 201")
                .doesNotContain(HMAC).doesNotContain(TOKEN);
        assertThat(r.out()).contains(HMAC);
    }

    @Test
    void eabCreateForAnUnknownDirectoryExitsWith3WithTheServersDetail() {
        server.on("POST", "/api/v1/acme/directories/nope/eab-keys", problem(404, "not-found", "Not found",
                "no ACME directory 'nope' (configured: default, iot)"));

        CliRun r = sigil("acme", "eab", "create", "--directory", "nope", "--label", "x");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("error: Not found: no ACME directory 'nope' (configured: default, iot)\n");
        assertThat(r.out()).isEmpty();
        assertThat(server.single().path()).isEqualTo("/api/v1/acme/directories/nope/eab-keys");
    }

    @Test
    void eabCreateWithTooWeakARoleExitsWith4WithAHint() {
        server.on("POST", IOT_KEYS, problem(403, "forbidden", "Not allowed for this role",
                "creating EAB keys needs the operator role"));

        CliRun r = sigil("acme", "eab", "create", "--directory", "iot");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: Not allowed for this role: creating EAB keys needs the operator role",
                "hint: ", "sigil whoami").doesNotContain("shown only this once");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void eabCreateWithALabelTheServerFindsMalformedExitsWith2() {
        server.on("POST", IOT_KEYS, problem(400, "malformed", "Malformed request",
                "label is at most 200 characters"));

        CliRun r = sigil("acme", "eab", "create", "--directory", "iot", "--label", "x".repeat(201));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: Malformed request: label is at most 200 characters");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void eabCreateFailsWithoutPrintingAnythingWhenTheAnswerHasNoHmacKey() {
        server.on("POST", IOT_KEYS, json(201, created(KEY_ID, "batch", null)));

        CliRun r = sigil("acme", "eab", "create", "--directory", "iot");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: the server's answer has no hmacKey\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void eabCreateCleansControlCharactersFromTheAnswer() {
        server.on("POST", IOT_KEYS, json(201, created("eab_\\u001b[2Jx", "batch", "k\\u001b]0;pwned\\u0007ey")));

        CliRun r = sigil("acme", "eab", "create", "--directory", "iot");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("key-id:   eab_?[2Jx\nhmac-key: k?]0;pwned?ey\n").doesNotContain("\u001b");
    }

    // --- sigil acme eab list ------------------------------------------------------------------------------------

    @Test
    void eabListShowsBoundAndUnusedKeys() {
        server.on("GET", IOT_KEYS, json(200, KEYS));

        CliRun r = sigil("acme", "eab", "list", "--directory", "iot");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        TestServer.Request req = server.single();
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.path()).isEqualTo(IOT_KEYS);
        assertThat(req.query()).isNull();
        assertThat(req.body()).isEmpty();
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + TOKEN);

        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("KEY ID").contains("LABEL", "CREATED", "BOUND TO");
        assertThat(lines.get(1)).startsWith("eab_bound1").contains("batch-2026-10", "2026-10-01T00:00:00Z")
                .endsWith("acct_7f3k");
        assertThat(lines.get(2)).startsWith("eab_fresh2").contains(" - ", "2026-11-23T19:00:00Z")
                .endsWith("unused");
        int label = lines.get(0).indexOf("LABEL");
        assertThat(lines.get(1).indexOf("batch-2026-10")).isEqualTo(label);
        assertThat(lines.get(2).indexOf("-", "eab_fresh2".length())).isEqualTo(label);
        int bound = lines.get(0).indexOf("BOUND TO");
        assertThat(lines.get(1).indexOf("acct_7f3k")).isEqualTo(bound);
        assertThat(lines.get(2).indexOf("unused")).isEqualTo(bound);
    }

    @Test
    void eabListAsJsonCarriesTheBinding() throws Exception {
        server.on("GET", IOT_KEYS, json(200, KEYS));

        CliRun r = sigil("acme", "eab", "list", "--directory", "iot", "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode items = parse(r.out()).get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("boundAccount").asText()).isEqualTo("acct_7f3k");
        assertThat(items.get(0).get("boundAt").asText()).isEqualTo("2026-10-02T08:30:00Z");
        assertThat(items.get(1).has("boundAccount")).isFalse();
    }

    @Test
    void globalOptionsMayBeGivenAtEveryLevelOfTheNestedGroup() throws Exception {
        server.on("GET", IOT_KEYS, json(200, KEYS));

        CliRun r = sigil("acme", "--output", "json", "eab", "--debug", "list", "--directory", "iot");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(parse(r.out()).get("items")).hasSize(2);
        assertThat(r.err()).contains("> GET " + server.url() + IOT_KEYS);
    }

    @Test
    void eabListOfAnUnknownDirectoryExitsWith3WithTheServersDetail() {
        server.on("GET", "/api/v1/acme/directories/nope/eab-keys", problem(404, "not-found", "Not found",
                "no ACME directory 'nope' (configured: default, iot)"));

        CliRun r = sigil("acme", "eab", "list", "--directory", "nope");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("error: Not found: no ACME directory 'nope' (configured: default, iot)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void eabListWithTooWeakARoleExitsWith4() {
        server.on("GET", IOT_KEYS, problem(403, "forbidden", "Not allowed for this role",
                "listing EAB keys needs the auditor role"));

        CliRun r = sigil("acme", "eab", "list", "--directory", "iot");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: Not allowed for this role: listing EAB keys needs the auditor role",
                "hint: ");
        assertThat(r.out()).isEmpty();
    }

    // --- sigil acme renew-early --------------------------------------------------------------------------------

    private static final String RENEWAL_WINDOWS = "/api/v1/acme/renewal-windows";

    private static String window(String start, String end, String reason, boolean replaced) {
        return "{\"issuer\":\"int-3f9a1c2b\",\"serial\":\"5f0c2d9a\",\"start\":\"" + start + "\",\"end\":\"" + end
                + "\",\"reason\":\"" + reason + "\",\"createdAt\":\"2026-11-23T20:00:00Z\",\"createdBy\":\"admin\","
                + "\"replaced\":" + replaced + "}";
    }

    @Test
    void renewEarlyPostsTheWindowAndPrintsWhatTheServerStored() throws Exception {
        server.on("POST", RENEWAL_WINDOWS, json(201, window("2026-11-23T22:00:00Z", "2026-11-24T08:00:00Z",
                "int-3 rotation", false)));

        CliRun r = sigil("acme", "renew-early", "5F:0C:2D:9A", "--start", "+2h", "--end", "2026-11-24T08:00:00Z",
                "--reason", "int-3 rotation");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("renewal window of certificate 5f0c2d9a (issuer int-3f9a1c2b): "
                + "2026-11-23T22:00:00Z to 2026-11-24T08:00:00Z\n");
        assertThat(r.err()).isEmpty();
        TestServer.Request req = server.single();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo(RENEWAL_WINDOWS);
        assertThat(req.query()).isNull();
        assertThat(req.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(req.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = parse(req.body());
        assertThat(body.size()).as("no issuer sent when none was named").isEqualTo(4);
        assertThat(body.get("serial").asText()).isEqualTo("5f0c2d9a");
        assertThat(body.get("start").asText()).isEqualTo("2026-11-23T22:00:00Z");
        assertThat(body.get("end").asText()).isEqualTo("2026-11-24T08:00:00Z");
        assertThat(body.get("reason").asText()).isEqualTo("int-3 rotation");
    }

    @Test
    void renewEarlyWithoutEndAsksForAnHourAndSaysWhenItReplacedAWindow() throws Exception {
        server.on("POST", RENEWAL_WINDOWS, json(200, window("2026-11-23T20:00:00Z", "2026-11-23T21:00:00Z",
                "rekey", true)));

        CliRun r = sigil("acme", "renew-early", "5f0c2d9a", "--issuer", "int-3f9a1c2b", "--start", "now",
                "--reason", "  rekey ");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode body = parse(server.single().body());
        assertThat(body.get("issuer").asText()).isEqualTo("int-3f9a1c2b");
        assertThat(body.get("start").asText()).isEqualTo("2026-11-23T20:00:00Z");
        assertThat(body.get("end").asText()).isEqualTo("2026-11-23T21:00:00Z");
        assertThat(body.get("reason").asText()).isEqualTo("rekey");
        assertThat(r.out()).endsWith(": 2026-11-23T20:00:00Z to 2026-11-23T21:00:00Z (replaced the earlier window)\n");
    }

    @ParameterizedTest
    @CsvSource({
        "now,                        2026-11-23T20:00:00Z",
        "+90m,                       2026-11-23T21:30:00Z",
        "+3d,                        2026-11-26T20:00:00Z",
        "2h,                         2026-11-23T18:00:00Z",
        "2026-11-24T09:00:00+01:00,  2026-11-24T08:00:00Z",
        "2026-11-24T08:00:00.5Z,     2026-11-24T08:00:00.500Z"})
    void renewEarlyReadsEveryTimeForm(String text, String expected) throws Exception {
        server.on("POST", RENEWAL_WINDOWS, json(201, window(expected, expected, "r", false)));

        CliRun r = sigil("acme", "renew-early", "5f0c2d9a", "--start", text, "--reason", "r");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode body = parse(server.single().body());
        assertThat(Instant.parse(body.get("start").asText())).isEqualTo(Instant.parse(expected));
        assertThat(Instant.parse(body.get("end").asText()))
                .isEqualTo(Instant.parse(expected).plusSeconds(3600));
    }

    @Test
    void renewEarlyAsJsonPrintsTheStoredWindow() throws Exception {
        server.on("POST", RENEWAL_WINDOWS, json(201, window("2026-11-23T20:00:00Z", "2026-11-23T21:00:00Z",
                "r", false)));

        CliRun r = sigil("acme", "renew-early", "5f0c2d9a", "--start", "now", "--reason", "r", "-o", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = parse(r.out());
        assertThat(out.get("serial").asText()).isEqualTo("5f0c2d9a");
        assertThat(out.get("issuer").asText()).isEqualTo("int-3f9a1c2b");
        assertThat(out.get("createdBy").asText()).isEqualTo("admin");
        assertThat(out.get("replaced").asBoolean()).isFalse();
        assertThat(r.out()).doesNotContain("renewal window of");
    }

    @Test
    void renewEarlyForAnUnknownSerialExitsWith3WithTheServersDetail() {
        server.on("POST", RENEWAL_WINDOWS, problem(404, "not-found", "Not found", "no certificate with serial abc"));

        CliRun r = sigil("acme", "renew-early", "abc", "--start", "now", "--reason", "r");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("error: Not found: no certificate with serial abc\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void renewEarlyWithTooWeakARoleExitsWith4() {
        server.on("POST", RENEWAL_WINDOWS, problem(403, "forbidden", "Not allowed for this role",
                "this needs the operator role; the token has auditor"));

        CliRun r = sigil("acme", "renew-early", "abc", "--start", "now", "--reason", "r");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: Not allowed for this role: this needs the operator role", "hint: ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void renewEarlyOfAnAmbiguousSerialAsksForTheIssuerFlag() {
        server.on("POST", RENEWAL_WINDOWS, problem(409, "conflict", "Conflict",
                "serial abc exists under several issuers; name one with issuer"));

        CliRun r = sigil("acme", "renew-early", "abc", "--start", "now", "--reason", "r");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: serial abc exists under several issuers; name one with --issuer\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void renewEarlyWithAWindowTheServerRefusesExitsWith2() {
        server.on("POST", RENEWAL_WINDOWS, problem(400, "malformed", "Malformed request",
                "end must not be after the certificate expires (2026-12-01T00:00:00Z)"));

        CliRun r = sigil("acme", "renew-early", "abc", "--start", "+30d", "--reason", "r");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: Malformed request: end must not be after the certificate expires");
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc --start +2h --end +1h --reason r          | --end (2026-11-23T21:00:00Z) must be after --start",
        "abc --start now --end now --reason r          | must be after --start",
        "abc --start tomorrow --reason r               | --start: not a time: 'tomorrow'",
        "abc --start now --end +soon --reason r        | --end: not a time: '+soon'",
        "abc --start now                               | Missing required option: '--reason=TEXT'",
        "abc --reason r                                | Missing required option: '--start=TIME'",
        "--start now --reason r                        | Missing required parameter: 'SERIAL'",
        "xyz --start now --reason r                    | not a certificate serial: 'xyz'"})
    void renewEarlyUsageErrorsExitWith2AndSendNothing(String line, String message) {
        List<String> args = new ArrayList<>(List.of("acme", "renew-early"));
        args.addAll(List.of(line.trim().split(" +")));

        CliRun r = sigil(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(message).doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
        assertThat(server.requests).isEmpty();
    }

    @Test
    void renewEarlyDoesNotPrintPem() {
        CliRun r = sigil("acme", "renew-early", "abc", "--start", "now", "--reason", "r", "--output", "pem");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--output pem is not supported by 'sigil acme renew-early' (use table or json)");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void renewEarlyWithABlankReasonIsAUsageError() {
        CliRun r = sigil("acme", "renew-early", "abc", "--start", "now", "--reason", "  ");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --reason must not be empty");
        assertThat(server.requests).isEmpty();
    }

    // --- usage errors: exit 2, nothing sent ---------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"create", "list"})
    void aMissingDirectoryIsAUsageError(String command) {
        CliRun r = sigil("acme", "eab", command);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("Missing required option: '--directory=NAME'",
                "Try 'sigil acme eab " + command + " --help'");
        assertThat(r.out()).isEmpty();
        assertThat(server.requests).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"create, Bad_Name", "list, Bad_Name", "create, ../tokens", "list, iot/eab-keys", "create, ''"})
    void anInvalidDirectoryNameIsAUsageErrorAndNothingIsSent(String command, String name) {
        CliRun r = sigil("acme", "eab", command, "--directory", name);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --directory must be a directory name")
                .doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
        assertThat(server.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme directories", "acme eab create --directory iot", "acme eab list --directory iot"})
    void pemOutputIsNotSupported(String line) {
        CliRun r = sigil((line + " --output pem").split(" "));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--output pem is not supported by 'sigil " + line.split(" --")[0]
                + "' (use table or json)");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void theGroupsWithoutASubcommandAreUsageErrors() {
        CliRun acme = sigil("acme");
        CliRun eab = sigil("acme", "eab");
        CliRun typo = sigil("acme", "eab", "crate");

        assertThat(acme.exitCode()).isEqualTo(2);
        assertThat(acme.err()).contains("missing command: one of directories, eab, accounts, renew-early");
        assertThat(eab.exitCode()).isEqualTo(2);
        assertThat(eab.err()).contains("missing command: one of create, list");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("Did you mean", "create");
        assertThat(server.requests).isEmpty();
    }

    // --- help ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "acme                | sigil acme eab create --directory iot --label batch-2026-11",
        "acme directories    | sigil acme directories --output json",
        "acme eab            | sigil acme eab list --directory iot --output json",
        "acme eab create     | certbot register --server https://ca:8443/acme/iot/directory --eab-kid KID",
        "acme eab list       | sigil acme eab list --directory iot",
        "acme renew-early    | sigil acme renew-early 5f0c2d9a41b7 --start now --reason"})
    void everyAcmeCommandHasHelpWithItsExample(String command, String example) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");

        CliRun r = sigil(args.toArray(String[]::new));

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: sigil " + command).contains("Examples:", example, "--server",
                "--output");
        assertThat(r.err()).isEmpty();
        assertThat(server.requests).isEmpty();
    }

    @Test
    void helpDescribesTheOptionsAndTheOneTimeSecret() {
        CliRun create = sigil("acme", "eab", "create", "--help");
        CliRun list = sigil("acme", "eab", "list", "--help");
        CliRun top = sigil("--help");
        CliRun group = sigil("acme", "--help");

        assertThat(create.out()).contains("--directory=NAME", "--label=TEXT", "shown this once, on stdout");
        assertThat(list.out()).contains("--directory=NAME", "never the HMAC keys");
        assertThat(top.out()).containsPattern("(?m)^\\s+acme\\s+ACME directories");
        assertThat(group.out()).containsPattern("(?m)^\\s+directories\\s").containsPattern("(?m)^\\s+eab\\s")
                .containsPattern("(?m)^\\s+renew-early\\s+Ask ACME clients to renew a certificate early");
    }
}
