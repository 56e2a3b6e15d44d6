package dev.sigil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.service.config.ConfigKeys;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/compose: Sigil and MariaDB agree with each other, with the image and with the env example. */
class ComposeTest {

    private static final String TEXT = DeployArtifacts.read("compose/compose.yaml");
    private static final JsonNode COMPOSE = DeployArtifacts.yaml(TEXT);
    private static final JsonNode SIGIL = COMPOSE.path("services").path("sigil");
    private static final JsonNode MARIADB = COMPOSE.path("services").path("mariadb");

    @Test
    void buildsTheImageFromTheRepositoryRoot() {
        Path composeDir = DeployArtifacts.moduleDir().resolve("compose");
        Path context = composeDir.resolve(SIGIL.path("build").path("context").asText()).normalize();

        assertThat(context).isEqualTo(DeployArtifacts.repoRoot().normalize());
        assertThat(context.resolve(SIGIL.path("build").path("dockerfile").asText()))
                .isEqualTo(DeployArtifacts.moduleDir().resolve("container/Dockerfile"));
    }

    @Test
    void sigilTalksToTheComposeMariaDbAndItsDatabase() {
        Map<String, String> env = environment(SIGIL);
        Map<String, String> db = environment(MARIADB);
        Matcher url = Pattern.compile("jdbc:mariadb://([^:/]+):3306/(\\w+)").matcher(env.get("SIGIL_DB_URL"));

        assertThat(url.matches()).isTrue();
        assertThat(COMPOSE.path("services").has(url.group(1))).isTrue();
        assertThat(url.group(2)).isEqualTo(db.get("MARIADB_DATABASE"));
        // Same interpolation on both sides, so the account MariaDB creates is the one Sigil uses.
        assertThat(env.get("SIGIL_DB_USER")).isEqualTo(db.get("MARIADB_USER"));
        assertThat(env.get("SIGIL_DB_PASSWORD")).isEqualTo(db.get("MARIADB_PASSWORD"));
        assertThat(MARIADB.path("image").asText()).matches("mariadb:(10\\.11|11\\.\\d+).*");
    }

    @Test
    void sigilWaitsForAHealthyDatabase() {
        assertThat(SIGIL.path("depends_on").path("mariadb").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(MARIADB.path("healthcheck").path("test").toString()).contains("healthcheck.sh");
        assertThat(MARIADB.path("volumes").get(0).asText()).endsWith(":/var/lib/mysql");
    }

    @Test
    void setsTheSettingsAProductionNodeNeeds() {
        assertThat(environment(SIGIL)).containsKeys(
                ConfigKeys.envName(ConfigKeys.DB_URL), ConfigKeys.envName(ConfigKeys.DB_USER),
                ConfigKeys.envName(ConfigKeys.DB_PASSWORD), ConfigKeys.envName(ConfigKeys.KEY_PASSPHRASE),
                ConfigKeys.envName(ConfigKeys.SERVER_HOSTNAMES), ConfigKeys.envName(ConfigKeys.SERVER_PUBLIC_URL));
    }

    @Test
    void publishesTheListenerPortsTheServerOpens() {
        Set<Integer> containerPorts = new TreeSet<>();
        SIGIL.path("ports").forEach(p -> {
            String[] parts = p.asText().replace("/tcp", "").split(":");
            containerPorts.add(Integer.parseInt(parts[parts.length - 1]));
        });

        assertThat(containerPorts)
                .isEqualTo(DeployArtifacts.listenerPorts(DeployArtifacts.envSettings(environment(SIGIL))));
        // /metrics stays on the host's loopback.
        assertThat(SIGIL.path("ports").toString()).contains("127.0.0.1:9090:9090");
    }

    @Test
    void keepsTheDataDirOnANamedVolume() {
        String mount = SIGIL.path("volumes").get(0).asText();
        String[] parts = mount.split(":");

        assertThat(parts[1]).isEqualTo(ContainerImageTest.imageDataDir());
        assertThat(COMPOSE.path("volumes").has(parts[0])).isTrue();
    }

    @Test
    void everyInterpolatedVariableIsInTheEnvExample() {
        Set<String> referenced = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(TEXT);
        while (m.find()) {
            referenced.add(m.group(1));
        }
        Set<String> assigned = DeployArtifacts.envFile(DeployArtifacts.read("compose/sigil.env.example")).keySet();

        assertThat(referenced).contains("SIGIL_DB_PASSWORD", "SIGIL_KEY_PASSPHRASE");
        assertThat(assigned).containsAll(referenced);
    }

    /** A service's environment, whether written as a map or as a list of {@code K=V}. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isArray()) {
            node.forEach(item -> {
                String s = item.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        } else {
            node.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }
}
