package dev.sigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sigil ssh policies} and {@code sigil ssh sign --policy} against the in-test admin API. */
class SshPoliciesCommandTest extends ServerTestBase {

    private static final String KEY_LINE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
            + " ci@runner";
    /** GET /api/v1/ssh/policies as docs/API.md shows it: a built-in and a named policy. */
    private static final String POLICIES = "{\"items\":["
            + "{\"name\":\"user\",\"type\":\"user\",\"builtIn\":true,\"roles\":[\"operator\"],\"principals\":[\"${token}\"],"
            + "\"deniedPrincipals\":[\"root\"],\"defaultTtl\":\"8h\",\"maxTtl\":\"16h\",\"extensions\":[\"permit-pty\"],"
            + "\"allowedExtensions\":[\"permit-pty\"],\"criticalOptions\":[\"force-command\"],\"keyTypes\":[\"ssh-ed25519\"]},"
            + "{\"name\":\"deploy\",\"type\":\"user\",\"builtIn\":false,\"roles\":[\"admin\"],\"principals\":[\"deploy-*\"],"
            + "\"deniedPrincipals\":[],\"defaultTtl\":\"30m\",\"maxTtl\":\"1h\",\"extensions\":[],"
            + "\"allowedExtensions\":[\"permit-pty\",\"permit-port-forwarding\"],\"criticalOptions\":[],"
            + "\"keyTypes\":[\"ecdsa-sha2-nistp256\",\"ssh-ed25519\"]}]}";
    private static final String SIGNED = "{\"serial\":\"42\",\"type\":\"user\",\"keyId\":\"ci:deploy-web\","
            + "\"principals\":[\"deploy-web\"],\"validAfter\":\"2026-11-23T19:59:00Z\","
            + "\"validBefore\":\"2026-11-23T20:30:00Z\",\"criticalOptions\":{\"verifyRequired\":false},"
            + "\"extensions\":[],\"fingerprint\":\"SHA256:k3y\",\"caFingerprint\":\"SHA256:c4\",\"status\":\"valid\","
            + "\"certificate\":\"ssh-ed25519-cert-v01@openssh.com AAAA ci:deploy-web\"}";

    @Test
    void policiesPrintsATableOfEveryPolicyOrTheJson() throws Exception {
        server.on("GET", "/api/v1/ssh/policies", json(200, POLICIES));

        CliRun table = sigil("ssh", "policies");
        CliRun asJson = sigil("ssh", "policies", "--output", "json");

        assertThat(table.exitCode()).as(table.toString()).isZero();
        String[] lines = table.out().split("\n");
        assertThat(lines[0]).contains("NAME", "TYPE", "ROLES", "PRINCIPALS", "DENIED", "TTL (DEFAULT/MAX)", "EXTENSIONS",
                "OPTIONS");
        assertThat(lines[1]).contains("user (built-in)", "operator", "${token}", "root", "8h/16h", "permit-pty",
                "force-command");
        assertThat(lines[2]).contains("deploy", "admin", "deploy-*", "30m/1h").doesNotContain("built-in");
        assertThat(lines[2].replaceAll(" +", " ")).as("empty lists are shown as -").contains("deploy-* - 30m/1h - -");
        assertThat(lines).hasSize(3);
        assertThat(parse(asJson.out()).get("items").get(1).get("keyTypes")).extracting(JsonNode::asText)
                .containsExactly("ecdsa-sha2-nistp256", "ssh-ed25519");
        assertThat(server.requests).hasSize(2).allSatisfy(r -> assertThat(r.query()).isNull());
    }

    @Test
    void policiesWithANameShowsEveryRuleOfThatOneOrExitsNotFound() throws Exception {
        server.on("GET", "/api/v1/ssh/policies", json(200, POLICIES));

        CliRun one = sigil("ssh", "policies", "deploy");
        CliRun oneJson = sigil("ssh", "policies", "deploy", "--output", "json");
        CliRun missing = sigil("ssh", "policies", "dpeloy");

        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out()).contains("deploy", "built-in", "no", "admin", "deploy-*", "30m", "1h",
                "permit-pty,permit-port-forwarding", "ecdsa-sha2-nistp256,ssh-ed25519");
        assertThat(one.out()).doesNotContain("${token}");
        assertThat(parse(oneJson.out()).get("name").asText()).isEqualTo("deploy");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("error: no SSH policy 'dpeloy' (offered: user, deploy)");
    }

    @Test
    void policiesAsAnUnauthorizedCallerExitsWithTheServersProblem() {
        server.on("GET", "/api/v1/ssh/policies", problem(403, "forbidden", "Not allowed for this role",
                "this needs the auditor role; the token has workload"));

        CliRun r = sigil("ssh", "policies");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("this needs the auditor role").doesNotContain("Exception");
    }

    @Test
    void signSendsThePolicyAndShowsTheServersRefusalNamingIt() throws Exception {
        Files.writeString(dir.resolve("ci.pub"), KEY_LINE + "\n");
        server.on("POST", "/api/v1/ssh/certificates", json(201, SIGNED));

        CliRun ok = sigil("ssh", "sign", "--public-key", "ci.pub", "--type", "user", "--policy", "deploy",
                "--principal", "deploy-web");
        CliRun without = sigil("ssh", "sign", "--public-key", "ci.pub", "--type", "user", "--principal", "ci",
                "--out", "-");

        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(parse(server.requests.get(0).body()).get("policy").asText()).isEqualTo("deploy");
        assertThat(parse(server.requests.get(1).body()).has("policy")).as("absent: the built-in of the type").isFalse();
        assertThat(Files.readString(dir.resolve("ci-cert.pub"))).startsWith("ssh-ed25519-cert-v01@openssh.com AAAA");

        server.on("POST", "/api/v1/ssh/certificates", problem(403, "forbidden", "Not allowed for this role",
                "SSH policy 'deploy' is for admin tokens (sigil.ssh.policies.deploy.roles); the token has operator"));
        CliRun refused = sigil("ssh", "sign", "--public-key", "ci.pub", "--type", "user", "--policy", "deploy",
                "--principal", "deploy-web", "--out", "-");
        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.err()).contains("error:", "sigil.ssh.policies.deploy.roles");

        CliRun blank = sigil("ssh", "sign", "--public-key", "ci.pub", "--type", "user", "--policy", " ",
                "--principal", "ci");
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.err()).contains("--policy needs a policy name");
        assertThat(server.requests).as("the usage error sent nothing").hasSize(3);
    }
}
