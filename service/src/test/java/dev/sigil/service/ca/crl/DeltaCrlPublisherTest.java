package dev.sigil.service.ca.crl;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.testing.TestCa;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateRepository;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.crl.PublishedCrl;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
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
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Delta CRLs (RFC 5280 §5.2.4) against a real (H2) inventory, with a clock moved by hand. */
class DeltaCrlPublisherTest {

    static final Instant START = Instant.parse("2026-05-04T08:00:00Z");
    static final CrlSettings SETTINGS = new CrlSettings(Duration.ofDays(1), Duration.ofHours(1), Duration.ofSeconds(5),
            Duration.ofDays(7), true, Duration.ofHours(2), 3);
    /** Past the delta margin: a revocation this long before a full CRL is on it, and not required on its deltas. */
    static final Duration LATER = CrlPublisher.DELTA_MARGIN.plusMinutes(1);

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

    private CrlPublisher publisher(CertificateRepository certificates, CrlSettings settings) {
        return new CrlPublisher(certificates, db.crls(), TestCa.URLS, settings, new SigilMetrics(), "node-t", clock);
    }

    private CrlPublisher publisher() {
        return publisher(db.certificates(), SETTINGS);
    }

    private String issued(Instant notAfter) {
        String s = Integer.toHexString(serial++);
        db.ledger().recordIssuance(new CertificateRecord(issuer.id(), s, "CN=x", List.of(San.dns("x.test")), "EC_P256",
                notAfter.minus(Duration.ofDays(30)), notAfter, CertificateStatus.VALID, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "server", new byte[]{1}, clock.instant(), "test"),
                AuditEvent.success(clock.instant(), "test", "certificate.issue", s, ""));
        return s;
    }

    private void revoke(String s, Instant at, int reason, Optional<Instant> invalidity) {
        db.ledger().revoke(new RevocationRecord(issuer.id(), s, at, reason, invalidity, "test"),
                AuditEvent.success(at, "test", "certificate.revoke", issuer.id() + "/" + s, ""));
    }

    private String revokedNow(int reason) {
        String s = issued(START.plus(Duration.ofDays(30)));
        revoke(s, clock.instant(), reason, Optional.empty());
        return s;
    }

    private byte[] der(PublishedCrl crl) {
        return db.crls().read(crl.issuerId(), crl.number()).orElseThrow();
    }

    private static X509CRL parse(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    private static List<String> serials(byte[] der) throws Exception {
        X509CRL crl = parse(der);
        return crl.getRevokedCertificates() == null ? List.of()
                : crl.getRevokedCertificates().stream().map(e -> e.getSerialNumber().toString(16)).toList();
    }

    @Test
    void aDeltaListsWhatWasRevokedSinceItsBaseUnderTheNextNumberOfTheSameSequence() throws Exception {
        String onBase = revokedNow(1);
        clock.advance(LATER);
        PublishedCrl full = publisher().publish(issuer);
        PublishedCrl firstDelta = db.crls().latestDelta(issuer.id()).orElseThrow();
        assertThat(firstDelta.number()).as("each full CRL is followed by a delta of it").isEqualTo(full.number() + 1);
        assertThat(firstDelta.entries()).isZero();

        clock.advance(Duration.ofMinutes(10));
        Instant compromised = clock.instant().minus(Duration.ofDays(1));
        String keyCompromise = issued(START.plus(Duration.ofDays(30)));
        revoke(keyCompromise, clock.instant(), 1, Optional.of(compromised));
        String superseded = revokedNow(4);
        PublishedCrl delta = publisher().publishAfterRevocation(issuer);

        assertThat(delta.baseNumber()).hasValue(full.number());
        assertThat(delta.number()).isEqualTo(full.number() + 2);
        assertThat(delta.nextUpdate()).isEqualTo(delta.thisUpdate().plus(SETTINGS.deltaValidity()));
        assertThat(db.crls().latest(issuer.id())).as("the full CRL is not republished").contains(full);
        assertThat(db.crls().latestDelta(issuer.id())).contains(delta);

        X509CRL jdk = parse(der(delta));
        jdk.verify(issuer.certificate().getPublicKey());
        assertThat(serials(der(delta))).containsExactlyInAnyOrder(keyCompromise, superseded).doesNotContain(onBase);
        X509CRLEntry kc = jdk.getRevokedCertificate(new BigInteger(keyCompromise, 16));
        assertThat(ASN1Enumerated.getInstance(ASN1OctetString.getInstance(
                kc.getExtensionValue(Extension.reasonCode.getId())).getOctets()).intValueExact()).isEqualTo(1);
        assertThat(ASN1GeneralizedTime.getInstance(ASN1OctetString.getInstance(
                kc.getExtensionValue(Extension.invalidityDate.getId())).getOctets()).getDate().toInstant())
                .isEqualTo(compromised);
        assertThat(jdk.getCriticalExtensionOIDs()).contains(Extension.deltaCRLIndicator.getId(),
                Extension.issuingDistributionPoint.getId());

        X509CRLHolder holder = new X509CRLHolder(der(delta));
        assertThat(holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.certificate()))).isTrue();
        Extension indicator = holder.getExtension(Extension.deltaCRLIndicator);
        assertThat(indicator.isCritical()).isTrue();
        assertThat(CRLNumber.getInstance(indicator.getParsedValue()).getCRLNumber()).isEqualTo(BigInteger.valueOf(full.number()));
        assertThat(CRLNumber.getInstance(holder.getExtension(Extension.cRLNumber).getParsedValue()).getCRLNumber())
                .isEqualTo(BigInteger.valueOf(delta.number()));
        X509CRLHolder base = new X509CRLHolder(der(full));
        assertThat(holder.getExtension(Extension.issuingDistributionPoint))
                .as("the same scope as the base, byte for byte").isEqualTo(base.getExtension(Extension.issuingDistributionPoint));
        assertThat(base.getExtension(Extension.deltaCRLIndicator)).isNull();
        Extension freshest = base.getExtension(Extension.freshestCRL);
        assertThat(freshest.isCritical()).isFalse();
        GeneralNames names = (GeneralNames) CRLDistPoint.getInstance(freshest.getParsedValue()).getDistributionPoints()[0]
                .getDistributionPoint().getName();
        assertThat(names.getNames()[0].getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
        assertThat(names.getNames()[0].getName().toString()).isEqualTo(TestCa.URLS.deltaCrl(issuer.id()));

        PublishedCrl nextFull = publisher().publish(issuer);
        assertThat(nextFull.number()).as("full CRLs continue after the deltas").isEqualTo(delta.number() + 1);
        assertThat(serials(der(nextFull))).containsExactlyInAnyOrder(onBase, keyCompromise, superseded);
    }

    @Test
    void aRevocationCommittedWhileTheBaseWasStreamedIsOnTheDelta() throws Exception {
        revokedNow(1);
        clock.advance(LATER);
        String late = issued(START.plus(Duration.ofDays(30)));
        // Stamped a second before the full CRL begins, committed while the full CRL streams its rows: the stamp is
        // older than the CRL's thisUpdate, yet the row is not in what the CRL streams.
        Instant stamped = clock.instant().minusSeconds(1);
        AtomicBoolean committed = new AtomicBoolean();
        CertificateRepository committingMidStream = (CertificateRepository) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{CertificateRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("forEachRevocation") && args.length == 3) {
                        @SuppressWarnings("unchecked")
                        Consumer<RevocationRecord> consumer = (Consumer<RevocationRecord>) args[2];
                        args = new Object[]{args[0], args[1], (Consumer<RevocationRecord>) r -> {
                            if (committed.compareAndSet(false, true)) {
                                revoke(late, stamped, 1, Optional.empty());
                            }
                            consumer.accept(r);
                        }};
                    }
                    try {
                        return method.invoke(db.certificates(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        PublishedCrl full = publisher(committingMidStream, SETTINGS).publish(issuer);

        assertThat(committed).isTrue();
        assertThat(serials(der(full))).as("the stream did not see the late commit").doesNotContain(late);
        assertThat(db.certificates().find(issuer.id(), late).orElseThrow().status()).isEqualTo(CertificateStatus.REVOKED);
        PublishedCrl delta = db.crls().latestDelta(issuer.id()).orElseThrow();
        assertThat(delta.baseNumber()).hasValue(full.number());
        assertThat(serials(der(delta))).contains(late);

        clock.advance(Duration.ofMinutes(1));
        PublishedCrl later = publisher().publishAfterRevocation(issuer);
        assertThat(later.delta()).isTrue();
        assertThat(serials(der(later))).as("every later delta of the same base lists it too").contains(late);
    }

    @Test
    void aDeltaThatWouldListMoreThanTheMaximumIsAFullCrlInstead() throws Exception {
        PublishedCrl full = publisher().publish(issuer);
        clock.advance(Duration.ofMinutes(10));
        List<String> revoked = List.of(revokedNow(1), revokedNow(1), revokedNow(1));
        PublishedCrl atTheLimit = publisher().publishAfterRevocation(issuer);
        assertThat(atTheLimit.delta()).as("three entries fit a delta of at most three").isTrue();
        assertThat(serials(der(atTheLimit))).containsExactlyInAnyOrderElementsOf(revoked);

        clock.advance(Duration.ofMinutes(1));
        String fourth = revokedNow(1);
        PublishedCrl published = publisher().publishAfterRevocation(issuer);

        assertThat(published.delta()).isFalse();
        assertThat(published.number()).isGreaterThan(atTheLimit.number());
        assertThat(db.crls().latest(issuer.id())).contains(published);
        assertThat(serials(der(published))).containsExactlyInAnyOrder(revoked.get(0), revoked.get(1), revoked.get(2), fourth);
        assertThat(db.crls().latestDelta(issuer.id()).orElseThrow().baseNumber()).hasValue(published.number());
        assertThat(full.number()).isLessThan(published.number());
    }

    @Test
    void aRevocationAfterAPeriodPublishesAFullCrlAndDeltasOffAlwaysPublishFullCrls() throws Exception {
        PublishedCrl full = publisher().publish(issuer);
        clock.advance(SETTINGS.period());
        String s = revokedNow(1);
        PublishedCrl published = publisher().publishAfterRevocation(issuer);
        assertThat(published.delta()).isFalse();
        assertThat(published.number()).isEqualTo(full.number() + 2); // after the first delta of the old full CRL
        assertThat(serials(der(published))).contains(s);

        CrlSettings off = new CrlSettings(SETTINGS.validity(), SETTINGS.period(), SETTINGS.revocationDelay(),
                SETTINGS.retention());
        clock.advance(Duration.ofMinutes(10));
        revokedNow(1);
        PublishedCrl withoutDeltas = publisher(db.certificates(), off).publishAfterRevocation(issuer);
        assertThat(withoutDeltas.delta()).isFalse();
        assertThat(new X509CRLHolder(der(withoutDeltas)).getExtension(Extension.freshestCRL))
                .as("no pointer to deltas that are not published").isNull();
        assertThat(db.crls().latestDelta(issuer.id())).as("no delta of it").isEmpty();
    }

    @Test
    void expiredCertificatesLeaveDeltasAfterTheRetentionLikeFullCrls() throws Exception {
        publisher().publish(issuer);
        clock.advance(Duration.ofMinutes(10));
        String current = revokedNow(1);
        String expiredLongAgo = issued(START.minus(Duration.ofDays(8)));
        revoke(expiredLongAgo, clock.instant(), 1, Optional.empty());

        PublishedCrl delta = publisher().publishAfterRevocation(issuer);

        assertThat(delta.delta()).isTrue();
        assertThat(serials(der(delta))).containsExactly(current);
    }

    @Test
    void dueAsksForADeltaWhenARevocationMayBeMissingAndForAFullCrlAfterAPeriod() {
        CrlPublisher publisher = publisher();
        assertThat(publisher.need(issuer.id())).isEqualTo(CrlPublisher.Due.FULL);
        publisher.publish(issuer);
        clock.advance(CrlPublisher.COMMIT_MARGIN.plusSeconds(1));
        assertThat(publisher.need(issuer.id())).isEqualTo(CrlPublisher.Due.NOTHING);

        clock.advance(Duration.ofMinutes(10));
        revokedNow(1);
        assertThat(publisher.need(issuer.id())).as("a revocation newer than the delta").isEqualTo(CrlPublisher.Due.DELTA);
        clock.advance(CrlPublisher.COMMIT_MARGIN.plusSeconds(1));
        assertThat(publisher.publishIfDue(issuer)).hasValueSatisfying(c -> assertThat(c.delta()).isTrue());
        assertThat(publisher.need(issuer.id())).isEqualTo(CrlPublisher.Due.NOTHING);

        clock.advance(SETTINGS.period());
        assertThat(publisher.need(issuer.id())).as("a period old").isEqualTo(CrlPublisher.Due.FULL);
        assertThat(publisher.publishIfDue(issuer)).hasValueSatisfying(c -> assertThat(c.delta()).isFalse());
    }
}
