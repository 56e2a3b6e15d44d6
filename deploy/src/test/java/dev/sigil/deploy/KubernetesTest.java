package dev.sigil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.service.config.ConfigKeys;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/k8s: the Deployment agrees with the image, the ConfigMap and the Service. */
class KubernetesTest {

    private static final JsonNode CONFIG_MAP = DeployArtifacts.yaml(DeployArtifacts.read("k8s/configmap.yaml"));
    private static final JsonNode DEPLOYMENT = DeployArtifacts.yaml(DeployArtifacts.read("k8s/deployment.yaml"));
    private static final JsonNode SERVICE = DeployArtifacts.yaml(DeployArtifacts.read("k8s/service.yaml"));
    private static final JsonNode POD = DEPLOYMENT.path("spec").path("template").path("spec");
    private static final JsonNode CONTAINER = POD.path("containers").get(0);
    private static final String SIGIL_YAML = CONFIG_MAP.path("data").path("sigil.yaml").asText();

    @Test
    void kustomizationListsExistingFilesAndRetagsTheDeploymentImage() {
        JsonNode k = DeployArtifacts.yaml(DeployArtifacts.read("k8s/kustomization.yaml"));

        assertThat(k.path("resources")).isNotEmpty().allSatisfy(r ->
                assertThat(DeployArtifacts.moduleDir().resolve("k8s").resolve(r.asText())).isRegularFile());
        assertThat(k.path("images").get(0).path("name").asText()).isEqualTo(CONTAINER.path("image").asText());
    }

    @Test
    void runsAsTheImageUser() {
        JsonNode sc = POD.path("securityContext");

        assertThat(sc.path("runAsUser").asInt()).isEqualTo(ContainerImageTest.imageUid());
        assertThat(sc.path("fsGroup").asInt()).isEqualTo(ContainerImageTest.imageUid());
        assertThat(sc.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(CONTAINER.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    }

    @Test
    void serviceLinksAreOffBecauseTheServiceIsNamedSigil() {
        // The Service "sigil" would inject SIGIL_SERVICE_HOST etc., which the server refuses as unknown keys.
        assertThat(SERVICE.path("metadata").path("name").asText()).isEqualTo("sigil");
        assertThat(POD.path("enableServiceLinks").asBoolean(true)).isFalse();
    }

    @Test
    void readsTheConfigMapThroughConfigOption() {
        List<String> args = listOf(CONTAINER.path("args"));
        String configPath = args.get(args.indexOf("--config") + 1);
        String mountPath = mountPath(volumeOf("configMap", CONFIG_MAP.path("metadata").path("name").asText()));

        assertThat(configPath).isEqualTo(mountPath + "/sigil.yaml");
        assertThat(SIGIL_YAML).isNotBlank();
    }

    @Test
    void dataDirIsOnThePersistentVolume() {
        String dataDir = DeployArtifacts.configSettings(SIGIL_YAML).get(ConfigKeys.DATA_DIR);
        JsonNode pvc = DeployArtifacts.yaml(DeployArtifacts.read("k8s/pvc.yaml"));

        assertThat(dataDir).isEqualTo(ContainerImageTest.imageDataDir());
        assertThat(mountPath(volumeOf("persistentVolumeClaim", pvc.path("metadata").path("name").asText())))
                .isEqualTo(dataDir);
    }

    @Test
    void secretsComeFromTheSecretNotTheConfigMap() {
        Map<String, String> fromSecret = new HashMap<>();
        CONTAINER.path("env").forEach(e -> fromSecret.put(e.path("name").asText(),
                e.path("valueFrom").path("secretKeyRef").path("name").asText()));

        assertThat(fromSecret).containsEntry("SIGIL_DB_PASSWORD", "sigil-secrets")
                .containsEntry("SIGIL_KEY_PASSPHRASE", "sigil-secrets");
        assertThat(DeployArtifacts.configSettings(SIGIL_YAML))
                .doesNotContainKeys(ConfigKeys.DB_PASSWORD, ConfigKeys.KEY_PASSPHRASE)
                .containsKeys(ConfigKeys.DB_URL, ConfigKeys.SERVER_PUBLIC_URL);
    }

    @Test
    void containerPortsAreTheListenerPortsTheServerOpens() {
        Set<Integer> ports = new TreeSet<>(namedPorts().values());

        assertThat(ports).isEqualTo(DeployArtifacts.listenerPorts(settings()));
    }

    @Test
    void probesUseTheObservePort() {
        int observe = DeployArtifacts.port(ConfigKeys.SERVER_OBSERVE_PORT, settings());
        JsonNode readiness = CONTAINER.path("readinessProbe").path("httpGet");

        assertThat(readiness.path("path").asText()).isEqualTo("/health");
        assertThat(namedPorts().get(readiness.path("port").asText())).isEqualTo(observe);
        assertThat(namedPorts().get(CONTAINER.path("livenessProbe").path("tcpSocket").path("port").asText()))
                .isEqualTo(observe);
    }

    @Test
    void serviceTargetsDeclaredContainerPorts() {
        JsonNode ports = SERVICE.path("spec").path("ports");

        assertThat(ports).hasSize(3).allSatisfy(p -> {
            assertThat(namedPorts()).containsKey(p.path("targetPort").asText());
            assertThat(p.path("port").asInt()).isEqualTo(namedPorts().get(p.path("targetPort").asText()));
        });
        assertThat(SERVICE.path("spec").path("selector").toString())
                .isEqualTo(DEPLOYMENT.path("spec").path("selector").path("matchLabels").toString());
    }

    /** Settings the pod runs with: the ConfigMap's YAML overridden by literal env values, as the server reads them. */
    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(DeployArtifacts.configSettings(SIGIL_YAML));
        Map<String, String> env = new LinkedHashMap<>();
        CONTAINER.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        settings.putAll(DeployArtifacts.envSettings(env));
        return settings;
    }

    private static Map<String, Integer> namedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        CONTAINER.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    /** The name of the pod volume of a kind ({@code configMap}, {@code persistentVolumeClaim}) backed by {@code source}. */
    private static String volumeOf(String kind, String source) {
        String field = kind.equals("configMap") ? "name" : "claimName";
        for (JsonNode v : POD.path("volumes")) {
            if (source.equals(v.path(kind).path(field).asText())) {
                return v.path("name").asText();
            }
        }
        throw new AssertionError("no " + kind + " volume for " + source);
    }

    private static String mountPath(String volume) {
        for (JsonNode m : CONTAINER.path("volumeMounts")) {
            if (volume.equals(m.path("name").asText())) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume + " is not mounted");
    }

    private static List<String> listOf(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
