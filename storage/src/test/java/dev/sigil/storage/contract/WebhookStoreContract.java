package dev.sigil.storage.contract;

import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.webhook.DeliveryRecord;
import dev.sigil.storage.webhook.DeliveryState;
import dev.sigil.storage.webhook.ExpiringCertificate;
import dev.sigil.storage.webhook.ExpiryNotice;
import dev.sigil.storage.webhook.ExpiryQuery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.event;
import static dev.sigil.storage.contract.TestData.serial;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook outbox: round trips, due order, compare-and-set attempts, listing, and once-only notices. The database
 * is shared by the class, so assertions look only at this test's rows.
 */
abstract class WebhookStoreContract extends DatabaseSuite {

    WebhookStoreContract(Backend backend) {
        super(backend);
    }

    static String id() {
        return "wh_" + HexFormat.of().formatHex(TestData.bytes(12));
    }

    static DeliveryRecord pending(Instant at) {
        return DeliveryRecord.pending(id(), "certificate.expiring", "int-1/abc",
                "{\"data\":{\"subject\":\"CN=caf\u00e9 \u00fcber \ud83d\udd12\"}}", at);
    }

    @Test
    void aDeliveryRoundTripsExactlyAndLargePayloadsFit() {
        DeliveryRecord d = pending(NOW);
        db.webhooks().enqueue(d);
        assertThat(db.webhooks().find(d.id())).contains(d);

        String big = "{\"x\":\"" + "\u00e9".repeat(100_000) + "\"}"; // over TEXT's 64 KiB in utf8mb4
        DeliveryRecord large = DeliveryRecord.pending(id(), "managed.rotated", "web", big, NOW);
        db.webhooks().enqueue(large);
        assertThat(db.webhooks().find(large.id()).orElseThrow().payload()).isEqualTo(big);
        assertThat(db.webhooks().find("wh_missing")).isEmpty();
    }

    @Test
    void dueDeliveriesComeOldestFirstAndOnlyWhenDueAndPending() {
        Instant base = NOW.minus(Duration.ofDays(1000)); // older than every other test's rows, so limits are exact
        DeliveryRecord first = pending(base);
        DeliveryRecord second = pending(base.plusSeconds(1));
        DeliveryRecord third = pending(base.plusSeconds(2));
        DeliveryRecord later = pending(base.plusSeconds(3));
        for (DeliveryRecord d : List.of(third, later, first, second)) {
            db.webhooks().enqueue(d);
        }
        // second fails once and waits a minute; later is delivered
        assertThat(db.webhooks().recordAttempt(second.failed(Optional.of(500), "HTTP 500", base.plusSeconds(61), 10))).isTrue();
        assertThat(db.webhooks().recordAttempt(later.delivered(base.plusSeconds(4), 204))).isTrue();

        assertThat(db.webhooks().due(base.plusSeconds(10), 2)).extracting(DeliveryRecord::id)
                .containsExactly(first.id(), third.id());
        assertThat(db.webhooks().due(base.plusSeconds(61), 3)).extracting(DeliveryRecord::id)
                .containsExactly(first.id(), second.id(), third.id());
        assertThat(db.webhooks().due(base.minusSeconds(1), 10)).isEmpty();
    }

    @Test
    void anAttemptIsRecordedOnlyOnTheStateItWasMadeOn() {
        DeliveryRecord d = pending(NOW);
        db.webhooks().enqueue(d);
        DeliveryRecord failed = d.failed(Optional.empty(), "ConnectException: Connection refused", NOW.plusSeconds(30), 2);
        assertThat(db.webhooks().recordAttempt(failed)).isTrue();
        // a second recorder working from the same (stale) state loses
        assertThat(db.webhooks().recordAttempt(d.delivered(NOW.plusSeconds(1), 200))).isFalse();
        assertThat(db.webhooks().find(d.id())).contains(failed);

        DeliveryRecord exhausted = failed.failed(Optional.of(503), "HTTP 503", NOW.plusSeconds(90), 2);
        assertThat(exhausted.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(db.webhooks().recordAttempt(exhausted)).isTrue();
        assertThat(db.webhooks().find(d.id())).contains(exhausted);
        // FAILED is final
        assertThat(db.webhooks().recordAttempt(exhausted.delivered(NOW.plusSeconds(100), 200))).isFalse();
        assertThat(db.webhooks().due(NOW.plus(Duration.ofDays(1)), 1000)).extracting(DeliveryRecord::id).doesNotContain(d.id());
    }

    @Test
    void onlyAFailedDeliveryCanBeRequeuedAndItStartsANewRoundOfAttempts() {
        DeliveryRecord d = pending(NOW);
        db.webhooks().enqueue(d);
        assertThat(db.webhooks().requeue(d.id(), NOW)).as("pending").isFalse();
        DeliveryRecord failed = d.failed(Optional.of(500), "HTTP 500", NOW.plusSeconds(30), 1);
        assertThat(db.webhooks().recordAttempt(failed)).isTrue();

        Instant later = NOW.plusSeconds(3600);
        assertThat(db.webhooks().requeue(d.id(), later)).isTrue();
        assertThat(db.webhooks().requeue(d.id(), later)).as("already pending again").isFalse();
        assertThat(db.webhooks().requeue("wh_missing", later)).isFalse();

        DeliveryRecord again = db.webhooks().find(d.id()).orElseThrow();
        assertThat(again.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(again.attempts()).isZero();
        assertThat(again.nextAttemptAt()).isEqualTo(later);
        assertThat(again.lastError()).contains("HTTP 500");
        assertThat(db.webhooks().due(later, 1000)).extracting(DeliveryRecord::id).contains(d.id());
        assertThat(db.webhooks().recordAttempt(again.delivered(later.plusSeconds(1), 204))).isTrue();
        assertThat(db.webhooks().find(d.id()).orElseThrow().state()).isEqualTo(DeliveryState.DELIVERED);
    }

    @Test
    void listingIsNewestFirstAndFiltersByState() {
        Instant base = NOW.plus(Duration.ofDays(2000)); // newer than every other test's rows
        DeliveryRecord a = pending(base);
        DeliveryRecord b = pending(base.plusSeconds(1));
        DeliveryRecord c = pending(base.plusSeconds(2));
        List.of(a, b, c).forEach(db.webhooks()::enqueue);
        db.webhooks().recordAttempt(b.delivered(base.plusSeconds(3), 200));

        assertThat(db.webhooks().list(Optional.empty(), 3)).extracting(DeliveryRecord::id).containsExactly(c.id(), b.id(), a.id());
        assertThat(db.webhooks().list(Optional.of(DeliveryState.PENDING), 2)).extracting(DeliveryRecord::id)
                .containsExactly(c.id(), a.id());
        assertThat(db.webhooks().list(Optional.of(DeliveryState.DELIVERED), 1000)).extracting(DeliveryRecord::id)
                .contains(b.id()).doesNotContain(a.id(), c.id());
    }

    @Test
    void aNoticeIsRecordedOncePerCertificateAndWindowTogetherWithItsDelivery() {
        String issuer = TestData.issuerId();
        db.ledger().addIssuer(TestData.root(issuer), event("ca.create", issuer));
        var cert = TestData.certificate(issuer, serial());
        db.ledger().recordIssuance(cert, event("certificate.issue", cert.serial()));
        ExpiryNotice notice = new ExpiryNotice(issuer, cert.serial(), "7d", NOW);

        DeliveryRecord first = pending(NOW);
        DeliveryRecord again = pending(NOW);
        DeliveryRecord otherWindow = pending(NOW);
        assertThat(db.webhooks().enqueueOnce(first, notice)).isTrue();
        assertThat(db.webhooks().enqueueOnce(again, notice)).isFalse();
        assertThat(db.webhooks().enqueueOnce(otherWindow, new ExpiryNotice(issuer, cert.serial(), "1d", NOW))).isTrue();

        assertThat(db.webhooks().find(first.id())).isPresent();
        assertThat(db.webhooks().find(again.id())).as("refused notice stores no delivery").isEmpty();
        assertThat(db.webhooks().find(otherWindow.id())).isPresent();
        restart();
        assertThat(db.webhooks().enqueueOnce(pending(NOW), notice)).as("after a restart too").isFalse();
    }

    @Test
    void aNoticeForAnUnknownCertificateStoresNothing() {
        DeliveryRecord d = pending(NOW);
        assertFails(dev.sigil.storage.StorageException.Kind.NOT_FOUND,
                () -> db.webhooks().enqueueOnce(d, new ExpiryNotice("int-none", "abc", "7d", NOW)));
        assertThat(db.webhooks().find(d.id())).isEmpty();
        assertThat(Set.of(DeliveryState.values())).hasSize(3);
    }

    /** Far from every other test's certificates (NOW + 90d), so the window holds only this test's. */
    static final Instant EXPIRY_BASE = NOW.plus(Duration.ofDays(4000));

    CertificateRecord issue(String issuer, List<San> sans, String dn, Optional<String> owner, String profile,
                            Instant issuedAt, Instant notAfter) {
        CertificateRecord c = TestData.certificate(issuer, serial(), issuedAt, notAfter);
        c = TestData.withOwnerAndProfile(TestData.withSans(c, sans), owner, profile);
        c = new CertificateRecord(c.issuerId(), c.serial(), dn, c.sans(), c.keyType(), c.notBefore(), c.notAfter(),
                c.status(), c.revokedAt(), c.revocationReason(), c.owner(), c.label(), c.profile(), c.der(),
                c.issuedAt(), c.requestedBy());
        db.ledger().recordIssuance(c, event("certificate.issue", c.serial()));
        return c;
    }

    CertificateRecord issue(String issuer, String name, Optional<String> owner, Instant issuedAt, Duration left) {
        return issue(issuer, List.of(San.dns(name)), "CN=" + name, owner, "server", issuedAt, EXPIRY_BASE.plus(left));
    }

    @Test
    void expiringFindsValidCertificatesInTheWindowOnceAndNotSupersededInKeysetPages() {
        String issuer = TestData.issuerId();
        db.ledger().addIssuer(TestData.root(issuer), event("ca.create", issuer));
        Instant early = EXPIRY_BASE.minus(Duration.ofDays(60));
        Instant late = EXPIRY_BASE.minus(Duration.ofDays(1));
        Optional<String> teamA = Optional.of("team-a");
        Duration window = Duration.ofDays(10);

        CertificateRecord inside = issue(issuer, "a.test", teamA, early, Duration.ofDays(1));
        CertificateRecord atUntil = issue(issuer, "until.test", teamA, early, window); // (now, until]: included
        issue(issuer, "now.test", teamA, early, Duration.ZERO); // notAfter == now: excluded
        issue(issuer, "beyond.test", teamA, early, window.plusNanos(1_000)); // one microsecond past until
        issue(issuer, List.of(San.dns("ocsp.test")), "CN=ocsp", teamA, "ocsp-signer", early, EXPIRY_BASE.plusSeconds(60));
        // renewed: same owner and names, newer and later notAfter (outside the window itself)
        issue(issuer, "renewed.test", teamA, early, Duration.ofDays(4));
        issue(issuer, "renewed.test", teamA, late, Duration.ofDays(40));
        // not a renewal: another owner, or a different set of names (a superset), or a revoked newer one
        CertificateRecord otherOwner = issue(issuer, "shared.test", Optional.of("team-b"), early, Duration.ofDays(5));
        issue(issuer, "shared.test", teamA, late, Duration.ofDays(40));
        CertificateRecord fewerNames = issue(issuer, "d.test", teamA, early, Duration.ofDays(5));
        issue(issuer, List.of(San.dns("d.test"), San.dns("e.test")), "CN=d.test", teamA, "server", late,
                EXPIRY_BASE.plus(Duration.ofDays(40)));
        CertificateRecord revokedRenewal = issue(issuer, "r.test", teamA, early, Duration.ofDays(6));
        CertificateRecord revoked = issue(issuer, "r.test", teamA, late, Duration.ofDays(40));
        db.ledger().revoke(TestData.revocation(issuer, revoked.serial(), 1),
                event("certificate.revoke", revoked.serial()));
        // without SANs: superseded by a newer one with the same subject DN and no SANs, both without an owner
        issue(issuer, List.of(), "CN=device-7", Optional.empty(), "server", early, EXPIRY_BASE.plus(Duration.ofDays(2)));
        issue(issuer, List.of(), "CN=device-7", Optional.empty(), "server", late, EXPIRY_BASE.plus(Duration.ofDays(40)));
        CertificateRecord noSans = issue(issuer, List.of(), "CN=device-8", Optional.empty(), "server", early,
                EXPIRY_BASE.plus(Duration.ofDays(2)));
        // two with the same notAfter: ordered by issuer then serial
        CertificateRecord tieA = issue(issuer, "tie-a.test", teamA, early, Duration.ofDays(7));
        CertificateRecord tieB = issue(issuer, "tie-b.test", teamA, early, Duration.ofDays(7));
        // already noticed for this window (but not for another)
        CertificateRecord noticed = issue(issuer, "noticed.test", teamA, early, Duration.ofDays(8));
        assertThat(db.webhooks().enqueueOnce(pending(NOW), new ExpiryNotice(issuer, noticed.serial(), "10d", NOW))).isTrue();

        ExpiryQuery all = new ExpiryQuery(EXPIRY_BASE, EXPIRY_BASE.plus(window), "10d", Set.of("ocsp-signer", "sigil-tls"),
                Optional.empty(), ExpiryQuery.MAX_LIMIT);
        List<CertificateRecord> expected = new ArrayList<>(List.of(inside, atUntil, otherOwner, fewerNames,
                revokedRenewal, noSans, tieA, tieB));
        expected.sort(Comparator.comparing(CertificateRecord::notAfter).thenComparing(CertificateRecord::issuerId)
                .thenComparing(CertificateRecord::serial));

        List<ExpiringCertificate> found = db.webhooks().expiring(all);
        assertThat(found).extracting(ExpiringCertificate::serial)
                .containsExactlyElementsOf(expected.stream().map(CertificateRecord::serial).toList());
        ExpiringCertificate first = found.getFirst();
        assertThat(first).isEqualTo(new ExpiringCertificate(issuer, inside.serial(), "CN=a.test",
                List.of(San.dns("a.test")), teamA, "server", inside.notAfter()));

        // keyset pages of 3 give the same certificates in the same order
        List<ExpiringCertificate> paged = new ArrayList<>();
        ExpiryQuery q = new ExpiryQuery(all.now(), all.until(), all.window(), all.excludedProfiles(), Optional.empty(), 3);
        for (int pages = 0; pages < 10; pages++) {
            List<ExpiringCertificate> page = db.webhooks().expiring(q);
            paged.addAll(page);
            if (page.size() < 3) {
                break;
            }
            q = q.after(page.getLast());
        }
        assertThat(paged).isEqualTo(found);

        // the noticed certificate is still due for another window, and an excluded profile counts only when listed
        assertThat(db.webhooks().expiring(new ExpiryQuery(EXPIRY_BASE, EXPIRY_BASE.plus(window), "30d", Set.of(),
                Optional.empty(), ExpiryQuery.MAX_LIMIT))).extracting(ExpiringCertificate::serial)
                .contains(noticed.serial()).hasSize(expected.size() + 2);
    }
}
