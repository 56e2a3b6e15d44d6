package dev.sigil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The server's own loader reads every shipped config and environment as it would at start-up. It rejects unknown
 * keys and unknown {@code SIGIL_*} variables, so this is the strictest check of all: the one production runs.
 */
class ServerConfigLoaderTest {

    @Test
    void loadsTheExampleConfigWithTheSystemdEnvironment() {
        Map<String, String> env = DeployArtifacts.envFile(DeployArtifacts.read("systemd/sigil.env.example"));
        env.putAll(SystemdUnit.parse(DeployArtifacts.read("systemd/sigil.service")).environment());

        SigilConfig config = SigilConfig.load(Optional.of(example()), env, Map.of());

        assertThat(config.string(ConfigKeys.DB_URL)).hasValue("jdbc:mariadb://db.example.internal:3306/sigil");
        assertThat(config.list(ConfigKeys.SERVER_HOSTNAMES).orElseThrow()).contains("sigil.example.internal");
        assertThat(config.profileNames()).contains("server");
        assertThat(config.string(ConfigKeys.KEY_PASSPHRASE)).isPresent();
    }

    @Test
    void environmentOverridesAScalarOfTheConfigFile() {
        // README and systemd/sigil.env.example promise this: per-node overrides live in the env file.
        SigilConfig config = SigilConfig.load(Optional.of(example()), Map.of("SIGIL_DB_POOL_SIZE", "4"), Map.of());

        assertThat(config.integer(ConfigKeys.DB_POOL_SIZE, 0)).isEqualTo(4);
    }

    @Test
    void environmentOverridesAListOfTheConfigFile() {
        // systemd/sigil.env.example shows a per-node SIGIL_SERVER_HOSTNAMES over the YAML list.
        SigilConfig config = SigilConfig.load(Optional.of(example()),
                Map.of("SIGIL_SERVER_HOSTNAMES", "lb.example.internal,node-7.example.internal"), Map.of());

        assertThat(config.list(ConfigKeys.SERVER_HOSTNAMES))
                .hasValue(List.of("lb.example.internal", "node-7.example.internal"));
    }

    @Test
    void loadsTheKubernetesConfigMap(@TempDir Path dir) throws Exception {
        JsonNode cm = DeployArtifacts.yaml(DeployArtifacts.read("k8s/configmap.yaml"));
        Path file = Files.writeString(dir.resolve("sigil.yaml"), cm.path("data").path("sigil.yaml").asText());

        SigilConfig config = SigilConfig.load(Optional.of(file),
                Map.of("SIGIL_DB_PASSWORD", "x", "SIGIL_KEY_PASSPHRASE", "y"), Map.of());

        assertThat(config.string(ConfigKeys.DATA_DIR)).hasValue("/var/lib/sigil");
        assertThat(config.string(ConfigKeys.DB_URL).orElseThrow()).startsWith("jdbc:mariadb://");
    }

    @Test
    void loadsTheComposeEnvironmentOnTopOfTheImageEnvironment() {
        JsonNode compose = DeployArtifacts.yaml(DeployArtifacts.read("compose/compose.yaml"));
        Map<String, String> envFile = DeployArtifacts.envFile(DeployArtifacts.read("compose/sigil.env.example"));
        Map<String, String> env = new LinkedHashMap<>(
                Dockerfile.parse(DeployArtifacts.read("container/Dockerfile")).runtimeEnv());
        ComposeTest.environment(compose.path("services").path("sigil"))
                .forEach((k, v) -> env.put(k, interpolate(v, envFile)));

        SigilConfig config = SigilConfig.load(Optional.empty(), env, Map.of());

        assertThat(config.string(ConfigKeys.DB_URL)).hasValue("jdbc:mariadb://mariadb:3306/sigil");
        assertThat(config.string(ConfigKeys.DB_PASSWORD)).hasValue(envFile.get("SIGIL_DB_PASSWORD"));
        assertThat(config.string(ConfigKeys.DATA_DIR)).hasValue("/var/lib/sigil");
        assertThat(config.list(ConfigKeys.SERVER_HOSTNAMES).orElseThrow()).contains("sigil.example.internal");
    }

    @Test
    void acceptsTheAllowedNonKeyVariables() {
        assertThat(DeployArtifacts.NON_KEY_VARIABLES).allSatisfy(name ->
                assertThat(SigilConfig.load(Optional.empty(), Map.of(name, "/etc/sigil/sigil.yaml"), Map.of())).isNotNull());
    }

    @Test
    void rejectsAnUnknownSigilVariableAsKubernetesServiceLinksWouldSetIt() {
        // Why deployment.yaml turns service links off.
        assertThatThrownBy(() -> SigilConfig.load(Optional.empty(), Map.of("SIGIL_SERVICE_HOST", "10.0.0.1"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIGIL_SERVICE_HOST");
    }

    private static Path example() {
        return DeployArtifacts.moduleDir().resolve("config/sigil.example.yaml");
    }

    /** Compose's {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?message}} against an env file. */
    static String interpolate(String value, Map<String, String> envFile) {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = envFile.get(m.group(1));
            if (v == null || v.isEmpty()) {
                if ("?".equals(m.group(2))) {
                    throw new AssertionError("compose would stop: " + m.group(3));
                }
                v = "-".equals(m.group(2)) ? m.group(3) : "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
