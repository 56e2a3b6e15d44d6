package dev.sigil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.service.config.ConfigKeys;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every config key and {@code SIGIL_*} variable a shipped artifact sets is one the server reads. */
class ConfigKeysCheckTest {

    @Test
    void exampleConfigSetsOnlyKnownKeys() {
        String yaml = DeployArtifacts.read("config/sigil.example.yaml");

        assertThat(DeployArtifacts.unknownConfigKeys(yaml)).isEmpty();
        // A parse that silently found nothing must not pass: the example sets a real selection.
        assertThat(DeployArtifacts.configSettings(yaml)).containsKeys(
                ConfigKeys.DB_URL, ConfigKeys.SERVER_HOSTNAMES, ConfigKeys.SERVER_PUBLIC_URL, ConfigKeys.CA_KEY_TYPE,
                ConfigKeys.SERVER_HTTPS_PORT, "sigil.profiles.server.max-lifetime");
    }

    @Test
    void exampleConfigPointsAtMariaDb() {
        var settings = DeployArtifacts.configSettings(DeployArtifacts.read("config/sigil.example.yaml"));

        assertThat(settings.get(ConfigKeys.DB_URL)).startsWith("jdbc:mariadb://").endsWith("/sigil");
        assertThat(settings).doesNotContainKeys(ConfigKeys.DB_PASSWORD, ConfigKeys.KEY_PASSPHRASE);
    }

    @Test
    void everySigilConfigInTheModuleSetsOnlyKnownKeys() {
        Map<String, String> configs = sigilConfigs();
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        configs.forEach((where, yaml) -> {
            List<String> bad = DeployArtifacts.unknownConfigKeys(yaml);
            if (!bad.isEmpty()) {
                unknown.put(where, bad);
            }
        });

        assertThat(configs.keySet()).contains("config/sigil.example.yaml", "k8s/configmap.yaml#sigil.yaml");
        assertThat(unknown).isEmpty();
    }

    @Test
    void everySigilVariableInEveryArtifactIsAConfigKeyOrReadByTheServer() {
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>();
        Path dir = DeployArtifacts.moduleDir();
        for (Path file : DeployArtifacts.shippedFiles()) {
            String text = DeployArtifacts.read(file);
            seen.addAll(DeployArtifacts.envNames(text));
            List<String> bad = DeployArtifacts.unknownEnvNames(text, DeployArtifacts.NON_KEY_VARIABLES);
            if (!bad.isEmpty()) {
                unknown.put(dir.relativize(file).toString(), bad);
            }
        }

        assertThat(unknown).isEmpty();
        assertThat(seen).contains("SIGIL_DB_URL", "SIGIL_DB_PASSWORD", "SIGIL_KEY_PASSPHRASE", "SIGIL_DATA_DIR",
                "SIGIL_SERVER_HOSTNAMES", "SIGIL_SERVER_PUBLIC_URL");
    }

    @Test
    void everyScannedArtifactKindIsPresent() {
        // The scan above is only as good as the files it sees; a moved directory must not make it vacuous.
        List<String> files = DeployArtifacts.shippedFiles().stream()
                .map(f -> DeployArtifacts.moduleDir().relativize(f).toString().replace('\\', '/')).toList();

        assertThat(files).contains("container/Dockerfile", "compose/compose.yaml", "compose/sigil.env.example",
                "systemd/sigil.service", "systemd/sigil.env.example", "config/sigil.example.yaml",
                "k8s/configmap.yaml", "k8s/deployment.yaml", "README.md");
    }

    @Test
    void checkerReportsUnknownConfigKeys() {
        String yaml = """
                sigil:
                  db:
                    uri: jdbc:mariadb://db/sigil
                  server:
                    hostnames: [a.example, b.example]
                  profiles:
                    server:
                      max-lifetime: 90d
                      lifetime: 90d
                sigill:
                  data-dir: /tmp
                """;

        assertThat(DeployArtifacts.unknownConfigKeys(yaml))
                .containsExactly("sigil.db.uri", "sigil.profiles.server.lifetime", "sigill.data-dir");
    }

    @Test
    void checkerReportsUnknownVariables() {
        String env = """
                SIGIL_DB_URL=jdbc:mariadb://db/sigil
                SIGIL_DB_URI=jdbc:mariadb://db/sigil
                SIGIL_PROFILES_SERVER_MAX_LIFETIME=90d
                SIGIL_PROFILES_SERVER_LIFETIME=90d
                Environment=SIGIL_CONFIG=/etc/sigil/sigil.yaml
                      SIGIL_KEY_PASS: ${SIGIL_KEY_PASSPHRASE}
                """;

        assertThat(DeployArtifacts.unknownEnvNames(env, DeployArtifacts.NON_KEY_VARIABLES))
                .containsExactlyInAnyOrder("SIGIL_DB_URI", "SIGIL_PROFILES_SERVER_LIFETIME", "SIGIL_KEY_PASS");
        assertThat(DeployArtifacts.unknownEnvNames(env, Set.of())).contains("SIGIL_CONFIG");
    }

    /** Sigil config documents in the module: YAML files rooted at {@code sigil:} and YAML entries of ConfigMaps. */
    private static Map<String, String> sigilConfigs() {
        Map<String, String> configs = new LinkedHashMap<>();
        Path dir = DeployArtifacts.moduleDir();
        for (Path file : DeployArtifacts.shippedFiles()) {
            String name = file.getFileName().toString();
            if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
                continue;
            }
            String rel = dir.relativize(file).toString().replace('\\', '/');
            String text = DeployArtifacts.read(file);
            JsonNode root = DeployArtifacts.yaml(text);
            if (root.has("sigil")) {
                configs.put(rel, text);
            }
            if ("ConfigMap".equals(root.path("kind").asText())) {
                for (Map.Entry<String, JsonNode> entry : root.path("data").properties()) {
                    String key = entry.getKey();
                    if (key.endsWith(".yaml") || key.endsWith(".yml")) {
                        configs.put(rel + "#" + key, entry.getValue().asText());
                    }
                }
            }
        }
        return configs;
    }
}
