package dev.sigil.deploy;

import dev.sigil.service.config.ConfigKeys;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/systemd: the unit starts the jar where the image puts it and may write where the server writes. */
class SystemdUnitTest {

    private static final SystemdUnit UNIT = SystemdUnit.parse(DeployArtifacts.read("systemd/sigil.service"));

    @Test
    void startsTheServerJarWithTheExampleConfig() {
        List<String> exec = Arrays.asList(UNIT.get("ExecStart").split("\\s+"));
        PomJar server = PomJar.of(DeployArtifacts.repoRoot(), "service");

        assertThat(exec.getFirst()).isEqualTo("/usr/bin/java");
        assertThat(exec.get(exec.indexOf("-jar") + 1))
                .isEqualTo("/opt/sigil/" + server.finalName() + ".jar")
                // One layout for hosts and the image, so docs and scripts need not tell them apart.
                .isEqualTo(ContainerImageTest.copiedTo(server.builtJar()));
        assertThat(exec.get(exec.indexOf("--config") + 1)).isEqualTo("/etc/sigil/sigil.yaml");
    }

    @Test
    void readmeInstallsTheLibsBesideTheJar() {
        PomJar server = PomJar.of(DeployArtifacts.repoRoot(), "service");

        assertThat(DeployArtifacts.read("README.md"))
                .contains("cp " + server.builtJar() + " /opt/sigil/")
                .contains("cp -r " + server.builtLibs() + " /opt/sigil/");
        assertThat(server.classpathPrefix()).isEqualTo(Path.of(server.builtLibs()).getFileName() + "/");
    }

    @Test
    void dataDirIsTheWorkingDirectoryAndWritable() {
        String dataDir = UNIT.environment().get(ConfigKeys.envName(ConfigKeys.DATA_DIR));

        assertThat(dataDir).isEqualTo(UNIT.get("WorkingDirectory"));
        assertThat(UNIT.all("ReadWritePaths")).anySatisfy(p -> assertThat(Path.of(dataDir).startsWith(p)).isTrue());
        assertThat(DeployArtifacts.configSettings(DeployArtifacts.read("config/sigil.example.yaml")))
                .containsEntry(ConfigKeys.DATA_DIR, dataDir);
    }

    @Test
    void runsAsTheSigilUserWithTheRequestedHardening() {
        assertThat(UNIT.get("User")).isEqualTo("sigil");
        assertThat(UNIT.get("NoNewPrivileges")).isEqualTo("yes");
        assertThat(UNIT.get("ProtectSystem")).isEqualTo("strict");
        assertThat(UNIT.get("ProtectHome")).isEqualTo("yes");
        assertThat(UNIT.get("PrivateTmp")).isEqualTo("yes");
        assertThat(UNIT.get("UMask")).isEqualTo("0077");
        assertThat(UNIT.get("Restart")).isEqualTo("on-failure");
        assertThat(UNIT.get("CapabilityBoundingSet")).isEmpty();
        // The JIT needs W+X memory; this setting would crash the JVM at start.
        assertThat(UNIT.directives()).doesNotContainKey("MemoryDenyWriteExecute");
    }

    @Test
    void environmentFileIsOptionalAndHasAnExample() {
        String file = UNIT.get("EnvironmentFile");

        assertThat(file).isEqualTo("-/etc/sigil/sigil.env");
        Path example = DeployArtifacts.moduleDir().resolve("systemd").resolve(Path.of(file.substring(1)).getFileName() + ".example");
        assertThat(example).isRegularFile();
        assertThat(DeployArtifacts.read(example)).contains(ConfigKeys.envName(ConfigKeys.DB_PASSWORD) + "=")
                .contains(ConfigKeys.envName(ConfigKeys.KEY_PASSPHRASE) + "=");
    }
}
