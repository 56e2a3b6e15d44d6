package dev.sigil.service.ca.issuance;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.x509.CsrParser;
import dev.sigil.service.ca.x509.LeafTemplate;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.testing.TestCa;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.storage.certificate.San;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policy half of issuance: what is refused, and what a granted certificate will say. No database involved. */
class IssuancePolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final IssuerRegistry registry = TestCa.create(KeyType.EC_P256, NOW, Duration.ofDays(200));
    private final Profiles profiles = Profiles.fromConfig(SigilConfig.load(Optional.empty(), Map.of(), Map.of()));
    private final IssuanceService service = new IssuanceService(registry, profiles, null, null, null, null);

    private LeafTemplate prepare(String csr, String profile, Duration ttl) {
        return service.prepare(CsrParser.parsePem(csr), profiles.get(profile), Optional.ofNullable(ttl), registry.issuing(NOW), NOW);
    }

    @Test
    void nameOutsideProfileIsRefusedNamingTheName() throws Exception {
        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=web.internal", "web.internal", "www.example.com");
        assertThatThrownBy(() -> prepare(csr, "server", null))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.POLICY))
                .hasMessageContaining("www.example.com");
    }

    @Test
    void cnOutsidePolicyIsRefusedEvenWithoutSans() throws Exception {
        assertThatThrownBy(() -> prepare(TestCsrs.csr(KeyType.EC_P256, "CN=bank.example.com"), "server", null))
                .hasMessageContaining("bank.example.com");
    }

    @Test
    void rsa1024IsRefusedNamingTheKey() throws Exception {
        String csr = TestCsrs.csr(TestCsrs.rsa(1024), "CN=old.internal", "old.internal");
        assertThatThrownBy(() -> prepare(csr, "server", null))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.POLICY))
                .hasMessageContaining("RSA 1024 bits");
    }

    @Test
    void lifetimeOverMaximumIsRefused() throws Exception {
        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=web.internal", "web.internal");
        assertThatThrownBy(() -> prepare(csr, "server", Duration.ofDays(400)))
                .hasMessageContaining("400d").hasMessageContaining("397d");
    }

    @Test
    void unknownProfileNamesTheOffered() throws Exception {
        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=web.internal", "web.internal");
        assertThatThrownBy(() -> prepare(csr, "nope", null)).hasMessageContaining("client, device, server");
    }

    @Test
    void disallowedSubjectAttributeIsRefused() throws Exception {
        String csr = TestCsrs.csr(KeyType.EC_P256, "CN=web.internal,E=a@b.internal", "web.internal");
        assertThatThrownBy(() -> prepare(csr, "server", null)).hasMessageContaining("subject attribute E");
    }

    @Test
    void grantedServerCertificateIncludesTheCnAsSanAndUsesTheDefaultLifetime() throws Exception {
        LeafTemplate t = prepare(TestCsrs.csr(KeyType.ED25519, "CN=api.internal", "ip:10.1.2.3"), "server", null);
        assertThat(t.sans()).containsExactly(San.dns("api.internal"), San.ip("10.1.2.3"));
        assertThat(t.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(90)));
        assertThat(t.notBefore()).isBefore(NOW);
        assertThat(t.serial().bitLength()).isBetween(100, 128);
        assertThat(t.serial().signum()).isPositive();
    }

    @Test
    void validityIsClippedToTheIssuer() throws Exception {
        // The test intermediate lives 200 days; a 397-day request ends with it.
        LeafTemplate t = prepare(TestCsrs.csr(KeyType.EC_P256, "CN=api.internal"), "server", Duration.ofDays(397));
        assertThat(t.notAfter()).isEqualTo(registry.issuing(NOW).record().notAfter());
    }

    @Test
    void clientProfileAcceptsAnIdentityCnWithoutSans() throws Exception {
        LeafTemplate t = prepare(TestCsrs.csr(KeyType.EC_P256, "CN=alice"), "client", null);
        assertThat(t.sans()).isEmpty();
        assertThat(t.extendedKeyUsage()).hasSize(1);
    }
}
