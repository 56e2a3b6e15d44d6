package dev.sigil.service.ca.x509;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.storage.testing.fuzz.FuzzLoop;
import dev.sigil.storage.testing.fuzz.Mutator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the issuance path's CSR decoder ({@link CsrParser}, which both the admin API and ACME finalize go through)
 * with mutated DER and PEM: it either parses or refuses with one of the documented kinds (bad-csr, malformed,
 * policy); never another exception, never a hang. See docs/FUZZING.md.
 */
class CsrParserFuzzTest {

    private static final Set<ErrorKind> DOCUMENTED = Set.of(ErrorKind.BAD_CSR, ErrorKind.MALFORMED, ErrorKind.POLICY);
    private static final List<byte[]> SEEDS = new ArrayList<>();
    private static final List<String> PEM_SEEDS = new ArrayList<>();

    /** One fuzz input: DER bytes, or PEM text. */
    record CsrInput(byte[] der, String pem) {
        String describe() {
            return der != null ? "DER " + FuzzLoop.hex(der) : "PEM \"" + FuzzLoop.escape(pem) + "\"";
        }
    }

    @BeforeAll
    static void seeds() throws Exception {
        SEEDS.add(TestCsrs.der(KeyType.EC_P256.generate(), "CN=www.example.com", "www.example.com", "ip:192.0.2.7"));
        SEEDS.add(TestCsrs.der(KeyType.EC_P384.generate(), "CN=a.example.com,O=Example,C=DE", "a.example.com",
                "ip:2001:db8::1"));
        SEEDS.add(TestCsrs.der(KeyType.RSA_2048.generate(), "CN=rsa.example.com", "rsa.example.com", "b.example.com"));
        SEEDS.add(TestCsrs.der(KeyType.ED25519.generate(), "CN=ed.example.com"));
        SEEDS.add(TestCsrs.der(KeyType.EC_P256.generate(), "CN=mail", "email:a@example.com", "x.example.com"));
        for (byte[] der : SEEDS) {
            PEM_SEEDS.add(Pem.encode("CERTIFICATE REQUEST", der));
        }
    }

    @Test
    void seedsParse() {
        for (byte[] der : SEEDS.subList(0, 3)) {
            assertThat(CsrParser.parseDer(der).sans()).isNotEmpty();
        }
    }

    @Test
    void mutatedCsrsParseOrAreRefusedWithADocumentedKind() {
        int checked = FuzzLoop.run("csr", 5000, Duration.ofSeconds(5), CsrParserFuzzTest::generate,
                CsrInput::describe, CsrParserFuzzTest::check);
        assertThat(checked).isEqualTo(FuzzLoop.iterations(5000));
    }

    static CsrInput generate(Mutator m) {
        return switch (m.nextInt(4)) {
            case 0, 1 -> new CsrInput(m.mutateBytes(m.pick(SEEDS), SEEDS), null);
            case 2 -> new CsrInput(null, m.mutateText(m.pick(PEM_SEEDS), PEM_SEEDS));
            default -> { // valid PEM armour around damaged DER, or damaged base64 inside intact armour
                if (m.chance(50)) {
                    yield new CsrInput(null, Pem.encode("CERTIFICATE REQUEST", m.mutateBytes(m.pick(SEEDS), SEEDS)));
                }
                String pem = m.pick(PEM_SEEDS);
                int begin = pem.indexOf('\n') + 1;
                int end = pem.indexOf("-----END");
                yield new CsrInput(null, pem.substring(0, begin) + m.damageBase64(pem.substring(begin, end))
                        + pem.substring(end));
            }
        };
    }

    static void check(CsrInput input) {
        try {
            ParsedCsr parsed = input.der() != null ? CsrParser.parseDer(input.der()) : CsrParser.parsePem(input.pem());
            assertThat(parsed.publicKey()).isNotNull();
        } catch (SigilException e) {
            assertThat(e.kind()).as(e.getMessage()).isIn(DOCUMENTED);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
