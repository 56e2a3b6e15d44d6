package dev.sigil.service.ca.crl;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestCa;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.crl.CrlStore;
import dev.sigil.storage.crl.PublishedCrl;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CRL generation and numbering against a real (H2) inventory, with a clock moved by hand. */
class CrlPublisherTest {

    static final Instant START = Instant.parse("2026-05-04T08:00:00Z");
    static final CrlSettings SETTINGS = new CrlSettings(Duration.ofDays(1), Duration.ofHours(1), Duration.ofSeconds(5),
            Duration.ofDays(7));

    @TempDir
    Path dir;
    Database db;
    IssuerRegistry registry;
    SigningIssuer issuer;
    TestClock clock = new TestClock(START);
    int serial = 0x1000;

    @BeforeEach
    void open() {
        db = Database.open(DatabaseSettings.embedded(dir));
        registry = TestCa.create(KeyType.EC_P256, START, Duration.ofDays(400));
        for (SigningIssuer i : List.of(registry.find("root-test").orElseThrow(), registry.find("int-test").orElseThrow())) {
            db.ledger().addIssuer(i.record(), AuditEvent.success(START, "test", "ca.create", i.id(), ""));
        }
        issuer = registry.find("int-test").orElseThrow();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private CrlPublisher publisher(CrlStore store) {
        return new CrlPublisher(db.certificates(), store, TestCa.URLS, SETTINGS, new SigilMetrics(), "node-t", clock);
    }

    /** Records a certificate expiring at {@code notAfter} and revokes it now with {@code reason}. */
    private String revoked(Instant notAfter, int reason, Optional<Instant> invalidity) {
        String s = Integer.toHexString(serial++);
        db.ledger().recordIssuance(new CertificateRecord(issuer.id(), s, "CN=x", List.of(San.dns("x.test")), "EC_P256",
                notAfter.minus(Duration.ofDays(30)), notAfter, CertificateStatus.VALID, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "server", new byte[]{1}, clock.instant(), "test"),
                AuditEvent.success(clock.instant(), "test", "certificate.issue", s, ""));
        db.ledger().revoke(new RevocationRecord(issuer.id(), s, clock.instant(), reason, invalidity, "test"),
                AuditEvent.success(clock.instant(), "test", "certificate.revoke", s, ""));
        return s;
    }

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    private byte[] der(PublishedCrl crl) {
        return db.crls().read(crl.issuerId(), crl.number()).orElseThrow();
    }

    @Test
    void aCrlListsEveryRevocationWithReasonAndInvalidityDateAndIsSignedByTheIssuer() throws Exception {
        Instant compromised = START.minus(Duration.ofHours(3));
        String keyCompromise = revoked(START.plus(Duration.ofDays(30)), 1, Optional.of(compromised));
        String unspecified = revoked(START.plus(Duration.ofDays(30)), 0, Optional.empty());
        CrlPublisher publisher = publisher(db.crls());

        PublishedCrl published = publisher.publish(issuer);

        X509CRL crl = parse(der(published));
        crl.verify(issuer.certificate().getPublicKey()); // the JDK's own parser and verifier
        assertThat(crl.getIssuerX500Principal()).isEqualTo(issuer.certificate().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(START);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(START.plus(Duration.ofDays(1)));
        assertThat(crl.getRevokedCertificates()).hasSize(2);
        assertThat(published.entries()).isEqualTo(2);
        X509CRLEntry kc = crl.getRevokedCertificate(new BigInteger(keyCompromise, 16));
        assertThat(kc.getRevocationDate().toInstant()).isEqualTo(START);
        assertThat(ASN1Enumerated.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(
                kc.getExtensionValue(Extension.reasonCode.getId())).getOctets()).intValueExact()).isEqualTo(1);
        assertThat(ASN1GeneralizedTime.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(
                kc.getExtensionValue(Extension.invalidityDate.getId())).getOctets()).getDate().toInstant())
                .isEqualTo(compromised);
        X509CRLEntry plain = crl.getRevokedCertificate(new BigInteger(unspecified, 16));
        assertThat(plain.hasExtensions()).isFalse(); // RFC 5280: no reasonCode for unspecified

        X509CRLHolder holder = new X509CRLHolder(der(published));
        assertThat(CRLNumber.getInstance(holder.getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber())
                .isEqualTo(BigInteger.valueOf(published.number()));
        Extension idp = holder.getExtension(Extension.issuingDistributionPoint);
        assertThat(idp.isCritical()).isTrue();
        IssuingDistributionPoint point = IssuingDistributionPoint.getInstance(idp.getParsedValue());
        assertThat(point.onlyContainsUserCerts()).isTrue();
        assertThat(point.getDistributionPoint().toString()).contains(TestCa.URLS.crl(issuer.id()));
        assertThat(holder.getExtension(Extension.authorityKeyIdentifier)).isNotNull();
    }

    @Test
    void anIssuerWithoutRevocationsGetsACrlWithoutTheListAndTheRootsCrlCoversCaCertificates() throws Exception {
        SigningIssuer root = registry.find("root-test").orElseThrow();
        PublishedCrl published = publisher(db.crls()).publish(root);

        X509CRL crl = parse(der(published));
        crl.verify(root.certificate().getPublicKey());
        assertThat(crl.getRevokedCertificates()).isNull();
        IssuingDistributionPoint point = IssuingDistributionPoint.getInstance(new X509CRLHolder(der(published))
                .getExtension(Extension.issuingDistributionPoint).getParsedValue());
        assertThat(point.onlyContainsCACerts()).isTrue();
        assertThat(point.onlyContainsUserCerts()).isFalse();
    }

    @Test
    void numbersStartAtTheOldTimeBasedNumberThenIncreaseByOneAcrossRestarts() {
        PublishedCrl first = publisher(db.crls()).publish(issuer);
        assertThat(first.number()).isEqualTo(START.toEpochMilli());
        clock.advance(Duration.ofMinutes(1));
        PublishedCrl second = publisher(db.crls()).publish(issuer);
        db.close();
        db = Database.open(DatabaseSettings.embedded(dir)); // a restart: only the database remembers
        clock.advance(Duration.ofMinutes(1));
        PublishedCrl third = publisher(db.crls()).publish(issuer);

        assertThat(List.of(first.number(), second.number(), third.number()))
                .containsExactly(first.number(), first.number() + 1, first.number() + 2);
        assertThat(db.crls().latest(issuer.id())).contains(third);
    }

    @Test
    void aFailedStoreConsumesNoNumber() {
        PublishedCrl first = publisher(db.crls()).publish(issuer);
        AtomicBoolean down = new AtomicBoolean(true);
        CrlStore flaky = new CrlStore() {
            @Override
            public Optional<PublishedCrl> latest(String issuerId) {
                return db.crls().latest(issuerId);
            }

            @Override
            public Optional<byte[]> read(String issuerId, long number) {
                return db.crls().read(issuerId, number);
            }

            @Override
            public boolean publish(PublishedCrl crl, byte[] der, int keep) {
                if (down.get()) {
                    throw new StorageException(StorageException.Kind.UNAVAILABLE, "database down (test)");
                }
                return db.crls().publish(crl, der, keep);
            }
        };
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> publisher(flaky).publish(issuer)).isInstanceOf(StorageException.class);
        assertThat(db.crls().latest(issuer.id())).contains(first);

        down.set(false);
        PublishedCrl next = publisher(flaky).publish(issuer);
        assertThat(next.number()).isEqualTo(first.number() + 1);
    }

    @Test
    void expiredCertificatesLeaveTheCrlAfterTheRetention() throws Exception {
        String current = revoked(START.plus(Duration.ofDays(30)), 1, Optional.empty());
        String expiredRecently = revoked(START.minus(Duration.ofDays(6)), 1, Optional.empty());
        String expiredLongAgo = revoked(START.minus(Duration.ofDays(8)), 1, Optional.empty());

        X509CRL crl = parse(der(publisher(db.crls()).publish(issuer)));

        assertThat(crl.getRevokedCertificates()).extracting(e -> e.getSerialNumber().toString(16))
                .containsExactlyInAnyOrder(current, expiredRecently)
                .doesNotContain(expiredLongAgo);
        assertThat(db.certificates().find(issuer.id(), expiredLongAgo).orElseThrow().status())
                .isEqualTo(CertificateStatus.REVOKED); // the inventory keeps it
    }

    @Test
    void dueWhenMissingWhenAPeriodOldOrWhenARevocationMayBeMissing() {
        CrlPublisher publisher = publisher(db.crls());
        assertThat(publisher.due(issuer.id())).isTrue();
        publisher.publish(issuer);
        assertThat(publisher.due(issuer.id())).isFalse();

        clock.advance(Duration.ofMinutes(10));
        revoked(START.plus(Duration.ofDays(30)), 1, Optional.empty());
        assertThat(publisher.due(issuer.id())).as("a revocation newer than the CRL").isTrue();
        publisher.publish(issuer);
        assertThat(publisher.due(issuer.id())).as("a CRL begun right after a revocation may have missed its commit")
                .isTrue();
        clock.advance(CrlPublisher.COMMIT_MARGIN.plusSeconds(1));
        publisher.publish(issuer);
        assertThat(publisher.due(issuer.id())).isFalse();

        clock.advance(SETTINGS.period());
        assertThat(publisher.due(issuer.id())).as("a period old").isTrue();
    }

    @Test
    void settingsRefuseAPeriodThatLeavesNoOverlap() {
        assertThatThrownBy(() -> new CrlSettings(Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(5), Duration.ZERO))
                .hasMessageContaining("sigil.crl.period");
    }
}
