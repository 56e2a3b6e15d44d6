package dev.sigil.service.ca.x509;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.storage.certificate.San;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsrParserTest {

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void parsesEverySupportedKeyType(KeyType type) throws Exception {
        ParsedCsr csr = CsrParser.parsePem(TestCsrs.csr(type, "CN=web.internal", "web.internal", "ip:10.0.0.1", "ip:::1"));
        assertThat(csr.keyType()).contains(type);
        assertThat(csr.commonName()).contains("web.internal");
        assertThat(csr.sans()).containsExactly(San.dns("web.internal"), San.ip("10.0.0.1"), San.ip("::1"));
    }

    @Test
    void badSignatureIsRefused() throws Exception {
        String pem = TestCsrs.withBadSignature(TestCsrs.csr(KeyType.EC_P256, "CN=web.internal", "web.internal"));
        assertThatThrownBy(() -> CsrParser.parsePem(pem))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_CSR))
                .hasMessageContaining("signature");
    }

    @Test
    void garbageIsRefusedWithoutParsingTrouble() {
        assertThatThrownBy(() -> CsrParser.parsePem("hello")).hasMessageContaining("not PEM");
        assertThatThrownBy(() -> CsrParser.parsePem("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----"))
                .hasMessageContaining("not a valid PKCS#10");
        assertThatThrownBy(() -> CsrParser.parsePem("")).hasMessageContaining("no CSR");
    }

    @Test
    void rsa1024IsParsedButUnclassified() throws Exception {
        ParsedCsr csr = CsrParser.parsePem(TestCsrs.csr(TestCsrs.rsa(1024), "CN=old.internal", "old.internal"));
        assertThat(csr.keyType()).isEmpty();
        assertThat(csr.keyDescription()).isEqualTo("RSA 1024 bits");
    }

    @Test
    void emailSansAreRefusedNotDropped() throws Exception {
        String pem = TestCsrs.csr(KeyType.EC_P256, "CN=a.internal", "a.internal", "email:a@b.internal");
        assertThatThrownBy(() -> CsrParser.parsePem(pem)).hasMessageContaining("email SAN");
    }
}
