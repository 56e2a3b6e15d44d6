package dev.sigil.service.ca.profile;

import dev.sigil.service.config.SigilConfig;
import dev.sigil.storage.certificate.San;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NamePolicyTest {

    private final NamePolicy policy = new NamePolicy(List.of("localhost", ".internal"), List.of(".secret.internal"),
            List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("fc00::/7")), List.of(IpRange.parse("10.66.0.0/16")));

    @Test
    void suffixRulesMatchSubdomainsOnly() {
        assertThat(policy.refusal(San.dns("web.internal"))).isEmpty();
        assertThat(policy.refusal(San.dns("a.b.internal"))).isEmpty();
        assertThat(policy.refusal(San.dns("*.svc.internal"))).isEmpty();
        assertThat(policy.refusal(San.dns("internal"))).get().asString().contains("outside");
        assertThat(policy.refusal(San.dns("evilinternal"))).get().asString().contains("outside");
        assertThat(policy.refusal(San.dns("localhost"))).isEmpty();
        assertThat(policy.refusal(San.dns("www.example.com"))).get().asString().contains("www.example.com");
    }

    @Test
    void denyWinsOverAllow() {
        assertThat(policy.refusal(San.dns("db.secret.internal"))).get().asString().contains("denied");
        assertThat(policy.refusal(San.ip("10.66.1.2"))).get().asString().contains("denied");
        assertThat(policy.refusal(San.ip("10.1.2.3"))).isEmpty();
    }

    @Test
    void ipRangesOfBothFamilies() {
        assertThat(policy.refusal(San.ip("fd00::1"))).isEmpty();
        assertThat(policy.refusal(San.ip("192.168.1.1"))).get().asString().contains("outside");
        assertThat(policy.refusal(San.ip("2001:db8::1"))).get().asString().contains("outside");
        assertThat(IpRange.parse("172.16.0.0/12").contains(dev.sigil.service.ca.x509.IpAddresses.parseLiteral("172.31.255.255"))).isTrue();
        assertThat(IpRange.parse("172.16.0.0/12").contains(dev.sigil.service.ca.x509.IpAddresses.parseLiteral("172.32.0.0"))).isFalse();
    }

    @Test
    void invalidDnsNamesAreRefused() {
        assertThat(policy.refusal(San.dns("bad_name.internal"))).get().asString().contains("not a valid DNS name");
        assertThat(policy.refusal(San.dns("-x.internal"))).get().asString().contains("not a valid DNS name");
        assertThat(policy.refusal(San.dns("a..internal"))).get().asString().contains("not a valid DNS name");
    }

    @Test
    void builtInProfilesHaveTheDocumentedDefaults() {
        Profiles p = Profiles.fromConfig(SigilConfig.load(Optional.empty(), Map.of(), Map.of()));
        assertThat(p.names()).containsExactly("client", "device", "server");
        assertThat(p.get("server").names().allowedDns()).isEqualTo(Profiles.DEFAULT_DNS);
        assertThat(p.get("server").extendedKeyUsageNames()).containsExactly("serverAuth");
        assertThat(p.get("device").extendedKeyUsageNames()).containsExactly("serverAuth", "clientAuth");
        String documented = dev.sigil.service.config.ConfigKeys.lookup("sigil.profiles.server.allowed-dns-suffixes")
                .orElseThrow().defaultValue();
        assertThat(documented).isEqualTo(String.join(",", Profiles.DEFAULT_DNS));
        String documentedIps = dev.sigil.service.config.ConfigKeys.lookup("sigil.profiles.server.allowed-ip-ranges")
                .orElseThrow().defaultValue();
        assertThat(documentedIps).isEqualTo(String.join(",", Profiles.DEFAULT_IPS));
    }

    @Test
    void configuredProfilesOverrideAndAdd() {
        SigilConfig c = SigilConfig.load(Optional.empty(), Map.of(
                "SIGIL_PROFILES_SERVER_ALLOWED_DNS_SUFFIXES", ".corp.example",
                "SIGIL_PROFILES_IOT_MAX_LIFETIME", "10d",
                "SIGIL_PROFILES_IOT_DEFAULT_LIFETIME", "5d",
                "SIGIL_PROFILES_IOT_KEY_TYPES", "ED25519"), Map.of());
        Profiles p = Profiles.fromConfig(c);
        assertThat(p.get("server").names().allowedDns()).containsExactly(".corp.example");
        assertThat(p.get("iot").maxLifetime()).hasDays(10);
        assertThat(p.get("iot").keyTypes()).containsExactly(dev.sigil.service.ca.keys.KeyType.ED25519);
    }
}
