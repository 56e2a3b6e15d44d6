package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ssh.SshKeygen;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named SSH policies on a whole server: configured beside the built-in ones, listed by {@code GET /api/v1/ssh/policies},
 * named by a sign request (what {@code ssh-keygen -L} reads back is what the policy decided), refused with problems
 * naming the policy's key, roles enforced, the policy in the audit log; and the CLI's {@code sigil ssh policies} and
 * {@code sigil ssh sign --policy}.
 */
class SshPolicyApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static SigilServer server;
    static ApiClient api;
    static String admin;
    static String operator;
    static String auditor;
    static SshKeygen keygen;
    static int keys;

    @BeforeAll
    static void start() throws Exception {
        keygen = SshKeygen.require();
        Map<String, String> config = new HashMap<>();
        config.put("sigil.ssh.policies.deploy.type", "user");
        config.put("sigil.ssh.policies.deploy.principals", "deploy-*");
        config.put("sigil.ssh.policies.deploy.max-ttl", "1h");
        config.put("sigil.ssh.policies.deploy.allowed-extensions", "permit-pty");
        config.put("sigil.ssh.policies.deploy.critical-options", "force-command");
        config.put("sigil.ssh.policies.deploy.key-types", "ssh-ed25519");
        config.put("sigil.ssh.policies.break-glass.type", "user");
        config.put("sigil.ssh.policies.break-glass.principals", "*");
        config.put("sigil.ssh.policies.break-glass.denied-principals", "nobody");
        config.put("sigil.ssh.policies.break-glass.roles", "admin");
        config.put("sigil.ssh.policies.web.type", "host");
        config.put("sigil.ssh.policies.web.principals", "*.example.com");
        server = TestServer.start(dir.resolve("data"), config);
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        admin = TestServer.adminToken(server);
        operator = token("ci", "operator");
        auditor = token("watcher", "auditor");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String token(String name, String role) throws Exception {
        HttpResponse<String> t = api.postJson("/api/v1/tokens", admin,
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        return JSON.readTree(t.body()).path("token").asText();
    }

    static String newKey(String type) throws Exception {
        return keygen.generate(dir, "key" + (++keys), type, 0);
    }

    static Map<String, Object> body(String type, String policy, String key, String... principals) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("publicKey", key);
        m.put("type", type);
        m.put("principals", List.of(principals));
        if (policy != null) {
            m.put("policy", policy);
        }
        return m;
    }

    static HttpResponse<String> sign(String token, Map<String, Object> body) throws Exception {
        return api.postJson("/api/v1/ssh/certificates", token, JSON.writeValueAsString(body));
    }

    static String problem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("type").asText()).isEqualTo("urn:sigil:problem:" + type);
        assertThat(r.body()).doesNotContain("Exception");
        return p.path("detail").asText();
    }

    @Test
    void anAuditorListsTheBuiltInAndNamedPoliciesWithTheirRules() throws Exception {
        HttpResponse<String> r = api.get("/api/v1/ssh/policies", auditor);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode items = JSON.readTree(r.body()).path("items");
        assertThat(items).extracting(p -> p.path("name").asText())
                .containsExactly("user", "host", "break-glass", "deploy", "web");
        JsonNode user = items.get(0);
        assertThat(user.path("builtIn").asBoolean()).isTrue();
        assertThat(user.path("principals")).extracting(JsonNode::asText).containsExactly("${token}");
        assertThat(user.path("maxTtl").asText()).isEqualTo("16h");
        JsonNode deploy = items.get(3);
        assertThat(deploy.path("type").asText()).isEqualTo("user");
        assertThat(deploy.path("builtIn").asBoolean()).isFalse();
        assertThat(deploy.path("roles")).extracting(JsonNode::asText).containsExactly("operator");
        assertThat(deploy.path("principals")).extracting(JsonNode::asText).containsExactly("deploy-*");
        assertThat(deploy.path("deniedPrincipals")).extracting(JsonNode::asText).containsExactly("root");
        assertThat(deploy.path("defaultTtl").asText()).isEqualTo("1h");
        assertThat(deploy.path("maxTtl").asText()).isEqualTo("1h");
        assertThat(deploy.path("extensions")).extracting(JsonNode::asText).containsExactly("permit-pty");
        assertThat(deploy.path("allowedExtensions")).extracting(JsonNode::asText).containsExactly("permit-pty");
        assertThat(deploy.path("criticalOptions")).extracting(JsonNode::asText).containsExactly("force-command");
        assertThat(deploy.path("keyTypes")).extracting(JsonNode::asText).containsExactly("ssh-ed25519");
        assertThat(items.get(2).path("roles")).extracting(JsonNode::asText).containsExactly("admin");
        assertThat(items.get(4).path("type").asText()).isEqualTo("host");
        assertThat(api.get("/api/v1/ssh/policies", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aCertificateSignedUnderANamedPolicyIsWhatThePolicyDecidedAccordingToSshKeygen() throws Exception {
        Map<String, Object> b = body("user", "deploy", newKey("ed25519"), "deploy-web");
        b.put("criticalOptions", Map.of("forceCommand", "/usr/local/bin/deploy"));
        Instant before = Instant.now();
        HttpResponse<String> r = sign(operator, b);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode c = JSON.readTree(r.body());
        assertThat(c.path("principals")).extracting(JsonNode::asText).containsExactly("deploy-web");
        Duration life = Duration.between(before, Instant.parse(c.path("validBefore").asText()));
        assertThat(life).as("the policy's default ttl, its max-ttl 1h").isBetween(Duration.ofMinutes(59),
                Duration.ofMinutes(61));
        Path cert = dir.resolve("deploy-cert.pub");
        Files.writeString(cert, c.path("certificate").asText() + "\n");
        String shown = keygen.ok(dir, "-L", "-f", cert.toString()).stdout();
        assertThat(shown).contains("Key ID: \"ci:deploy-web\"", "force-command /usr/local/bin/deploy");
        assertThat(shown.substring(shown.indexOf("Extensions:"))).contains("permit-pty")
                .doesNotContain("permit-agent-forwarding", "permit-port-forwarding");

        JsonNode audit = JSON.readTree(api.get("/api/v1/audit?action=ssh.certificate.issue&target=ssh/"
                + c.path("serial").asText(), admin).body());
        assertThat(audit.path("items")).singleElement().satisfies(a -> assertThat(a.path("details").asText())
                .startsWith("type=user policy=deploy keyId=ci:deploy-web"));

        // A host policy signs host certificates; the built-in host policy would refuse example.com.
        HttpResponse<String> web = sign(operator, body("host", "web", newKey("ed25519"), "db.example.com"));
        assertThat(web.statusCode()).as(web.body()).isEqualTo(201);
        assertThat(problem(sign(operator, body("host", null, newKey("ed25519"), "db.example.com")), 400, "policy"))
                .startsWith("principal 'db.example.com' is not allowed by sigil.ssh.host.principals");
    }

    @Test
    void refusalsAreProblemsNamingThePolicyOrItsRule() throws Exception {
        Map<String, Object> tooLong = body("user", "deploy", newKey("ed25519"), "deploy-web");
        tooLong.put("ttl", "2h");
        assertThat(problem(sign(operator, tooLong), 400, "policy"))
                .isEqualTo("the requested ttl 2h exceeds sigil.ssh.policies.deploy.max-ttl (1h)");
        assertThat(problem(sign(operator, body("user", "deploy", newKey("ed25519"), "ci")), 400, "policy"))
                .isEqualTo("principal 'ci' is not allowed by sigil.ssh.policies.deploy.principals (deploy-*)");
        assertThat(problem(sign(operator, body("user", "deploy", newKey("ecdsa"), "deploy-web")), 400, "policy"))
                .isEqualTo("key type ecdsa-sha2-nistp256 is not allowed by sigil.ssh.policies.deploy.key-types");
        Map<String, Object> ext = body("user", "deploy", newKey("ed25519"), "deploy-web");
        ext.put("extensions", List.of("permit-agent-forwarding"));
        assertThat(problem(sign(operator, ext), 400, "policy"))
                .isEqualTo("extension permit-agent-forwarding is not allowed by sigil.ssh.policies.deploy.allowed-extensions");
        Map<String, Object> option = body("user", "deploy", newKey("ed25519"), "deploy-web");
        option.put("criticalOptions", Map.of("sourceAddress", "10.0.0.0/8"));
        assertThat(problem(sign(operator, option), 400, "policy"))
                .isEqualTo("critical option source-address is not allowed by sigil.ssh.policies.deploy.critical-options");

        assertThat(problem(sign(operator, body("user", "dpeloy", newKey("ed25519"), "deploy-web")), 400, "policy"))
                .isEqualTo("unknown SSH policy 'dpeloy' (offered: user, host, break-glass, deploy, web)");
        assertThat(problem(sign(operator, body("user", "web", newKey("ed25519"), "db.example.com")), 400, "policy"))
                .isEqualTo("SSH policy 'web' signs host certificates, not user certificates (sigil.ssh.policies.web.type)");
        assertThat(problem(sign(operator, body("user", "Deploy Now!", newKey("ed25519"), "deploy-web")), 400,
                "malformed")).startsWith("the field 'policy' must name an SSH policy");
        assertThat(problem(sign(operator, body("user", "break-glass", newKey("ed25519"), "root")), 403, "forbidden"))
                .isEqualTo("SSH policy 'break-glass' is for admin tokens (sigil.ssh.policies.break-glass.roles);"
                        + " the token has operator");
        problem(sign(auditor, body("user", "deploy", newKey("ed25519"), "deploy-web")), 403, "forbidden");

        HttpResponse<String> glass = sign(admin, body("user", "break-glass", newKey("ed25519"), "root"));
        assertThat(glass.statusCode()).as(glass.body()).isEqualTo(201);
        JsonNode denied = JSON.readTree(api.get("/api/v1/audit?action=ssh.certificate.issue&actor=ci", admin).body());
        assertThat(denied.path("items")).extracting(a -> a.path("details").asText())
                .anySatisfy(d -> assertThat(d).startsWith("type=user policy=break-glass principals=[root]: SSH policy"
                        + " 'break-glass' is for admin tokens"));
    }

    @Test
    void theCliListsPoliciesAndSignsUnderOne() throws Exception {
        Map<String, String> env = TestServer.cliEnv(server, dir);

        Cli.Result list = Cli.run(env, "ssh", "policies");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("user (built-in)", "host (built-in)", "break-glass", "deploy-*", "1h/1h",
                "*.example.com");
        Cli.Result one = Cli.run(env, "ssh", "policies", "deploy", "--output", "json");
        assertThat(JSON.readTree(one.out()).path("keyTypes")).extracting(JsonNode::asText).containsExactly("ssh-ed25519");

        Files.writeString(dir.resolve("cli.pub"), newKey("ed25519") + "\n");
        Map<String, String> asOperator = new HashMap<>(env);
        asOperator.remove("SIGIL_TOKEN_FILE");
        asOperator.put("SIGIL_TOKEN", operator);
        Cli.Result signed = Cli.run(asOperator, "ssh", "sign", "--public-key", dir.resolve("cli.pub").toString(),
                "--type", "user", "--policy", "deploy", "--principal", "deploy-cli");
        assertThat(signed.exit()).as(signed.toString()).isZero();
        assertThat(keygen.ok(dir, "-L", "-f", dir.resolve("cli-cert.pub").toString()).stdout()).contains("deploy-cli");

        Cli.Result forbidden = Cli.run(asOperator, "ssh", "sign", "--public-key", dir.resolve("cli.pub").toString(),
                "--type", "user", "--policy", "break-glass", "--principal", "root", "--out", "-");
        assertThat(forbidden.exit()).as(forbidden.toString()).isEqualTo(4);
        assertThat(forbidden.err()).contains("error:", "sigil.ssh.policies.break-glass.roles").doesNotContain("Exception");
        Cli.Result unknown = Cli.run(asOperator, "ssh", "sign", "--public-key", dir.resolve("cli.pub").toString(),
                "--type", "user", "--policy", "nope", "--principal", "x", "--out", "-");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(4);
        assertThat(unknown.err()).contains("unknown SSH policy 'nope'");
    }
}
