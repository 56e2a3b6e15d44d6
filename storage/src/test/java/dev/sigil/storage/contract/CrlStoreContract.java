package dev.sigil.storage.contract;

import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.RevocationRecord;
import dev.sigil.storage.crl.PublishedCrl;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.event;
import static dev.sigil.storage.contract.TestData.serial;
import static org.assertj.core.api.Assertions.assertThat;

/** Published CRLs: numbering guard, parts, pruning; and the retention filter of the revocation stream. */
abstract class CrlStoreContract extends DatabaseSuite {

    CrlStoreContract(Backend backend) {
        super(backend);
    }

    private String newIssuer() {
        String id = TestData.issuerId();
        db.ledger().addIssuer(TestData.root(id), event("ca.create", id));
        return id;
    }

    private static PublishedCrl crl(String issuer, long number, byte[] der) {
        return new PublishedCrl(issuer, number, NOW.plusSeconds(number), NOW.plusSeconds(number).plus(Duration.ofDays(1)),
                number * 10, der.length, HexFormat.of().formatHex(new byte[32]), NOW, "node-a");
    }

    private static PublishedCrl delta(String issuer, long number, long base, byte[] der) {
        return new PublishedCrl(issuer, number, NOW.plusSeconds(number), NOW.plusSeconds(number).plus(Duration.ofHours(2)),
                number, der.length, HexFormat.of().formatHex(new byte[32]), NOW, "node-a", OptionalLong.of(base));
    }

    @Test
    void storesAndReadsBackACrlLargerThanOnePart() {
        String issuer = newIssuer();
        byte[] der = TestData.bytes(2 * (1 << 20) + 12345); // three parts
        assertThat(db.crls().latest(issuer)).isEmpty();

        assertThat(db.crls().publish(crl(issuer, 7, der), der, 3)).isTrue();

        assertThat(db.crls().latest(issuer)).contains(crl(issuer, 7, der));
        assertThat(db.crls().read(issuer, 7)).hasValueSatisfying(b -> assertThat(b).isEqualTo(der));
        assertThat(db.crls().read(issuer, 8)).isEmpty();
    }

    @Test
    void refusesANumberNotAboveTheLatestSoNoNumberIsServedTwice() {
        String issuer = newIssuer();
        byte[] first = TestData.bytes(100);
        byte[] other = TestData.bytes(100);
        assertThat(db.crls().publish(crl(issuer, 5, first), first, 3)).isTrue();

        assertThat(db.crls().publish(crl(issuer, 5, other), other, 3)).isFalse();
        assertThat(db.crls().publish(crl(issuer, 4, other), other, 3)).isFalse();

        assertThat(db.crls().latest(issuer).orElseThrow().number()).isEqualTo(5);
        assertThat(db.crls().read(issuer, 5)).hasValueSatisfying(b -> assertThat(b).isEqualTo(first));
    }

    @Test
    void keepsOnlyTheNewestCrls() {
        String issuer = newIssuer();
        for (long n = 1; n <= 5; n++) {
            byte[] der = TestData.bytes(64);
            assertThat(db.crls().publish(crl(issuer, n, der), der, 2)).isTrue();
        }
        assertThat(db.crls().read(issuer, 3)).isEmpty();
        assertThat(db.crls().read(issuer, 4)).isPresent();
        assertThat(db.crls().read(issuer, 5)).isPresent();
        assertThat(db.crls().latest(issuer).orElseThrow().number()).isEqualTo(5);
    }

    @Test
    void fullAndDeltaCrlsShareOneNumberSequenceAndLatestMeansTheLatestFullCrl() {
        String issuer = newIssuer();
        byte[] der = TestData.bytes(80);
        assertThat(db.crls().highestNumber(issuer)).isEmpty();
        assertThat(db.crls().publish(crl(issuer, 10, der), der, 3)).isTrue();
        assertThat(db.crls().latestDelta(issuer)).as("no delta yet").isEmpty();
        assertThat(db.crls().publish(delta(issuer, 11, 10, der), der, 3)).isTrue();

        assertThat(db.crls().latest(issuer)).contains(crl(issuer, 10, der));
        assertThat(db.crls().latestDelta(issuer)).contains(delta(issuer, 11, 10, der));
        assertThat(db.crls().highestNumber(issuer)).hasValue(11);
        assertThat(db.crls().read(issuer, 11)).hasValueSatisfying(b -> assertThat(b).isEqualTo(der));
        // One guard for both kinds: a full CRL cannot take the delta's number, nor a delta the full's.
        assertThat(db.crls().publish(crl(issuer, 11, der), der, 3)).isFalse();
        assertThat(db.crls().publish(delta(issuer, 10, 9, der), der, 3)).isFalse();
        assertThat(db.crls().publish(delta(issuer, 12, 10, der), der, 3)).isTrue();
        assertThat(db.crls().latestDelta(issuer).orElseThrow().number()).isEqualTo(12);

        // A new full CRL: the deltas of the old one are no longer current.
        assertThat(db.crls().publish(crl(issuer, 13, der), der, 3)).isTrue();
        assertThat(db.crls().latest(issuer).orElseThrow().number()).isEqualTo(13);
        assertThat(db.crls().latestDelta(issuer)).isEmpty();
        assertThat(db.crls().publish(delta(issuer, 14, 13, der), der, 3)).isTrue();
        assertThat(db.crls().latestDelta(issuer).orElseThrow().baseNumber()).hasValue(13);
    }

    @Test
    void aRunOfDeltasDoesNotPruneTheFullCrlTheyAreDeltasOf() {
        String issuer = newIssuer();
        byte[] der = TestData.bytes(64);
        assertThat(db.crls().publish(crl(issuer, 1, der), der, 2)).isTrue();
        assertThat(db.crls().publish(crl(issuer, 2, der), der, 2)).isTrue();
        for (long n = 3; n <= 8; n++) {
            assertThat(db.crls().publish(delta(issuer, n, 2, der), der, 2)).isTrue();
        }

        assertThat(db.crls().read(issuer, 1)).as("full CRLs keep their own count").isPresent();
        assertThat(db.crls().read(issuer, 2)).isPresent();
        assertThat(db.crls().latest(issuer).orElseThrow().number()).isEqualTo(2);
        assertThat(db.crls().read(issuer, 6)).as("only the newest two deltas are kept").isEmpty();
        assertThat(db.crls().read(issuer, 7)).isPresent();
        assertThat(db.crls().read(issuer, 8)).isPresent();
        assertThat(db.crls().latestDelta(issuer).orElseThrow().number()).isEqualTo(8);

        assertThat(db.crls().publish(crl(issuer, 9, der), der, 2)).isTrue();
        assertThat(db.crls().read(issuer, 1)).as("the third full CRL pushes out the first").isEmpty();
        assertThat(db.crls().read(issuer, 8)).as("deltas are pruned only by deltas").isPresent();
    }

    @Test
    void revocationsSinceAnInstantComeFromRevokedAtAndKeepTheRetentionFilter() {
        String issuer = newIssuer();
        Instant base = NOW.minus(Duration.ofMinutes(10));
        List<String> serials = new ArrayList<>();
        // revoked before the cutoff, at it, after it, and after it but expired before the retention cutoff
        List<Instant> revokedAt = List.of(base.minusMillis(1), base, base.plusSeconds(30), base.plusSeconds(60));
        List<Instant> notAfter = List.of(NOW.plus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(30)),
                NOW.plus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(40)));
        for (int i = 0; i < revokedAt.size(); i++) {
            CertificateRecord c = TestData.certificate(issuer, serial(), notAfter.get(i).minus(Duration.ofDays(90)),
                    notAfter.get(i));
            db.ledger().recordIssuance(c, event("certificate.issue", c.serial()));
            db.ledger().revoke(new RevocationRecord(issuer, c.serial(), revokedAt.get(i), 4, Optional.of(base.minusSeconds(5)),
                    "op"), event("certificate.revoke", c.serial()));
            serials.add(c.serial());
        }
        List<RevocationRecord> since = new ArrayList<>();
        db.certificates().forEachRevocationSince(issuer, base, NOW.minus(Duration.ofDays(30)), since::add);

        assertThat(since).extracting(RevocationRecord::serial).containsExactlyInAnyOrder(serials.get(1), serials.get(2));
        RevocationRecord first = since.stream().filter(r -> r.serial().equals(serials.get(1))).findFirst().orElseThrow();
        assertThat(first.revokedAt()).isEqualTo(base);
        assertThat(first.reasonCode()).isEqualTo(4);
        assertThat(first.invalidityDate()).contains(base.minusSeconds(5));
        assertThat(db.certificates().countRevocationsSince(issuer, base)).isEqualTo(3);
        assertThat(db.certificates().countRevocationsSince(issuer, base.plusSeconds(61))).isZero();
        List<RevocationRecord> none = new ArrayList<>();
        db.certificates().forEachRevocationSince(newIssuer(), Instant.EPOCH, Instant.EPOCH, none::add);
        assertThat(none).isEmpty();
    }

    @Test
    void issuersAreNumberedIndependently() {
        String a = newIssuer();
        String b = newIssuer();
        byte[] der = TestData.bytes(10);
        assertThat(db.crls().publish(crl(a, 9, der), der, 1)).isTrue();
        assertThat(db.crls().publish(crl(b, 1, der), der, 1)).isTrue();
        assertThat(db.crls().latest(b).orElseThrow().number()).isEqualTo(1);
    }

    @Test
    void revocationStreamLeavesOutCertificatesExpiredBeforeTheCutoff() {
        String issuer = newIssuer();
        Instant expiredLongAgo = NOW.minus(Duration.ofDays(400));
        Instant expiredRecently = NOW.minus(Duration.ofDays(2));
        Instant stillValid = NOW.plus(Duration.ofDays(30));
        List<String> serials = new ArrayList<>();
        for (Instant notAfter : List.of(expiredLongAgo, expiredRecently, stillValid)) {
            CertificateRecord c = TestData.certificate(issuer, serial(), notAfter.minus(Duration.ofDays(90)), notAfter);
            db.ledger().recordIssuance(c, event("certificate.issue", c.serial()));
            db.ledger().revoke(new RevocationRecord(issuer, c.serial(), NOW, 1, Optional.empty(), "op"),
                    event("certificate.revoke", c.serial()));
            serials.add(c.serial());
        }
        List<String> withRetention = new ArrayList<>();
        db.certificates().forEachRevocation(issuer, NOW.minus(Duration.ofDays(30)), r -> withRetention.add(r.serial()));
        List<String> all = new ArrayList<>();
        db.certificates().forEachRevocation(issuer, r -> all.add(r.serial()));

        assertThat(withRetention).containsExactlyInAnyOrder(serials.get(1), serials.get(2));
        assertThat(db.certificates().lastRevocation(issuer)).contains(NOW);
        assertThat(db.certificates().lastRevocation(newIssuer())).isEmpty();
        assertThat(all).containsExactlyInAnyOrderElementsOf(serials);
    }

    @Test
    void countsValidCertificatesExpiringWithinAWindowPerIssuer() {
        String issuer = newIssuer();
        String other = newIssuer();
        for (Duration left : List.of(Duration.ofDays(-1), Duration.ofHours(12), Duration.ofDays(3), Duration.ofDays(20))) {
            CertificateRecord c = TestData.certificate(issuer, serial(), NOW.minus(Duration.ofDays(30)), NOW.plus(left));
            db.ledger().recordIssuance(c, event("certificate.issue", c.serial()));
        }
        CertificateRecord revoked = TestData.certificate(issuer, serial(), NOW, NOW.plus(Duration.ofDays(2)));
        db.ledger().recordIssuance(revoked, event("certificate.issue", revoked.serial()));
        db.ledger().revoke(new RevocationRecord(issuer, revoked.serial(), NOW, 1, Optional.empty(), "op"),
                event("certificate.revoke", revoked.serial()));
        CertificateRecord elsewhere = TestData.certificate(other, serial(), NOW, NOW.plus(Duration.ofDays(5)));
        db.ledger().recordIssuance(elsewhere, event("certificate.issue", elsewhere.serial()));

        // expired (-1d) and revoked are not counted; 12h and 3d are within 7 days; 20d is not
        assertThat(db.certificates().countExpiring(NOW, NOW.plus(Duration.ofDays(7))))
                .containsEntry(issuer, 2L).containsEntry(other, 1L);
        assertThat(db.certificates().countExpiring(NOW, NOW.plus(Duration.ofDays(1)))).containsEntry(issuer, 1L)
                .doesNotContainKey(other);
    }
}
