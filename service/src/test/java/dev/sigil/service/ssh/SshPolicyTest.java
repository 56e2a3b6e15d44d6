package dev.sigil.service.ssh;

import dev.sigil.service.config.SigilConfig;
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
}
