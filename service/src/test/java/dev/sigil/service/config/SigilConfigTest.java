package dev.sigil.service.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigilConfigTest {

    @Test
    void environmentVariablesMapToKeys() {
        assertThat(ConfigKeys.keyForEnv("SIGIL_DB_URL")).contains("sigil.db.url");
        assertThat(ConfigKeys.keyForEnv("SIGIL_KEY_PASSPHRASE_FILE")).contains("sigil.key.passphrase-file");
        assertThat(ConfigKeys.keyForEnv("SIGIL_SERVER_HTTPS_PORT")).contains("sigil.server.https-port");
        assertThat(ConfigKeys.keyForEnv("SIGIL_PROFILES_SERVER_MAX_LIFETIME")).contains("sigil.profiles.server.max-lifetime");
        assertThat(ConfigKeys.keyForEnv("SIGIL_NO_SUCH_THING")).isEmpty();
        assertThat(ConfigKeys.envName("sigil.server.public-url")).isEqualTo("SIGIL_SERVER_PUBLIC_URL");
    }

    @Test
    void everyKeyRoundTripsThroughItsEnvironmentName() {
        for (ConfigKeys.Key key : ConfigKeys.all()) {
            String concrete = key.name().replace("*", "server");
            assertThat(ConfigKeys.keyForEnv(ConfigKeys.envName(concrete))).as(key.name()).contains(concrete);
        }
    }

    @Test
    void yamlFileIsOverriddenByEnvironment(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("sigil.yaml");
        Files.writeString(yaml, """
                sigil:
                  server:
                    https-port: 9443
                    hostnames: [ca.example.internal, 10.0.0.5]
                  profiles:
                    server:
                      max-lifetime: 30d
                """);
        SigilConfig c = SigilConfig.load(Optional.of(yaml), Map.of("SIGIL_SERVER_HTTPS_PORT", "10443"), Map.of());
        assertThat(c.integer(ConfigKeys.SERVER_HTTPS_PORT, 8443)).isEqualTo(10443);
        assertThat(c.list(ConfigKeys.SERVER_HOSTNAMES)).contains(List.of("ca.example.internal", "10.0.0.5"));
        SigilConfig envList = SigilConfig.load(Optional.of(yaml), Map.of("SIGIL_SERVER_HOSTNAMES", "a.internal,b.internal",
                "SIGIL_DEBUG", "1"), Map.of());
        assertThat(envList.list(ConfigKeys.SERVER_HOSTNAMES)).contains(List.of("a.internal", "b.internal"));
        assertThat(c.duration("sigil.profiles.server.max-lifetime", Duration.ZERO)).isEqualTo(Duration.ofDays(30));
        assertThat(c.profileNames()).containsExactly("server");
    }

    @Test
    void unknownKeysAreAStartupErrorNamingThem(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("sigil.yaml");
        Files.writeString(yaml, "sigil:\n  server:\n    htps-port: 1\n");
        assertThatThrownBy(() -> SigilConfig.load(Optional.of(yaml), Map.of("SIGIL_DB_URLL", "x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigil.server.htps-port")
                .hasMessageContaining("SIGIL_DB_URLL");
    }

    @Test
    void badValuesNameTheKey() {
        SigilConfig c = SigilConfig.load(Optional.empty(), Map.of("SIGIL_SERVER_HTTP_PORT", "eighty"), Map.of());
        assertThatThrownBy(() -> c.integer(ConfigKeys.SERVER_HTTP_PORT, 8080)).hasMessageContaining("sigil.server.http-port");
    }

    @Test
    void durationsParseShortAndIsoForms() {
        assertThat(Durations.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(Durations.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.parse("PT30M")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.format(Duration.ofDays(397))).isEqualTo("397d");
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("0d")).hasMessageContaining("positive");
    }

    @Test
    void configurationPageListsEveryKey() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "CONFIGURATION.md"));
        for (ConfigKeys.Key key : ConfigKeys.all()) {
            assertThat(doc).as("docs/CONFIGURATION.md lists " + key.name()).contains("`" + key.name() + "`");
        }
    }
}
