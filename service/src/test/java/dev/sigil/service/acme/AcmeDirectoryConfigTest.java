package dev.sigil.service.acme;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.storage.certificate.San;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcmeDirectoryConfigTest {

    private static List<AcmeDirectoryConfig> load(Map<String, String> env, Map<String, String> overrides) {
        SigilConfig config = SigilConfig.load(Optional.empty(), env, overrides);
        return AcmeDirectoryConfig.fromConfig(config, Profiles.fromConfig(config));
    }

    @Test
    void zeroConfigOffersTheDefaultDirectoryWithPrivateCaDefaults() {
        List<AcmeDirectoryConfig> dirs = load(Map.of(), Map.of());
        assertThat(dirs).extracting(AcmeDirectoryConfig::name).containsExactly("default");
        AcmeDirectoryConfig d = dirs.get(0);
        assertThat(d.profile().name()).isEqualTo("server");
        assertThat(d.profile().defaultLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(d.challenges()).containsExactlyInAnyOrder("http-01", "dns-01", "tls-alpn-01");
        assertThat(d.eabRequired()).isFalse();
        assertThat(d.profile().names().refusal(San.dns("web.internal"))).isEmpty();
        assertThat(d.profile().names().refusal(San.dns("www.example.com"))).isPresent();
        assertThat(d.termsOfService()).isEmpty();
    }

    @Test
    void aConfiguredDirectoryNarrowsItsProfile() {
        List<AcmeDirectoryConfig> dirs = load(Map.of("SIGIL_ACME_DIRECTORIES_IOT_EAB_REQUIRED", "true"), Map.of(
                "sigil.acme.directories.iot.profile", "device",
                "sigil.acme.directories.iot.challenges", "dns-01",
                "sigil.acme.directories.iot.lifetime", "90d",
                "sigil.acme.directories.iot.key-types", "EC_P256",
                "sigil.acme.directories.iot.allowed-dns-suffixes", ".devices.internal",
                "sigil.acme.directories.iot.terms-of-service", "https://ca.example.internal/tos"));
        assertThat(dirs).extracting(AcmeDirectoryConfig::name).containsExactly("default", "iot");
        AcmeDirectoryConfig iot = dirs.get(1);
        assertThat(iot.eabRequired()).isTrue();
        assertThat(iot.profile().name()).isEqualTo("device");
        assertThat(iot.profile().extendedKeyUsageNames()).containsExactlyInAnyOrder("serverAuth", "clientAuth");
        assertThat(iot.challenges()).isEqualTo(Set.of("dns-01"));
        assertThat(iot.profile().defaultLifetime()).isEqualTo(Duration.ofDays(90));
        assertThat(iot.profile().keyTypes()).containsExactly(KeyType.EC_P256);
        assertThat(iot.profile().names().refusal(San.dns("meter-7.devices.internal"))).isEmpty();
        assertThat(iot.profile().names().refusal(San.dns("web.internal"))).isPresent();
        assertThat(iot.termsOfService()).map(Object::toString).contains("https://ca.example.internal/tos");
    }

    @Test
    void theDefaultDirectoryCanBeSwitchedOff() {
        assertThat(load(Map.of(), Map.of("sigil.acme.directories.default.enabled", "false"))).isEmpty();
    }

    @Test
    void badSettingsStopTheStartNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("sigil.acme.directories.default.challenges", "http-01,email-reply-00")))
                .hasMessageContaining("sigil.acme.directories.default.challenges");
        assertThatThrownBy(() -> load(Map.of(), Map.of("sigil.acme.directories.default.lifetime", "400d")))
                .hasMessageContaining("sigil.acme.directories.default.lifetime");
        assertThatThrownBy(() -> load(Map.of(), Map.of("sigil.acme.directories.x.profile", "nope")))
                .hasMessageContaining("sigil.acme.directories.x.profile").hasMessageContaining("nope");
        assertThatThrownBy(() -> load(Map.of(), Map.of("sigil.acme.directories.default.eab-required", "yes")))
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> load(Map.of(), Map.of("sigil.acme.directories.default.terms-of-service", "ftp://x")))
                .hasMessageContaining("http(s) URL");
    }
}
