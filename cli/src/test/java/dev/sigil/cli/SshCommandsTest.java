package dev.sigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sigil ssh ...} against the in-test HTTPS server (admin API) and a plain HTTP one (the public KRL). */
class SshCommandsTest extends ServerTestBase {

    private static final String KEY_LINE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
            + " alice@laptop";
    private static final String CERT_LINE = "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29t"
            + " alice@laptop";
    private static final String SIGNED = "{\"serial\":\"18446744073709551615\",\"type\":\"user\",\"keyId\":\"alice@laptop\","
            + "\"principals\":[\"alice\",\"bob\"],\"validAfter\":\"2026-11-23T19:59:00Z\","
            + "\"validBefore\":\"2026-11-24T04:00:00Z\",\"criticalOptions\":{\"forceCommand\":\"/bin/true\","
            + "\"sourceAddress\":\"10.0.0.0/8\"},\"extensions\":[\"permit-pty\"],"
            + "\"fingerprint\":\"SHA256:k3y\",\"caFingerprint\":\"SHA256:c4\",\"status\":\"valid\","
            + "\"certificate\":\"" + CERT_LINE + "\"}";
    private static final String CA = "{\"type\":\"host\",\"publicKey\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostCa\","
            + "\"fingerprint\":\"SHA256:h0st\"}";

    private HttpServer publicHttp;
    private final List<String> publicRequests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopPublicHttp() {
        if (publicHttp != null) {
            publicHttp.stop(0);
        }
    }

    /** A plain HTTP server answering {@code path} with {@code status} and {@code body}; returns its base URL. */
    private String publicServer(String path, int status, byte[] body) throws Exception {
        publicHttp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        publicHttp.createContext("/", ex -> {
            publicRequests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath()
                    + " auth=" + ex.getRequestHeaders().getFirst("Authorization"));
            boolean match = ex.getRequestURI().getPath().equals(path);
            byte[] b = match ? body : "not here".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(match ? status : 404, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        publicHttp.start();
        return "http://127.0.0.1:" + publicHttp.getAddress().getPort();
    }

    /** The start of a KRL as PROTOCOL.krl defines it: magic, format 1, krl_version, generated_date, then empty fields. */
    private static byte[] krl(long version, long generated) {
        return ByteBuffer.allocate(8 + 4 + 8 + 8 + 4 + 4).put("SSHKRL\n\0".getBytes(StandardCharsets.US_ASCII))
                .putInt(1).putLong(version).putLong(generated).putInt(0).putInt(0).array();
    }

    private Path keyFile(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void signPostsEveryFieldAndWritesTheCertificateWhereSshKeygenWould() throws Exception {
        keyFile("id_ed25519.pub", "# my laptop key\n" + KEY_LINE + "\n");
        server.on("POST", "/api/v1/ssh/certificates", json(201, SIGNED));

        CliRun r = sigil("ssh", "sign", "--public-key", "id_ed25519.pub", "--type", "user", "--principal", "alice",
                "--principal", "bob,carol", "--ttl", "8h", "--key-id", "alice@laptop", "--force-command", "/bin/true",
                "--source-address", "10.0.0.0/8", "--verify-required", "--extension", "permit-pty",
                "--extension", "permit-agent-forwarding");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode body = parse(server.single().body());
        assertThat(body.get("publicKey").asText()).isEqualTo(KEY_LINE);
        assertThat(body.get("type").asText()).isEqualTo("user");
        assertThat(body.get("keyId").asText()).isEqualTo("alice@laptop");
        assertThat(body.get("principals")).extracting(JsonNode::asText).containsExactly("alice", "bob", "carol");
        assertThat(body.get("ttl").asText()).isEqualTo("8h");
        assertThat(body.get("criticalOptions").get("forceCommand").asText()).isEqualTo("/bin/true");
        assertThat(body.get("criticalOptions").get("sourceAddress").asText()).isEqualTo("10.0.0.0/8");
        assertThat(body.get("criticalOptions").get("verifyRequired").asBoolean()).isTrue();
        assertThat(body.get("extensions")).extracting(JsonNode::asText)
                .containsExactly("permit-pty", "permit-agent-forwarding");
        Path cert = dir.resolve("id_ed25519-cert.pub");
        assertThat(Files.readString(cert)).isEqualTo(CERT_LINE + "\n");
        assertThat(r.out()).contains("signed user certificate 18446744073709551615", "alice, bob",
                "2026-11-24T04:00:00Z (in 8 hours)", "force command:", "/bin/true", "wrote certificate to " + cert);
    }

    @Test
    void extensionsAreOmittedForThePolicyDefaultAndEmptyWithNoExtensions() throws Exception {
        keyFile("deploy", KEY_LINE);
        server.on("POST", "/api/v1/ssh/certificates", json(201, SIGNED));

        CliRun byDefault = sigil("ssh", "sign", "--public-key", "deploy", "--type", "user", "--principal", "deploy");
        CliRun none = sigil("ssh", "sign", "--public-key", "deploy", "--type", "user", "--principal", "deploy",
                "--no-extensions");

        assertThat(byDefault.exitCode()).as(byDefault.toString()).isZero();
        assertThat(none.exitCode()).as(none.toString()).isZero();
        JsonNode first = parse(server.requests.get(0).body());
        assertThat(first.has("extensions")).isFalse();
        assertThat(first.has("criticalOptions")).isFalse();
        assertThat(first.has("ttl")).isFalse();
        assertThat(first.has("keyId")).isFalse();
        assertThat(parse(server.requests.get(1).body()).get("extensions")).isEmpty();
        // A key file without .pub gets -cert.pub appended, as ssh-keygen does.
        assertThat(Files.readString(dir.resolve("deploy-cert.pub"))).isEqualTo(CERT_LINE + "\n");
    }

    @Test
    void signToStdoutPrintsOnlyTheCertificateThereAndWritesNoFile() throws Exception {
        keyFile("host.pub", KEY_LINE);
        server.on("POST", "/api/v1/ssh/certificates", json(201, SIGNED.replace("\"user\"", "\"host\"")));

        CliRun r = sigil("ssh", "sign", "--public-key", "host.pub", "--type", "HOST", "--principal", "web1.internal",
                "--out", "-");
        CliRun asJson = sigil("ssh", "sign", "--public-key", "host.pub", "--type", "host", "--principal", "web1",
                "--out", "-", "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(CERT_LINE + System.lineSeparator());
        assertThat(r.err()).contains("signed host certificate 18446744073709551615");
        assertThat(parse(server.requests.get(0).body()).get("type").asText()).isEqualTo("host");
        assertThat(Files.exists(dir.resolve("host-cert.pub"))).isFalse();
        assertThat(parse(asJson.out()).get("certificate").asText()).isEqualTo(CERT_LINE);
    }

    @Test
    void signArgumentMistakesAreUsageErrorsAndSendNothing() throws Exception {
        keyFile("id.pub", KEY_LINE);
        keyFile("id", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        keyFile("id-cert.pub", CERT_LINE);
        keyFile("notes.txt", "hello world, this is not a key\n");

        Map<String, CliRun> runs = Map.of(
                "no principal", sigil("ssh", "sign", "--public-key", "id.pub", "--type", "user"),
                "bad type", sigil("ssh", "sign", "--public-key", "id.pub", "--type", "admin", "--principal", "a"),
                "host with option", sigil("ssh", "sign", "--public-key", "id.pub", "--type", "host", "--principal",
                        "h", "--force-command", "ls"),
                "host with extension", sigil("ssh", "sign", "--public-key", "id.pub", "--type", "host",
                        "--principal", "h", "--extension", "permit-pty"),
                "both extension flags", sigil("ssh", "sign", "--public-key", "id.pub", "--type", "user",
                        "--principal", "a", "--extension", "permit-pty", "--no-extensions"),
                "private key", sigil("ssh", "sign", "--public-key", "id", "--type", "user", "--principal", "a"),
                "certificate", sigil("ssh", "sign", "--public-key", "id-cert.pub", "--type", "user", "--principal",
                        "a"),
                "not a key", sigil("ssh", "sign", "--public-key", "notes.txt", "--type", "user", "--principal", "a"),
                "missing file", sigil("ssh", "sign", "--public-key", "nope.pub", "--type", "user", "--principal", "a"),
                "bad ttl", sigil("ssh", "sign", "--public-key", "id.pub", "--type", "user", "--principal", "a",
                        "--ttl", "soon"));

        runs.forEach((why, r) -> assertThat(r.exitCode()).as(why + ": " + r).isEqualTo(2));
        assertThat(runs.get("private key").err()).contains("is a private key");
        assertThat(runs.get("certificate").err()).contains("holds a certificate");
        assertThat(runs.get("host with option").err()).contains("user certificates only");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void signRefusedByPolicyExitsWithRefused() throws Exception {
        keyFile("id.pub", KEY_LINE);
        server.on("POST", "/api/v1/ssh/certificates",
                problem(400, "policy", "Refused by policy", "principal root is not allowed"));

        CliRun r = sigil("ssh", "sign", "--public-key", "id.pub", "--type", "user", "--principal", "root");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.err()).contains("principal root is not allowed");
        assertThat(Files.exists(dir.resolve("id-cert.pub"))).isFalse();
    }

    /** What the server answers to generateKey: the certificate JSON plus the key pair. */
    private static final String PRIVATE_PEM = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "c2VjcmV0LWtleS1tYXRlcmlhbC10aGF0LW11c3QtbmV2ZXItYmUtcHJpbnRlZA==\n-----END OPENSSH PRIVATE KEY-----\n";
    private static final String SIGNED_WITH_KEY = SIGNED.substring(0, SIGNED.length() - 1) + ",\"publicKey\":\""
            + KEY_LINE + "\",\"privateKey\":\"" + PRIVATE_PEM.replace("\n", "\\n") + "\"}";

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void generateKeyWritesTheThreeFilesForSshAndNeverPrintsThePrivateKey() throws Exception {
        server.on("POST", "/api/v1/ssh/certificates", json(201, SIGNED_WITH_KEY), json(201, SIGNED_WITH_KEY));

        CliRun r = sigil("ssh", "sign", "--generate-key", "ED25519", "--type", "user", "--principal", "alice",
                "--ttl", "8h", "--out-dir", "keys");
        CliRun asJson = sigil("ssh", "sign", "--generate-key", "rsa-3072", "--type", "user", "--principal", "alice",
                "--out-dir", "keys", "--name", "id_work", "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode body = parse(server.requests.get(0).body());
        assertThat(body.get("generateKey").asText()).isEqualTo("ed25519");
        assertThat(body.has("publicKey")).isFalse();
        assertThat(body.get("principals")).extracting(JsonNode::asText).containsExactly("alice");
        Path keys = dir.resolve("keys");
        assertThat(mode(keys)).as("created like ~/.ssh").isEqualTo("rwx------");
        assertThat(Files.readString(keys.resolve("id_sigil"))).isEqualTo(PRIVATE_PEM);
        assertThat(mode(keys.resolve("id_sigil"))).isEqualTo("rw-------");
        assertThat(Files.readString(keys.resolve("id_sigil.pub"))).isEqualTo(KEY_LINE + "\n");
        assertThat(mode(keys.resolve("id_sigil.pub"))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(keys.resolve("id_sigil-cert.pub"))).isEqualTo(CERT_LINE + "\n");
        assertThat(r.out()).contains("signed user certificate 18446744073709551615 for a new ed25519 key",
                "wrote private key to " + keys.resolve("id_sigil"), "wrote public key to " + keys.resolve("id_sigil.pub"),
                "wrote certificate to " + keys.resolve("id_sigil-cert.pub"), "ssh -i " + keys.resolve("id_sigil"));

        assertThat(asJson.exitCode()).as(asJson.toString()).isZero();
        assertThat(parse(server.requests.get(1).body()).get("generateKey").asText()).isEqualTo("rsa-3072");
        JsonNode printed = parse(asJson.out());
        assertThat(printed.has("privateKey")).isFalse();
        assertThat(printed.get("publicKey").asText()).isEqualTo(KEY_LINE);
        assertThat(Files.readString(keys.resolve("id_work"))).isEqualTo(PRIVATE_PEM);
        for (CliRun run : List.of(r, asJson)) {
            assertThat(run.out() + run.err()).doesNotContain("c2VjcmV0", "PRIVATE KEY");
        }
    }

    @Test
    void generateKeyKeepsExistingFilesUnlessForced() throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Path old = keyFile("keys/id_sigil", "my old key\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        keyFile("keys/other.pub", KEY_LINE);
        server.on("POST", "/api/v1/ssh/certificates", json(201, SIGNED_WITH_KEY));

        CliRun kept = sigil("ssh", "sign", "--generate-key", "ed25519", "--type", "user", "--principal", "alice",
                "--out-dir", "keys");
        CliRun pubExists = sigil("ssh", "sign", "--generate-key", "ed25519", "--type", "user", "--principal", "alice",
                "--out-dir", "keys", "--name", "other");
        assertThat(server.requests).as("nothing is signed for a key that could not be saved").isEmpty();
        CliRun forced = sigil("ssh", "sign", "--generate-key", "ed25519", "--type", "user", "--principal", "alice",
                "--out-dir", "keys", "--force");

        assertThat(kept.exitCode()).as(kept.toString()).isEqualTo(2);
        assertThat(kept.err()).contains(old + " exists", "--force");
        assertThat(pubExists.exitCode()).as(pubExists.toString()).isEqualTo(2);
        assertThat(pubExists.err()).contains("other.pub exists");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readString(old)).isEqualTo(PRIVATE_PEM);
        assertThat(mode(old)).as("a replaced key file is 0600 too").isEqualTo("rw-------");
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void generateKeyArgumentMistakesAreUsageErrorsAndSendNothing() throws Exception {
        keyFile("id.pub", KEY_LINE);
        keyFile("afile", "not a directory");

        Map<String, CliRun> runs = new java.util.LinkedHashMap<>();
        runs.put("both", sigil("ssh", "sign", "--public-key", "id.pub", "--generate-key", "ed25519", "--type", "user",
                "--principal", "a", "--out-dir", "k"));
        runs.put("neither", sigil("ssh", "sign", "--type", "user", "--principal", "a"));
        runs.put("unknown type", sigil("ssh", "sign", "--generate-key", "dsa", "--type", "user", "--principal", "a",
                "--out-dir", "k"));
        runs.put("no out-dir", sigil("ssh", "sign", "--generate-key", "ed25519", "--type", "user", "--principal", "a"));
        runs.put("stdout", sigil("ssh", "sign", "--generate-key", "ed25519", "--type", "user", "--principal", "a",
                "--out-dir", "-"));
        runs.put("--out", sigil("ssh", "sign", "--generate-key", "ed25519", "--type", "user", "--principal", "a",
                "--out-dir", "k", "--out", "c.pub"));
        runs.put("path in name", sigil("ssh", "sign", "--generate-key", "ed25519", "--type", "user", "--principal",
                "a", "--out-dir", "k", "--name", "../escape"));
        runs.put("hidden name", sigil("ssh", "sign", "--generate-key", "ed25519", "--type", "user", "--principal",
                "a", "--out-dir", "k", "--name", ".hidden"));
        runs.put("out-dir is a file", sigil("ssh", "sign", "--generate-key", "ed25519", "--type", "user",
                "--principal", "a", "--out-dir", "afile"));
        runs.put("out-dir with public key", sigil("ssh", "sign", "--public-key", "id.pub", "--type", "user",
                "--principal", "a", "--out-dir", "k"));
        runs.put("force with public key", sigil("ssh", "sign", "--public-key", "id.pub", "--type", "user",
                "--principal", "a", "--force"));

        runs.forEach((why, r) -> assertThat(r.exitCode()).as(why + ": " + r).isEqualTo(2));
        assertThat(runs.get("both").err()).contains("exactly one of --public-key FILE");
        assertThat(runs.get("neither").err()).contains("exactly one of --public-key FILE");
        assertThat(runs.get("unknown type").err()).contains("ed25519, ecdsa-p256, ecdsa-p384, rsa-3072");
        assertThat(runs.get("stdout").err()).contains("never printed");
        assertThat(runs.get("path in name").err()).contains("plain file name");
        assertThat(server.requests).isEmpty();
        assertThat(Files.exists(dir.resolve("k"))).isFalse();
        assertThat(Files.exists(dir.resolve("escape"))).isFalse();
    }

    @Test
    void generateKeyAnswerWithoutTheKeyPairIsAFailureAndWritesNothing() throws Exception {
        server.on("POST", "/api/v1/ssh/certificates", json(201, SIGNED));

        CliRun r = sigil("ssh", "sign", "--generate-key", "ed25519", "--type", "user", "--principal", "alice",
                "--out-dir", "keys");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("certificate 18446744073709551615 was signed, but the server's answer has no key pair");
        assertThat(Files.exists(dir.resolve("keys").resolve("id_sigil-cert.pub"))).isFalse();
    }

    @Test
    void revokeSendsExactlyOneSelector() throws Exception {
        keyFile("stolen.pub", KEY_LINE + "\n");
        server.on("POST", "/api/v1/ssh/revocations",
                json(201, "{\"revoked\":1,\"kind\":\"serial\",\"krlVersion\":7}"),
                json(201, "{\"revoked\":3,\"kind\":\"keyId\",\"krlVersion\":8}"),
                json(201, "{\"revoked\":0,\"kind\":\"keyId\",\"krlVersion\":9}"),
                json(201, "{\"revoked\":2,\"kind\":\"publicKey\",\"krlVersion\":10}"));

        CliRun bySerial = sigil("ssh", "revoke", "18446744073709551615", "--reason", "keyCompromise");
        CliRun byKeyId = sigil("ssh", "revoke", "--key-id", "web1", "--type", "host", "--reason", "decommissioned");
        CliRun byUserKeyId = sigil("ssh", "revoke", "--key-id", "alice@laptop", "--reason", "laptop lost");
        CliRun byKey = sigil("ssh", "revoke", "--public-key", "stolen.pub", "--reason", "keyCompromise",
                "--output", "json");

        assertThat(List.of(bySerial, byKeyId, byUserKeyId, byKey)).allSatisfy(r ->
                assertThat(r.exitCode()).as(r.toString()).isZero());
        assertThat(parse(server.requests.get(0).body())).isEqualTo(
                parse("{\"serial\":\"18446744073709551615\",\"reason\":\"keyCompromise\"}"));
        assertThat(parse(server.requests.get(1).body())).isEqualTo(
                parse("{\"keyId\":\"web1\",\"type\":\"host\",\"reason\":\"decommissioned\"}"));
        assertThat(parse(server.requests.get(2).body())).isEqualTo(
                parse("{\"keyId\":\"alice@laptop\",\"type\":\"user\",\"reason\":\"laptop lost\"}"));
        assertThat(parse(server.requests.get(3).body())).isEqualTo(
                JSON.createObjectNode().put("publicKey", KEY_LINE).put("reason", "keyCompromise"));
        assertThat(bySerial.out()).contains("revoked serial 18446744073709551615 (1 certificate); KRL version 7",
                "sigil ssh krl");
        assertThat(byKeyId.out()).contains("revoked host key id 'web1' (3 certificates); KRL version 8");
        assertThat(parse(byKey.out()).get("krlVersion").asInt()).isEqualTo(10);
    }

    @Test
    void revokeWithNoneOrSeveralSelectorsIsAUsageError() throws Exception {
        keyFile("k.pub", KEY_LINE);

        List<CliRun> runs = List.of(
                sigil("ssh", "revoke", "42", "--key-id", "alice", "--reason", "x"),
                sigil("ssh", "revoke", "42", "--public-key", "k.pub", "--reason", "x"),
                sigil("ssh", "revoke", "--key-id", "alice", "--public-key", "k.pub", "--reason", "x"),
                sigil("ssh", "revoke", "--reason", "x"),
                sigil("ssh", "revoke", "42"),
                sigil("ssh", "revoke", "42", "--type", "user", "--reason", "x"),
                sigil("ssh", "revoke", "0", "--reason", "x"),
                sigil("ssh", "revoke", "5f0c2d", "--reason", "x"),
                sigil("ssh", "revoke", "18446744073709551616", "--reason", "x"),
                sigil("ssh", "revoke", "--key-id", "alice", "--type", "robot", "--reason", "x"));

        assertThat(runs).allSatisfy(r -> assertThat(r.exitCode()).as(r.toString()).isEqualTo(2));
        assertThat(runs.get(0).err()).contains("exactly one of SERIAL, --key-id or --public-key");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void revokeOfAnUnknownSerialExitsWithNotFound() {
        server.on("POST", "/api/v1/ssh/revocations",
                problem(404, "not-found", "Not found", "no SSH certificate with serial 42"));

        CliRun r = sigil("ssh", "revoke", "42", "--reason", "superseded");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("no SSH certificate with serial 42");
    }

    @Test
    void listPassesTheFiltersAndPrintsATableOrTheJson() throws Exception {
        server.on("GET", "/api/v1/ssh/certificates", json(200, "{\"items\":[" + SIGNED + "]}"));

        CliRun table = sigil("ssh", "list", "--type", "user", "--principal", "alice", "--key-id", "alice@laptop",
                "--status", "valid", "--limit", "10");
        CliRun asJson = sigil("ssh", "list", "--output", "json");
        CliRun badLimit = sigil("ssh", "list", "--limit", "0");

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(query(server.requests.get(0).query())).containsExactly(Map.entry("type", "user"),
                Map.entry("principal", "alice"), Map.entry("keyId", "alice@laptop"), Map.entry("status", "valid"),
                Map.entry("limit", "10"));
        assertThat(table.out()).contains("SERIAL", "KEY ID", "18446744073709551615", "alice@laptop", "alice,bob",
                "2026-11-24 (in 8 hours)", "valid");
        assertThat(server.requests.get(1).query()).isNull();
        assertThat(parse(asJson.out()).get("items").get(0).get("serial").asText()).isEqualTo("18446744073709551615");
        assertThat(badLimit.exitCode()).isEqualTo(2);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void showPrintsTheDetailsAndTheCertificateLine() throws Exception {
        server.on("GET", "/api/v1/ssh/certificates/18446744073709551615", json(200, SIGNED));
        server.on("GET", "/api/v1/ssh/certificates/42",
                problem(404, "not-found", "Not found", "no SSH certificate with serial 42"));

        CliRun r = sigil("ssh", "show", "018446744073709551615");
        CliRun missing = sigil("ssh", "show", "42");
        CliRun bad = sigil("ssh", "show", "-5");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("key id:", "alice@laptop", "source address:", "10.0.0.0/8", "extensions:",
                "permit-pty", "signing CA:", "SHA256:c4").endsWith(CERT_LINE + System.lineSeparator());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(bad.exitCode()).isEqualTo(2);
    }

    @Test
    void caPrintsTheKeyLineOrTheKnownHostsLine() throws Exception {
        server.on("GET", "/api/v1/ssh/ca/user", json(200, "{\"type\":\"user\",\"publicKey\":"
                + "\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIuserCa\",\"fingerprint\":\"SHA256:us3r\"}"));
        server.on("GET", "/api/v1/ssh/ca/host", json(200, CA));

        CliRun user = sigil("ssh", "ca", "--type", "user");
        CliRun host = sigil("ssh", "ca", "--type", "host", "--known-hosts", "*.internal,10.0.0.*");
        CliRun asJson = sigil("ssh", "ca", "--type", "host", "--output", "json");
        CliRun userKnownHosts = sigil("ssh", "ca", "--type", "user", "--known-hosts", "*.internal");
        CliRun spaces = sigil("ssh", "ca", "--type", "host", "--known-hosts", "a b");

        assertThat(user.exitCode()).as(user.toString()).isZero();
        assertThat(user.out()).isEqualTo("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIuserCa" + System.lineSeparator());
        assertThat(user.err()).contains("user CA SHA256:");
        assertThat(host.out()).isEqualTo("@cert-authority *.internal,10.0.0.* ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostCa"
                + System.lineSeparator());
        assertThat(parse(asJson.out()).get("fingerprint").asText()).isEqualTo("SHA256:h0st");
        assertThat(userKnownHosts.exitCode()).isEqualTo(2);
        assertThat(spaces.exitCode()).isEqualTo(2);
        assertThat(server.requests).hasSize(3);
    }

    @Test
    void krlWithAnExplicitUrlNeedsNoTokenAndReplacesTheFile() throws Exception {
        byte[] krl = krl(7, 1_795_000_000L);
        String base = publicServer("/ssh/revoked_keys.krl", 200, krl);
        Path out = keyFile("revoked_keys.krl", "old");
        Map<String, String> env = Map.of("HOME", dir.toString(), "PWD", dir.toString());

        CliRun r = CliRun.run(env, "ssh", "krl", "--out", "revoked_keys.krl", "--krl-url",
                base + "/ssh/revoked_keys.krl");
        CliRun asJson = CliRun.run(env, "ssh", "krl", "--out", "revoked_keys.krl", "--krl-url",
                base + "/ssh/revoked_keys.krl", "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(krl);
        assertThat(r.out()).contains("wrote KRL version 7", "2026-11-18T", krl.length + " bytes", out.toString());
        assertThat(publicRequests).first().isEqualTo("GET /ssh/revoked_keys.krl auth=null");
        assertThat(parse(asJson.out()).get("krlVersion").asText()).isEqualTo("7");
        assertThat(server.requests).isEmpty();
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void krlWithoutUrlTakesThePublicBaseFromTheIssuers() throws Exception {
        byte[] krl = krl(3, 1_795_000_000L);
        String base = publicServer("/ssh/revoked_keys.krl", 200, krl);
        server.on("GET", "/api/v1/issuers", json(200, "{\"items\":[{\"id\":\"int-3f9a1c2b\",\"crlUrl\":\""
                + base + "/crl/int-3f9a1c2b.crl\"}]}"));

        CliRun r = sigil("ssh", "krl", "--out", "k.krl");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(server.single().header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(Files.readAllBytes(dir.resolve("k.krl"))).isEqualTo(krl);
        assertThat(publicRequests).containsExactly("GET /ssh/revoked_keys.krl auth=null");
    }

    @Test
    void krlThatIsNotAKrlLeavesTheFileAlone() throws Exception {
        String base = publicServer("/ssh/revoked_keys.krl", 200,
                "<html>proxy error</html>".getBytes(StandardCharsets.UTF_8));
        Path out = keyFile("revoked_keys.krl", "previous KRL");

        CliRun notKrl = sigil("ssh", "krl", "--out", "revoked_keys.krl", "--krl-url", base + "/ssh/revoked_keys.krl");
        CliRun missing = sigil("ssh", "krl", "--out", "revoked_keys.krl", "--krl-url", base + "/elsewhere.krl");

        assertThat(notKrl.exitCode()).as(notKrl.toString()).isEqualTo(1);
        assertThat(notKrl.err()).contains("did not return a KRL");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(3);
        assertThat(Files.readString(out)).isEqualTo("previous KRL");
    }

    @Test
    void krlWithoutUrlOrTokenIsAUsageErrorWithAHint() {
        Map<String, String> env = Map.of("HOME", dir.toString(), "PWD", dir.toString());

        CliRun noSource = CliRun.run(env, "ssh", "krl", "--out", "k.krl");
        CliRun badUrl = CliRun.run(env, "ssh", "krl", "--out", "k.krl", "--krl-url", "ftp://ca/k.krl");
        CliRun noDir = CliRun.run(env, "ssh", "krl", "--out", "missing/k.krl", "--krl-url", "http://127.0.0.1:1/k");

        assertThat(noSource.exitCode()).as(noSource.toString()).isEqualTo(2);
        assertThat(noSource.err()).contains("--krl-url");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("k.krl"))).isFalse();
    }
}
