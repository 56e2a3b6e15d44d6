package dev.sigil.service.ca.crl;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.testing.TestCa;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written CRL encoding against Bouncy Castle's X509v2CRLBuilder, byte for byte. */
class CrlEncoderTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final SigningIssuer ISSUER = TestCa.create(KeyType.EC_P256, NOW, Duration.ofDays(100)).find("int-test").orElseThrow();

    record Entry(BigInteger serial, Instant revokedAt, int reason, Instant invalidity) {
    }

    static List<Entry> entries() {
        Random r = new Random(42);
        return List.of(
                new Entry(BigInteger.ONE, NOW.minusSeconds(5), 0, null),
                new Entry(new BigInteger(1, new byte[]{(byte) 0x80}), NOW.minusSeconds(7), 1, NOW.minusSeconds(3600)),
                new Entry(new BigInteger(159, r), NOW.minusSeconds(9), 4, null),
                new Entry(new BigInteger(128, r), NOW.minusSeconds(11), 0, NOW.minus(Duration.ofDays(2))),
                new Entry(new BigInteger(160, r).setBit(159), Instant.parse("2051-03-04T05:06:07Z"), 10,
                        Instant.parse("2049-12-31T23:59:59Z")),
                new Entry(new BigInteger(64, r), Instant.parse("1999-12-31T23:59:59Z"), 5, null));
    }

    static List<Extension> extensions() throws Exception {
        return List.of(new Extension(Extension.authorityKeyIdentifier, false, ISSUER.authorityKeyIdForChildren().getEncoded()),
                new Extension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(77)).getEncoded()));
    }

    @Test
    void theTbsCertListIsExactlyWhatBouncyCastleEncodes() throws Exception {
        CrlEncoder ours = new CrlEncoder(10);
        X509v2CRLBuilder theirs = new X509v2CRLBuilder(ISSUER.subject(), Date.from(NOW));
        theirs.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(1))));
        for (Entry e : entries()) {
            ours.add(e.serial(), e.revokedAt(), e.reason(), e.invalidity());
            ExtensionsGenerator g = new ExtensionsGenerator();
            if (e.reason() != 0) {
                g.addExtension(Extension.reasonCode, false, CRLReason.lookup(e.reason()));
            }
            if (e.invalidity() != null) {
                g.addExtension(Extension.invalidityDate, false, new ASN1GeneralizedTime(Date.from(e.invalidity())));
            }
            theirs.addCRLEntry(e.serial(), Date.from(e.revokedAt()), g.isEmpty() ? null : g.generate());
        }
        for (Extension x : extensions()) {
            theirs.addExtension(x);
        }

        X509CRLHolder mine = new X509CRLHolder(ours.sign(ISSUER.subject(), NOW, NOW.plus(Duration.ofDays(1)), extensions(),
                ISSUER.signer()));
        X509CRLHolder reference = theirs.build(ISSUER.signer());

        assertThat(mine.toASN1Structure().getTBSCertList().getEncoded(ASN1Encoding.DER))
                .isEqualTo(reference.toASN1Structure().getTBSCertList().getEncoded(ASN1Encoding.DER));
        assertThat(mine.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ISSUER.certificate()))).isTrue();
        assertThat(ours.count()).isEqualTo(entries().size());
    }

    @Test
    void anEmptyCrlHasNoRevokedCertificatesFieldLikeBouncyCastles() throws Exception {
        X509v2CRLBuilder theirs = new X509v2CRLBuilder(ISSUER.subject(), Date.from(NOW));
        theirs.setNextUpdate(Date.from(NOW.plus(Duration.ofHours(1))));
        for (Extension x : extensions()) {
            theirs.addExtension(x);
        }
        X509CRLHolder mine = new X509CRLHolder(new CrlEncoder(0).sign(ISSUER.subject(), NOW, NOW.plus(Duration.ofHours(1)),
                extensions(), ISSUER.signer()));

        assertThat(mine.toASN1Structure().getTBSCertList().getEncoded(ASN1Encoding.DER))
                .isEqualTo(theirs.build(ISSUER.signer()).toASN1Structure().getTBSCertList().getEncoded(ASN1Encoding.DER));
    }

    @Test
    void lengthHeadersUseTheShortestDefiniteForm() {
        assertThat(CrlEncoder.header(0x30, 0x7f)).containsExactly(0x30, 0x7f);
        assertThat(CrlEncoder.header(0x30, 0x80)).containsExactly(0x30, 0x81, 0x80);
        assertThat(CrlEncoder.header(0x30, 0x1_0000)).containsExactly(0x30, 0x83, 0x01, 0x00, 0x00);
        assertThat(CrlEncoder.header(0x30, 40_000_000L)).containsExactly(0x30, 0x84, 0x02, 0x62, 0x5a, 0x00);
    }
}
