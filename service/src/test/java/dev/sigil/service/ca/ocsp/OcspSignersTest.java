package dev.sigil.service.ca.ocsp;

import dev.sigil.service.testing.TestClock;
import dev.sigil.service.ca.x509.LeafSigner;
import dev.sigil.service.ca.x509.LeafTemplate;
import dev.sigil.service.ca.x509.SerialNumbers;
import dev.sigil.service.testing.TestCa;
import dev.sigil.storage.certificate.CertificateRecord;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.sigil.service.ca.ocsp.OcspTestBed.START;
import static dev.sigil.service.ca.ocsp.OcspTestBed.basic;
import static dev.sigil.service.ca.ocsp.OcspTestBed.request;
import static dev.sigil.service.ca.ocsp.OcspTestBed.sha1Id;
import static org.assertj.core.api.Assertions.assertThat;

/** The delegated responder certificates: what they say, that they are in the inventory, and their renewal. */
class OcspSignersTest {

    static final Duration SIGNER_VALIDITY = Duration.ofDays(7);
    @TempDir
    static Path dir;
    static OcspTestBed bed;

    @BeforeAll
    static void open() {
        bed = new OcspTestBed(dir);
    }

    @AfterAll
    static void close() {
        bed.close();
    }

    @Test
    void eachIntermediateGetsAnOcspSigningCertificateRecordedInTheInventory() throws Exception {
        OcspSigners signers = OcspSigners.issue(bed.registry, bed.issuance, SIGNER_VALIDITY, START);
        assertThat(signers.forIssuer(bed.root.id())).isEmpty();
        X509CertificateHolder cert = signers.forIssuer(bed.intermediate.id()).orElseThrow().certificate();

        assertThat(cert.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider("BC")
                .build(bed.intermediate.certificate().getPublicKey()))).isTrue();
        assertThat(cert.getIssuer().toString()).isEqualTo(bed.intermediate.subject().toString());
        assertThat(ExtendedKeyUsage.fromExtensions(cert.getExtensions()).getUsages())
                .containsExactly(KeyPurposeId.id_kp_OCSPSigning);
        assertThat(cert.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(KeyUsage.fromExtensions(cert.getExtensions()).hasUsages(KeyUsage.digitalSignature)).isTrue();
        assertThat(KeyUsage.fromExtensions(cert.getExtensions()).hasUsages(KeyUsage.keyCertSign)).isFalse();
        Extension nocheck = cert.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck);
        assertThat(nocheck).isNotNull();
        assertThat(nocheck.isCritical()).isFalse();
        assertThat(ASN1Primitive.fromByteArray(nocheck.getExtnValue().getOctets())).isEqualTo(DERNull.INSTANCE);
        assertThat(cert.getExtension(Extension.cRLDistributionPoints)).isNull();
        assertThat(cert.getExtension(Extension.authorityInfoAccess)).isNull();
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(START.minus(OcspSigners.BACKDATE));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(START.plus(SIGNER_VALIDITY));

        CertificateRecord recorded = bed.db.certificates()
                .find(bed.intermediate.id(), cert.getSerialNumber().toString(16)).orElseThrow();
        assertThat(recorded.profile()).isEqualTo(OcspSigners.PROFILE);
        assertThat(recorded.owner()).contains("sigil");
        assertThat(recorded.requestedBy()).isEqualTo("system");
        assertThat(recorded.der()).isEqualTo(cert.getEncoded());
    }

    @Test
    void renewIfDueKeepsTheSignerBeforeTwoThirdsOfItsLifetimeAndReplacesItAfter() throws Exception {
        TestClock clock = new TestClock(START);
        OcspSigners signers = OcspSigners.issue(bed.registry, bed.issuance, SIGNER_VALIDITY, START);
        OcspResponder responder = new OcspResponder(bed.registry, signers, bed.db.certificates(), Duration.ofHours(1), clock);
        OcspSigner first = signers.forIssuer(bed.intermediate.id()).orElseThrow();
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        byte[] req = request(Optional.empty(), sha1Id(bed.intermediate.certificate(), leaf.getSerialNumber()));
        responder.respond(req); // cached, signed by the first responder

        Instant dueAt = first.renewAt();
        assertThat(dueAt).isEqualTo(first.notBefore().plus(Duration.between(first.notBefore(), first.notAfter())
                .multipliedBy(2).dividedBy(3)));
        assertThat(signers.renewIfDue(dueAt.minusSeconds(1))).isZero();
        assertThat(signers.forIssuer(bed.intermediate.id())).containsSame(first);

        clock.advance(Duration.between(START, dueAt));
        assertThat(signers.renewIfDue(dueAt)).isEqualTo(1);
        OcspSigner second = signers.forIssuer(bed.intermediate.id()).orElseThrow();
        assertThat(second).isNotSameAs(first);
        assertThat(second.certificate().getSerialNumber()).isNotEqualTo(first.certificate().getSerialNumber());
        assertThat(second.notAfter()).isEqualTo(dueAt.plus(SIGNER_VALIDITY));
        assertThat(bed.db.certificates().find(bed.intermediate.id(), second.certificate().getSerialNumber().toString(16)))
                .get().extracting(CertificateRecord::profile).isEqualTo(OcspSigners.PROFILE);

        BasicOCSPResp after = basic(responder.respond(req));
        assertThat(after.getCerts()).containsExactly(second.certificate());
        assertThat(after.getResponderId()).isEqualTo(second.responderId());
        assertThat(signers.renewIfDue(dueAt.plusSeconds(60))).isZero();
    }

    @Test
    void aResponderNeverOutlivesItsIntermediate() {
        Instant nearEnd = bed.intermediate.record().notAfter().minus(Duration.ofDays(2));
        OcspSigners signers = OcspSigners.issue(bed.registry, bed.issuance, SIGNER_VALIDITY, nearEnd);
        OcspSigner s = signers.forIssuer(bed.intermediate.id()).orElseThrow();
        assertThat(s.notAfter()).isEqualTo(bed.intermediate.record().notAfter());
        // Past two thirds, a successor would end at the same instant: nothing is gained by issuing one.
        assertThat(signers.renewIfDue(s.renewAt().plusSeconds(1))).isZero();
        assertThat(signers.renewIfDue(bed.intermediate.record().notAfter())).isZero();
        assertThat(signers.forIssuer(bed.intermediate.id())).isEmpty();
    }

    @Test
    void lintRefusesAnOcspSigningCertificateWithAnotherUsage() {
        var keys = OcspSigner.KEY_TYPE.generate();
        LeafTemplate t = new LeafTemplate(SerialNumbers.next(), new X500Name("CN=mixed"), List.of(),
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()), OcspSigner.KEY_TYPE, START,
                START.plus(Duration.ofDays(1)), List.of(KeyPurposeId.id_kp_OCSPSigning, KeyPurposeId.id_kp_serverAuth));
        assertThat(LeafSigner.lint(t, bed.intermediate)).anyMatch(p -> p.contains("OCSP signing"));
        assertThat(LeafSigner.lint(new LeafTemplate(t.serial(), t.subject(), t.sans(), t.publicKey(), t.keyType(),
                t.notBefore(), t.notAfter(), List.of(KeyPurposeId.id_kp_OCSPSigning)), bed.intermediate)).isEmpty();
    }

    @Test
    void leafCertificatesCarryCaIssuersAndOcspInTheirAia() throws Exception {
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                ASN1Primitive.fromByteArray(org.bouncycastle.asn1.ASN1OctetString.getInstance(
                        leaf.getExtensionValue(Extension.authorityInfoAccess.getId())).getOctets()));
        assertThat(Arrays.stream(aia.getAccessDescriptions()).map(d -> d.getAccessMethod() + " " + d.getAccessLocation().getName()))
                .containsExactly(AccessDescription.id_ad_caIssuers + " " + TestCa.URLS.caIssuers(bed.intermediate.id()),
                        AccessDescription.id_ad_ocsp + " " + TestCa.URLS.ocsp());
        assertThat(TestCa.URLS.ocsp()).isEqualTo("http://ca.test:8080/ocsp");
    }
}
