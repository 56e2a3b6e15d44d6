package dev.sigil.service.ssh;

import dev.sigil.service.auth.Role;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.ssh.SshCaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** SshPolicy from configuration: YAML (where ${...} must survive the config layer), environment, and bad values. */
class SshPolicyTest {

    @TempDir
    Path dir;

    @Test
    void yamlWithTheTokenPlaceholderAndListsIsReadAsWritten() throws Exception {
        Path yaml = dir.resolve("sigil.yaml");
        Files.writeString(yaml, """
                sigil:
                  ssh:
                    user:
                      principals: ["${token}", "deploy-*"]
                      max-ttl: 4h
                      default-ttl: 1h
                      extensions: [permit-pty]
                    host:
                      principals: ["*.example.com"]
                """);
        SshPolicy p = SshPolicy.fromConfig(SigilConfig.load(Optional.of(yaml), Map.of(), Map.of()));
        assertThat(p.user().principals()).containsExactly("${token}", "deploy-*");
        assertThat(p.user().maxTtl()).isEqualTo(Duration.ofHours(4));
        assertThat(p.user().defaultExtensions()).containsExactly(SshExtension.PERMIT_PTY);
        p.user().checkPrincipal("alice", "alice");
        p.user().checkPrincipal("deploy-web", "alice");
        assertThatThrownBy(() -> p.user().checkPrincipal("deploy", "alice")).isInstanceOf(SigilException.class);
        p.host().checkPrincipal("A.Example.COM", "x");
        assertThatThrownBy(() -> p.host().checkPrincipal("example.com", "x")).hasMessageContaining("sigil.ssh.host.principals");
    }

    @Test
    void environmentListsAndDefaults() {
        SshPolicy p = SshPolicy.fromConfig(SigilConfig.load(Optional.empty(),
                Map.of("SIGIL_SSH_USER_PRINCIPALS", "{token},ops-*", "SIGIL_SSH_HOST_KEY_TYPES", "ssh-ed25519,ECDSA_P256"),
                Map.of()));
        p.user().checkPrincipal("bob", "bob");
        p.user().checkPrincipal("ops-1", "bob");
        assertThat(p.host().keyTypes()).containsExactlyInAnyOrder(SshKeyType.ED25519, SshKeyType.ECDSA_P256);
        assertThat(p.user().maxTtl()).isEqualTo(Duration.ofHours(16));
        assertThat(p.user().deniedPrincipals()).containsExactly("root");
        assertThat(p.host().principals()).contains("*.internal", "localhost");
        assertThat(p.rules(SshCaType.HOST)).isSameAs(p.host());
    }

    @Test
    void badValuesStopTheStartNamingTheKey() {
        assertThatThrownBy(() -> SshPolicy.fromConfig(SigilConfig.load(Optional.empty(), Map.of(),
                Map.of("sigil.ssh.user.extensions", "permit-everything"))))
                .hasMessageContaining("sigil.ssh.user.extensions").hasMessageContaining("permit-everything");
        assertThatThrownBy(() -> SshPolicy.fromConfig(SigilConfig.load(Optional.empty(), Map.of(),
                Map.of("sigil.ssh.user.default-ttl", "20h"))))
                .hasMessageContaining("sigil.ssh.user.default-ttl").hasMessageContaining("sigil.ssh.user.max-ttl");
        assertThatThrownBy(() -> SshPolicy.fromConfig(SigilConfig.load(Optional.empty(), Map.of(),
                Map.of("sigil.ssh.host.key-types", "ssh-dss"))))
                .hasMessageContaining("sigil.ssh.host.key-types");
        assertThatThrownBy(() -> SshPolicy.fromConfig(SigilConfig.load(Optional.empty(), Map.of(),
                Map.of("sigil.ssh.user.critical-options", "no-pty"))))
                .hasMessageContaining("unknown option 'no-pty'");
    }

    @Test
    void globsMatchWholeNamesOnly() {
        assertThat(SshPolicy.glob("*.internal").matcher("a.internal").matches()).isTrue();
        assertThat(SshPolicy.glob("*.internal").matcher("a.internal.evil.com").matches()).isFalse();
        assertThat(SshPolicy.glob("a.b").matcher("axb").matches()).as("dots are literal").isFalse();
        assertThat(SshPolicy.glob("deploy-*-ro").matcher("deploy-x-ro").matches()).isTrue();
        assertThat(SshPolicy.glob("*").matcher("anything").matches()).isTrue();
    }

    @Test
    void namedPoliciesFromYamlStartFromTheirTypeAndKeepTheBuiltIns() throws Exception {
        Path yaml = dir.resolve("sigil.yaml");
        Files.writeString(yaml, """
                sigil:
                  ssh:
                    user:
                      max-ttl: 4h
                      default-ttl: 1h
                    policies:
                      deploy:
                        type: user
                        principals: ["deploy-*", "${token}-ci"]
                        max-ttl: 1h
                        allowed-extensions: [permit-pty, permit-port-forwarding]
                        critical-options: [force-command]
                        key-types: [ssh-ed25519]
                      break-glass:
                        type: user
                        principals: ["*"]
                        denied-principals: []
                        roles: [admin]
                      web:
                        type: HOST
                        principals: ["*.example.com"]
                        default-ttl: 7d
                """);
        SshPolicy p = SshPolicy.fromConfig(SigilConfig.load(Optional.of(yaml), Map.of(), Map.of()));

        assertThat(p.names()).containsExactly("user", "host", "break-glass", "deploy", "web");
        assertThat(p.user().maxTtl()).as("the built-in still reads sigil.ssh.user").isEqualTo(Duration.ofHours(4));
        SshPolicy.Rules deploy = p.find("deploy").orElseThrow();
        assertThat(deploy.type()).isEqualTo(SshCaType.USER);
        assertThat(deploy.builtIn()).isFalse();
        assertThat(deploy.principals()).containsExactly("deploy-*", "${token}-ci");
        assertThat(deploy.maxTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(deploy.defaultTtl()).as("8h shrinks to the policy's max-ttl").isEqualTo(Duration.ofHours(1));
        assertThat(deploy.defaultExtensions()).as("the default five, as far as allowed")
                .containsExactlyInAnyOrder(SshExtension.PERMIT_PTY, SshExtension.PERMIT_PORT_FORWARDING);
        assertThat(deploy.criticalOptions()).containsExactly("force-command");
        assertThat(deploy.keyTypes()).containsExactly(SshKeyType.ED25519);
        assertThat(deploy.roles()).containsExactly(Role.OPERATOR);
        assertThat(deploy.deniedPrincipals()).as("from the user defaults, not the built-in's config").containsExactly("root");
        assertThat(deploy.key("max-ttl")).isEqualTo("sigil.ssh.policies.deploy.max-ttl");
        deploy.checkPrincipal("alice-ci", "alice");
        assertThatThrownBy(() -> deploy.checkPrincipal("alice", "alice"))
                .hasMessage("principal 'alice' is not allowed by sigil.ssh.policies.deploy.principals (deploy-*,${token}-ci)");

        SshPolicy.Rules glass = p.find("break-glass").orElseThrow();
        assertThat(glass.roles()).containsExactly(Role.ADMIN);
        assertThat(glass.deniedPrincipals()).as("an empty YAML list keeps the default").containsExactly("root");
        SshPolicy.Rules web = p.find("web").orElseThrow();
        assertThat(web.type()).isEqualTo(SshCaType.HOST);
        assertThat(web.defaultTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(web.defaultExtensions()).isEmpty();
        assertThat(web.allowedExtensions()).isEmpty();
        assertThat(p.all()).extracting(SshPolicy.Rules::builtIn).containsExactly(true, true, false, false, false);
    }

    @Test
    void namedPoliciesFromTheEnvironment() {
        SshPolicy p = SshPolicy.fromConfig(SigilConfig.load(Optional.empty(), Map.of(
                "SIGIL_SSH_POLICIES_CI_RUNNER_TYPE", "user",
                "SIGIL_SSH_POLICIES_CI_RUNNER_PRINCIPALS", "ci-*,runner",
                "SIGIL_SSH_POLICIES_CI_RUNNER_DENIED_PRINCIPALS", "ci-root",
                "SIGIL_SSH_POLICIES_CI_RUNNER_MAX_TTL", "30m",
                "SIGIL_SSH_POLICIES_CI_RUNNER_ALLOWED_EXTENSIONS", "permit-pty",
                "SIGIL_SSH_POLICIES_CI_RUNNER_EXTENSIONS", "",
                "SIGIL_SSH_POLICIES_CI_RUNNER_ROLES", "operator,admin",
                "SIGIL_SSH_POLICIES_CI_RUNNER_KEY_TYPES", "ED25519,ecdsa-sha2-nistp256"), Map.of()));

        SshPolicy.Rules ci = p.find("ci-runner").orElseThrow();
        assertThat(ci.principals()).containsExactly("ci-*", "runner");
        assertThat(ci.deniedPrincipals()).containsExactly("ci-root");
        assertThat(ci.maxTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(ci.defaultTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(ci.allowedExtensions()).containsExactly(SshExtension.PERMIT_PTY);
        assertThat(ci.defaultExtensions()).containsExactly(SshExtension.PERMIT_PTY);
        assertThat(ci.roles()).containsExactlyInAnyOrder(Role.OPERATOR, Role.ADMIN);
        assertThat(ci.keyTypes()).containsExactlyInAnyOrder(SshKeyType.ED25519, SshKeyType.ECDSA_P256);
        assertThatThrownBy(() -> ci.checkPrincipal("ci-root", "x"))
                .hasMessage("principal 'ci-root' is denied by sigil.ssh.policies.ci-runner.denied-principals");
        assertThat(p.names()).containsExactly("user", "host", "ci-runner");
    }

    @Test
    void badNamedPoliciesStopTheStartNamingTheKey() {
        assertThat(policyError(Map.of("sigil.ssh.policies.deploy.principals", "deploy-*")))
                .isEqualTo("sigil.ssh.policies.deploy.type must be set: user or host");
        assertThat(policyError(Map.of("sigil.ssh.policies.deploy.type", "group")))
                .isEqualTo("sigil.ssh.policies.deploy.type must be user or host, was 'group'");
        assertThat(policyError(Map.of("sigil.ssh.policies.deploy.type", "user",
                "sigil.ssh.policies.deploy.max-ttl", "forever")))
                .startsWith("sigil.ssh.policies.deploy.max-ttl: ");
        assertThat(policyError(Map.of("sigil.ssh.policies.deploy.type", "user",
                "sigil.ssh.policies.deploy.default-ttl", "2h", "sigil.ssh.policies.deploy.max-ttl", "1h")))
                .isEqualTo("sigil.ssh.policies.deploy.default-ttl (2h) is longer than sigil.ssh.policies.deploy.max-ttl (1h)");
        assertThat(policyError(Map.of("sigil.ssh.policies.deploy.type", "user",
                "sigil.ssh.policies.deploy.extensions", "permit-pty,permit-user-rc",
                "sigil.ssh.policies.deploy.allowed-extensions", "permit-pty")))
                .isEqualTo("sigil.ssh.policies.deploy.extensions grants extensions that"
                        + " sigil.ssh.policies.deploy.allowed-extensions does not allow");
        assertThat(policyError(Map.of("sigil.ssh.policies.deploy.type", "user",
                "sigil.ssh.policies.deploy.allowed-extensions", "permit-all")))
                .startsWith("sigil.ssh.policies.deploy.allowed-extensions: unknown extension 'permit-all'");
        assertThat(policyError(Map.of("sigil.ssh.policies.deploy.type", "user",
                "sigil.ssh.policies.deploy.critical-options", "no-pty")))
                .startsWith("sigil.ssh.policies.deploy.critical-options: unknown option 'no-pty'");
        assertThat(policyError(Map.of("sigil.ssh.policies.deploy.type", "user",
                "sigil.ssh.policies.deploy.key-types", "ssh-dss")))
                .startsWith("sigil.ssh.policies.deploy.key-types: unknown SSH key type 'ssh-dss'");
        assertThat(policyError(Map.of("sigil.ssh.policies.deploy.type", "user",
                "sigil.ssh.policies.deploy.roles", "root")))
                .isEqualTo("sigil.ssh.policies.deploy.roles: unknown role 'root' (operator or admin)");
        assertThat(policyError(Map.of("sigil.ssh.policies.deploy.type", "user",
                "sigil.ssh.policies.deploy.roles", "auditor")))
                .startsWith("sigil.ssh.policies.deploy.roles must list operator and/or admin");
        assertThat(policyError(Map.of("sigil.ssh.policies.web.type", "host",
                "sigil.ssh.policies.web.critical-options", "force-command")))
                .startsWith("sigil.ssh.policies.web.allowed-extensions and sigil.ssh.policies.web.critical-options"
                        + " must be empty");
        assertThat(policyError(Map.of("sigil.ssh.policies.user.type", "user")))
                .isEqualTo("sigil.ssh.policies.user: 'user' is a built-in policy; configure it under sigil.ssh.user");
        assertThatThrownBy(() -> SigilConfig.load(Optional.empty(), Map.of(),
                Map.of("sigil.ssh.policies.deploy.max-lifetime", "1h")))
                .as("a typo is an unknown key").hasMessageContaining("sigil.ssh.policies.deploy.max-lifetime");
    }

    @Test
    void aRequestGetsTheBuiltInOfItsTypeOrTheNamedPolicyOfThatType() {
        SshPolicy p = SshPolicy.fromConfig(SigilConfig.load(Optional.empty(), Map.of(), Map.of(
                "sigil.ssh.policies.deploy.type", "user", "sigil.ssh.policies.web.type", "host",
                "sigil.ssh.policies.glass.type", "user", "sigil.ssh.policies.glass.roles", "admin")));

        assertThat(p.policy(Optional.empty(), SshCaType.USER)).isSameAs(p.user());
        assertThat(p.policy(Optional.empty(), SshCaType.HOST)).isSameAs(p.host());
        assertThat(p.policy(Optional.of("host"), SshCaType.HOST)).isSameAs(p.host());
        assertThat(p.policy(Optional.of("deploy"), SshCaType.USER).name()).isEqualTo("deploy");
        SigilException unknown = catchThrowableOfType(SigilException.class,
                () -> p.policy(Optional.of("nope"), SshCaType.USER));
        assertThat(unknown.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(unknown).hasMessage("unknown SSH policy 'nope' (offered: user, host, deploy, glass, web)");
        assertThatThrownBy(() -> p.policy(Optional.of("web"), SshCaType.USER))
                .hasMessage("SSH policy 'web' signs host certificates, not user certificates (sigil.ssh.policies.web.type)");
        assertThatThrownBy(() -> p.policy(Optional.of("user"), SshCaType.HOST))
                .hasMessageStartingWith("SSH policy 'user' signs user certificates, not host certificates");

        SshPolicy.Rules glass = p.find("glass").orElseThrow();
        glass.checkRole(Role.ADMIN);
        SigilException operator = catchThrowableOfType(SigilException.class, () -> glass.checkRole(Role.OPERATOR));
        assertThat(operator.kind()).isEqualTo(ErrorKind.FORBIDDEN);
        assertThat(operator).hasMessage("SSH policy 'glass' is for admin tokens (sigil.ssh.policies.glass.roles);"
                + " the token has operator");
        p.find("deploy").orElseThrow().checkRole(Role.ADMIN); // admin includes operator
        assertThatThrownBy(() -> p.user().checkRole(Role.AUDITOR))
                .hasMessage("SSH policy 'user' is for operator tokens; the token has auditor");
        p.host().checkRole(Role.ADMIN);
    }

    private static String policyError(Map<String, String> overrides) {
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> SshPolicy.fromConfig(SigilConfig.load(Optional.empty(), Map.of(), overrides)));
        assertThat(e).as("refused: " + overrides).isNotNull();
        return e.getMessage();
    }
}
