package dev.sigil.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the deploy artifacts rely on the server and CLI to provide. A failure here means the artifacts promise
 * something the code does not do (yet): fix the code or the artifacts, not this test.
 */
class ServerContractTest {

    @Test
    void jarMainClassesExistInTheirModules() {
        for (String module : new String[] {"service", "cli"}) {
            PomJar jar = PomJar.of(DeployArtifacts.repoRoot(), module);
            Path source = DeployArtifacts.repoRoot().resolve(module + "/src/main/java")
                    .resolve(jar.mainClass().replace('.', '/') + ".java");

            assertThat(source).as("main class of %s", jar.builtJar()).isRegularFile();
        }
    }

    @Test
    void serverMainClassIsTheOneTheArtifactsDocument() {
        assertThat(PomJar.of(DeployArtifacts.repoRoot(), "service").mainClass()).isEqualTo("dev.sigil.service.Main");
    }

    @Test
    void serverAcceptsTheConfigOption() {
        // systemd/sigil.service and k8s/deployment.yaml start the server with --config FILE.
        assertThat(DeployArtifacts.read("systemd/sigil.service")).contains("--config /etc/sigil/sigil.yaml");
        assertThat(DeployArtifacts.serviceMainSources()).contains("\"--config\"");
    }

    @Test
    void serverLooksForSigilYamlInTheWorkingDirectory() {
        // The README documents ./sigil.yaml as the fallback config file.
        assertThat(DeployArtifacts.read("README.md")).contains("./sigil.yaml");
        assertThat(DeployArtifacts.serviceMainSources()).contains("\"sigil.yaml\"");
    }

    @Test
    void everyAllowedNonKeyVariableIsReadByTheServer() {
        // The allow-list of the variable scan must not lie: each name is a literal in the service's code.
        String sources = DeployArtifacts.serviceMainSources();

        assertThat(DeployArtifacts.NON_KEY_VARIABLES).isNotEmpty().allSatisfy(name ->
                assertThat(sources).as("service reads %s", name).contains("\"" + name + "\""));
    }

    @Test
    void serviceSourcesAreWhereTheChecksLook() {
        // Guards the checks above against reading an empty tree and calling it proof of absence.
        assertThat(DeployArtifacts.repoRoot().resolve("service/src/main/java/dev/sigil/service/config/ConfigKeys.java"))
                .isRegularFile();
        assertThat(DeployArtifacts.serviceMainSources()).contains("class ConfigKeys");
    }
}
