package dev.sigil.service.ca.ocsp;

import dev.sigil.service.testing.TestClock;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.service.ca.x509.CaCertificates;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.certificate.CertificateRepository;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static dev.sigil.service.ca.ocsp.OcspTestBed.START;
import static dev.sigil.service.ca.ocsp.OcspTestBed.basic;
import static dev.sigil.service.ca.ocsp.OcspTestBed.request;
import static dev.sigil.service.ca.ocsp.OcspTestBed.sha1Id;
import static org.assertj.core.api.Assertions.assertThat;

/** The responder against a real (H2) inventory: statuses, CertIDs, nonces, malformed requests and the cache. */
class OcspResponderTest {

    static final Duration VALIDITY = Duration.ofHours(1);
    @TempDir
    static Path dir;
    static OcspTestBed bed;

    TestClock clock;
    OcspSigners signers;
    OcspResponder responder;
    X509Certificate intermediateCert;

    @BeforeAll
    static void open() {
        bed = new OcspTestBed(dir);
    }

    @AfterAll
    static void close() {
        bed.close();
    }

    @BeforeEach
    void responder() {
        clock = new TestClock(START);
        signers = OcspSigners.issue(bed.registry, bed.issuance, Duration.ofDays(7), START);
        responder = new OcspResponder(bed.registry, signers, bed.db.certificates(), VALIDITY, clock);
        intermediateCert = bed.intermediate.certificate();
    }

    SingleResp only(OcspAnswer answer) throws Exception {
        SingleResp[] responses = basic(answer).getResponses();
        assertThat(responses).hasSize(1);
        return responses[0];
    }

    @Test
    void goodIsSignedByTheIssuersDelegatedResponderWithThisAndNextUpdate() throws Exception {
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        clock.advance(Duration.ofMillis(1500)); // answers carry whole seconds
        OcspAnswer answer = responder.respond(request(Optional.empty(), sha1Id(intermediateCert, leaf.getSerialNumber())));

        BasicOCSPResp basic = basic(answer);
        SingleResp single = only(answer);
        assertThat(single.getCertStatus()).isSameAs(CertificateStatus.GOOD);
        assertThat(single.getCertID().getSerialNumber()).isEqualTo(leaf.getSerialNumber());
        Instant now = START.plusSeconds(1);
        assertThat(single.getThisUpdate()).isEqualTo(Date.from(now));
        assertThat(single.getNextUpdate()).isEqualTo(Date.from(now.plus(VALIDITY)));
        assertThat(basic.getProducedAt()).isEqualTo(Date.from(now));
        assertThat(answer.thisUpdate()).contains(now);

        X509CertificateHolder responderCert = signers.forIssuer(bed.intermediate.id()).orElseThrow().certificate();
        assertThat(basic.getCerts()).containsExactly(responderCert);
        assertThat(basic.getSignatureAlgOID().getId()).isEqualTo("1.2.840.10045.4.3.2"); // ecdsa-with-SHA256
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider("BC").build(responderCert))).isTrue();
        assertThat(basic.getResponderId()).isEqualTo(signers.forIssuer(bed.intermediate.id()).orElseThrow().responderId());
        assertThat(basic.getResponderId().toASN1Primitive().getKeyHash()).isNotNull();
    }

    @Test
    void revokedCarriesTimeAndReasonAndUnspecifiedOmitsTheReason() throws Exception {
        X509Certificate compromised = bed.issueLeaf(START, Duration.ofDays(30));
        X509Certificate plain = bed.issueLeaf(START, Duration.ofDays(30));
        Instant revokedAt = START.plusMillis(2_700);
        bed.revoke(compromised, RevocationReason.KEY_COMPROMISE.code(), revokedAt);
        bed.revoke(plain, RevocationReason.UNSPECIFIED.code(), revokedAt);

        RevokedStatus r = (RevokedStatus) only(responder.respond(request(Optional.empty(),
                sha1Id(intermediateCert, compromised.getSerialNumber())))).getCertStatus();
        assertThat(r.getRevocationTime()).isEqualTo(Date.from(START.plusSeconds(2)));
        assertThat(r.hasRevocationReason()).isTrue();
        assertThat(r.getRevocationReason()).isEqualTo(RevocationReason.KEY_COMPROMISE.code());

        RevokedStatus u = (RevokedStatus) only(responder.respond(request(Optional.empty(),
                sha1Id(intermediateCert, plain.getSerialNumber())))).getCertStatus();
        assertThat(u.hasRevocationReason()).isFalse();
    }

    @Test
    void serialNotInTheInventoryIsUnknown() throws Exception {
        SingleResp r = only(responder.respond(request(Optional.empty(), sha1Id(intermediateCert, BigInteger.valueOf(0x1234)))));
        assertThat(r.getCertStatus()).isInstanceOf(UnknownStatus.class);
    }

    @Test
    void issuerWithoutResponderIsUnknownEvenForAnExistingSerial() throws Exception {
        // The intermediate itself, asked about under the root (no responder for the root), and a foreign CA.
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        var foreignKeys = KeyType.EC_P256.generate();
        X509Certificate foreign = Pem.parseCertificate(CaCertificates.selfSignedRoot(foreignKeys, KeyType.EC_P256,
                CaCertificates.name("Other Root", Optional.empty()), START.minusSeconds(60), START.plus(Duration.ofDays(9))));
        OcspAnswer answer = responder.respond(request(Optional.empty(),
                sha1Id(bed.root.certificate(), intermediateCert.getSerialNumber()),
                sha1Id(foreign, leaf.getSerialNumber())));
        SingleResp[] responses = basic(answer).getResponses();
        assertThat(responses).hasSize(2);
        assertThat(responses).allSatisfy(s -> assertThat(s.getCertStatus()).isInstanceOf(UnknownStatus.class));
    }

    @Test
    void oneResponseAnswersSeveralCertificatesOfTheIssuerInRequestOrder() throws Exception {
        X509Certificate a = bed.issueLeaf(START, Duration.ofDays(30));
        X509Certificate b = bed.issueLeaf(START, Duration.ofDays(30));
        bed.revoke(b, RevocationReason.SUPERSEDED.code(), START);
        SingleResp[] responses = basic(responder.respond(request(Optional.empty(),
                sha1Id(intermediateCert, a.getSerialNumber()), sha1Id(intermediateCert, b.getSerialNumber())))).getResponses();
        assertThat(responses).extracting(s -> s.getCertID().getSerialNumber())
                .containsExactly(a.getSerialNumber(), b.getSerialNumber());
        assertThat(responses[0].getCertStatus()).isSameAs(CertificateStatus.GOOD);
        assertThat(responses[1].getCertStatus()).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void sha256CertIdIsMatchedAndEchoed() throws Exception {
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        SingleResp r = only(responder.respond(request(Optional.empty(),
                OcspTestBed.certId(intermediateCert, leaf.getSerialNumber(), NISTObjectIdentifiers.id_sha256))));
        assertThat(r.getCertStatus()).isSameAs(CertificateStatus.GOOD);
        assertThat(r.getCertID().getHashAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256);
    }

    @Test
    void expiredCertificateIsStillAnsweredFromTheInventory() throws Exception {
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofHours(1));
        clock.advance(Duration.ofHours(3));
        SingleResp r = only(responder.respond(request(Optional.empty(), sha1Id(intermediateCert, leaf.getSerialNumber()))));
        assertThat(r.getCertStatus()).isSameAs(CertificateStatus.GOOD);
    }

    @Test
    void nonceIsEchoedAndAnOversizedOneIsMalformed() throws Exception {
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        byte[] nonce = new byte[32];
        Arrays.fill(nonce, (byte) 7);
        Extension ext = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(new DEROctetString(nonce)));
        BasicOCSPResp basic = basic(responder.respond(request(Optional.of(new Extensions(ext)),
                sha1Id(intermediateCert, leaf.getSerialNumber()))));
        Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        assertThat(echoed).isNotNull();
        assertThat(echoed.getExtnValue()).isEqualTo(ext.getExtnValue());

        Extension tooLong = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(new DEROctetString(new byte[33])));
        OcspAnswer refused = responder.respond(request(Optional.of(new Extensions(tooLong)),
                sha1Id(intermediateCert, leaf.getSerialNumber())));
        assertThat(new OCSPResp(refused.der()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    @Test
    void garbageEmptyAndOversizedRequestsAreMalformedRequestNotExceptions() throws Exception {
        for (byte[] bad : List.of(new byte[0], "not der".getBytes(), new byte[]{0x30, 0x03, 0x02, 0x01})) {
            OcspAnswer a = responder.respond(bad);
            assertThat(new OCSPResp(a.der()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
            assertThat(new OCSPResp(a.der()).getResponseObject()).isNull();
            assertThat(a.successful()).isFalse();
        }
        var ids = new org.bouncycastle.cert.ocsp.CertificateID[ParsedRequest.MAX_QUERIES + 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = sha1Id(intermediateCert, BigInteger.valueOf(i + 1));
        }
        assertThat(new OCSPResp(responder.respond(request(Optional.empty(), ids)).der()).getStatus())
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(new OCSPResp(responder.respond(request(Optional.empty(),
                Arrays.copyOf(ids, ParsedRequest.MAX_QUERIES))).der()).getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    }

    @Test
    void sameRequestReusesTheSignatureUntilTheCacheAgeThenSignsAgain() throws Exception {
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        byte[] req = request(Optional.empty(), sha1Id(intermediateCert, leaf.getSerialNumber()));
        OcspAnswer first = responder.respond(req);
        clock.advance(Duration.ofMinutes(4));
        OcspAnswer second = responder.respond(req);
        assertThat(second.der()).isEqualTo(first.der()); // ECDSA signatures are randomised: equal means reused
        clock.advance(Duration.ofMinutes(1));
        OcspAnswer third = responder.respond(req);
        assertThat(third.der()).isNotEqualTo(first.der());
        assertThat(third.thisUpdate()).contains(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aRevocationIsVisibleInTheVeryNextAnswerDespiteTheCache() throws Exception {
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        byte[] req = request(Optional.empty(), sha1Id(intermediateCert, leaf.getSerialNumber()));
        assertThat(only(responder.respond(req)).getCertStatus()).isSameAs(CertificateStatus.GOOD);
        assertThat(responder.cachedAnswers()).isEqualTo(1);
        bed.revoke(leaf, RevocationReason.KEY_COMPROMISE.code(), START);
        assertThat(only(responder.respond(req)).getCertStatus()).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void requestsWithANonceAreNeverServedFromTheCache() throws Exception {
        X509Certificate leaf = bed.issueLeaf(START, Duration.ofDays(30));
        Extension nonce = new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(new DEROctetString(new byte[16])));
        byte[] req = request(Optional.of(new Extensions(nonce)), sha1Id(intermediateCert, leaf.getSerialNumber()));
        assertThat(responder.respond(req).der()).isNotEqualTo(responder.respond(req).der());
        assertThat(responder.cachedAnswers()).isZero();
    }

    @Test
    void anUnreachableDatabaseIsTryLater() throws Exception {
        CertificateRepository down = (CertificateRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{CertificateRepository.class}, (proxy, method, args) -> {
                    throw new StorageException(StorageException.Kind.UNAVAILABLE, "connection refused");
                });
        OcspResponder r = new OcspResponder(bed.registry, signers, down, VALIDITY, clock);
        OcspAnswer a = r.respond(request(Optional.empty(), sha1Id(intermediateCert, BigInteger.TEN)));
        assertThat(new OCSPResp(a.der()).getStatus()).isEqualTo(OCSPResp.TRY_LATER);
    }

    @Test
    void cacheAgeIsHalfTheValidityCappedAtFiveMinutes() {
        assertThat(OcspResponder.cacheAge(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(5));
        assertThat(OcspResponder.cacheAge(Duration.ofMinutes(4))).isEqualTo(Duration.ofMinutes(2));
    }
}
