package dev.sigil.storage.contract;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.certificate.CertificateQuery;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.Page;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.certificate.SanType;
import dev.sigil.storage.issuer.IssuerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.certificate;
import static dev.sigil.storage.contract.TestData.event;
import static dev.sigil.storage.contract.TestData.serial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issuers and certificates: round trips, uniqueness, search filters and pagination. */
abstract class InventoryContract extends DatabaseSuite {

    InventoryContract(Backend backend) {
        super(backend);
    }

    private String newIssuer() {
        String id = TestData.issuerId();
        db.ledger().addIssuer(TestData.root(id), event("ca.create", id));
        return id;
    }

    @Test
    void issuersRoundTripEveryFieldAndListOldestFirst() {
        String rootId = TestData.issuerId();
        IssuerRecord root = TestData.root(rootId);
        IssuerRecord intermediate = TestData.intermediate(TestData.issuerId(), rootId, NOW.plusSeconds(1));
        db.ledger().addIssuer(root, event("ca.create", rootId));
        db.ledger().addIssuer(intermediate, event("ca.create", intermediate.id()));

        assertThat(db.issuers().find(intermediate.id())).get().usingRecursiveComparison().isEqualTo(intermediate);
        assertThat(db.issuers().find(rootId)).get().usingRecursiveComparison().isEqualTo(root);
        assertThat(db.issuers().find("int-missing")).isEmpty();
        List<String> ids = db.issuers().list().stream().map(IssuerRecord::id).toList();
        assertThat(ids).containsSubsequence(rootId, intermediate.id());
    }

    @Test
    void issuerConflictsAndMissingParent() {
        String id = newIssuer();
        assertFails(StorageException.Kind.CONFLICT, () -> db.ledger().addIssuer(TestData.root(id), event("ca.create", id)));
        String orphan = TestData.issuerId();
        assertFails(StorageException.Kind.NOT_FOUND, () -> db.ledger().addIssuer(
                TestData.intermediate(orphan, "int-nobody", NOW), event("ca.create", orphan)));
        assertThat(db.issuers().find(orphan)).isEmpty();
    }

    @Test
    void certificateRoundTripsEveryField() {
        String issuer = newIssuer();
        CertificateRecord c = new CertificateRecord(issuer, serial(), "CN=api.example,O=Sigil,C=DE",
                List.of(San.dns("API.Example.com"), San.ip("2001:db8::1"), new San(SanType.EMAIL, "ops@example.com"),
                        new San(SanType.URI, "spiffe://example/ns/api"), San.dns("b.example.com")),
                "RSA_2048", NOW.minusSeconds(30).plusNanos(7_000), NOW.plus(Duration.ofDays(90)).plusNanos(999_000),
                CertificateStatus.VALID, Optional.empty(), Optional.empty(), Optional.of("team-payments"),
                Optional.of("checkout frontend"), "server", TestData.bytes(1500), NOW.plusNanos(1_000), "ci-runner");
        db.ledger().recordIssuance(c, event("certificate.issue", issuer + "/" + c.serial()));

        assertThat(db.certificates().find(issuer, c.serial())).get().usingRecursiveComparison().isEqualTo(c);
        assertThat(db.certificates().find(issuer, c.serial()).orElseThrow().sans())
                .extracting(San::value).startsWith("api.example.com", "2001:db8::1");
        assertThat(db.certificates().findBySerial(c.serial())).singleElement().usingRecursiveComparison().isEqualTo(c);
        assertThat(db.certificates().find(issuer, serial())).isEmpty();
    }

    @Test
    void instantsAreStoredToTheMicrosecond() {
        String issuer = newIssuer();
        Instant withNanos = Instant.parse("2031-02-03T04:05:06.987654321Z");
        CertificateRecord c = certificate(issuer, serial(), withNanos, withNanos.plus(Duration.ofDays(1)));
        db.ledger().recordIssuance(c, event("certificate.issue", c.serial()));
        CertificateRecord read = db.certificates().find(issuer, c.serial()).orElseThrow();
        assertThat(read.issuedAt()).isEqualTo(Instant.parse("2031-02-03T04:05:06.987654Z"));
        assertThat(read.notAfter()).isEqualTo(Instant.parse("2031-02-04T04:05:06.987654Z"));
        Instant preEpoch = Instant.parse("1969-12-31T23:59:59.000001Z");
        CertificateRecord old = certificate(issuer, serial(), preEpoch, preEpoch.plusSeconds(1));
        db.ledger().recordIssuance(old, event("certificate.issue", old.serial()));
        assertThat(db.certificates().find(issuer, old.serial()).orElseThrow().issuedAt()).isEqualTo(preEpoch);
    }

    @Test
    void serialIsUniquePerIssuerOnly() {
        String a = newIssuer();
        String b = newIssuer();
        String serial = serial();
        db.ledger().recordIssuance(certificate(a, serial), event("certificate.issue", serial));
        db.ledger().recordIssuance(certificate(b, serial), event("certificate.issue", serial));
        long auditBefore = db.audit().verify().records();

        assertFails(StorageException.Kind.CONFLICT,
                () -> db.ledger().recordIssuance(certificate(a, serial), event("certificate.issue", serial)));

        assertThat(db.certificates().findBySerial(serial)).extracting(CertificateRecord::issuerId).containsExactly(
                a.compareTo(b) < 0 ? new String[]{a, b} : new String[]{b, a});
        assertThat(db.audit().verify().records()).as("a refused write appends nothing").isEqualTo(auditBefore);
    }

    @Test
    void issuanceUnderUnknownIssuerIsNotFound() {
        assertFails(StorageException.Kind.NOT_FOUND,
                () -> db.ledger().recordIssuance(certificate("int-nobody", serial()), event("certificate.issue", "x")));
    }

    @Test
    void recordIssuanceRefusesRevokedOrOversizedRecords() {
        String issuer = newIssuer();
        CertificateRecord c = certificate(issuer, serial());
        CertificateRecord revoked = new CertificateRecord(issuer, c.serial(), c.subjectDn(), c.sans(), c.keyType(),
                c.notBefore(), c.notAfter(), CertificateStatus.REVOKED, Optional.of(NOW), Optional.of(1), c.owner(),
                c.label(), c.profile(), c.der(), c.issuedAt(), c.requestedBy());
        assertThatThrownBy(() -> db.ledger().recordIssuance(revoked, event("certificate.issue", c.serial())))
                .isInstanceOf(IllegalArgumentException.class);
        CertificateRecord longOwner = TestData.withOwnerAndProfile(c, Optional.of("o".repeat(256)), "server");
        assertThatThrownBy(() -> db.ledger().recordIssuance(longOwner, event("certificate.issue", c.serial())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("ooo");
        assertThat(db.certificates().find(issuer, c.serial())).isEmpty();
    }

    @Test
    void searchFiltersByStatusExpiryOwnerProfileSanAndIssuer() {
        String issuer = newIssuer();
        String other = newIssuer();
        CertificateRecord valid = certificate(issuer, serial(), NOW, NOW.plus(Duration.ofDays(90)));
        CertificateRecord soon = certificate(issuer, serial(), NOW, NOW.plus(Duration.ofDays(5)));
        CertificateRecord expired = certificate(issuer, serial(), NOW.minus(Duration.ofDays(100)), NOW.minusSeconds(1));
        CertificateRecord revoked = certificate(issuer, serial(), NOW, NOW.plus(Duration.ofDays(3)));
        CertificateRecord device = TestData.withSans(TestData.withOwnerAndProfile(
                certificate(issuer, serial()), Optional.of("fleet-7"), "device"), List.of(San.dns("Sensor-1.IoT.example")));
        CertificateRecord elsewhere = certificate(other, serial());
        for (CertificateRecord c : List.of(valid, soon, expired, revoked, device, elsewhere)) {
            db.ledger().recordIssuance(c, event("certificate.issue", c.serial()));
        }
        db.ledger().revoke(TestData.revocation(issuer, revoked.serial(), 1), event("certificate.revoke", revoked.serial()));

        CertificateQuery all = CertificateQuery.all(NOW);
        assertThat(serials(query(all, issuer, q -> q))).containsExactlyInAnyOrder(
                valid.serial(), soon.serial(), expired.serial(), revoked.serial(), device.serial());
        assertThat(serials(query(all, issuer, q -> withStatus(q, CertificateStatus.VALID))))
                .containsExactlyInAnyOrder(valid.serial(), soon.serial(), device.serial());
        assertThat(serials(query(all, issuer, q -> withStatus(q, CertificateStatus.EXPIRED))))
                .containsExactly(expired.serial());
        assertThat(serials(query(all, issuer, q -> withStatus(q, CertificateStatus.REVOKED))))
                .containsExactly(revoked.serial());
        assertThat(serials(query(all, issuer, q -> new CertificateQuery(q.now(), q.status(),
                Optional.of(NOW.plus(Duration.ofDays(10))), q.san(), q.owner(), q.profile(), q.issuerId(), q.limit(),
                q.cursor())))).as("revoked and expired ones are not 'expiring'").containsExactly(soon.serial());
        assertThat(serials(query(all, issuer, q -> new CertificateQuery(q.now(), q.status(), q.expiringBefore(),
                q.san(), Optional.of("fleet-7"), q.profile(), q.issuerId(), q.limit(), q.cursor()))))
                .containsExactly(device.serial());
        assertThat(serials(query(all, issuer, q -> new CertificateQuery(q.now(), q.status(), q.expiringBefore(),
                q.san(), q.owner(), Optional.of("device"), q.issuerId(), q.limit(), q.cursor()))))
                .containsExactly(device.serial());
        assertThat(serials(query(all, issuer, q -> new CertificateQuery(q.now(), q.status(), q.expiringBefore(),
                Optional.of("SENSOR-1.iot.EXAMPLE"), q.owner(), q.profile(), q.issuerId(), q.limit(), q.cursor()))))
                .as("DNS names match case-insensitively").containsExactly(device.serial());
        assertThat(serials(db.certificates().search(new CertificateQuery(NOW, Optional.empty(), Optional.empty(),
                Optional.of("10.0.0.7"), Optional.of("team-a"), Optional.of("server"), Optional.of(other), 10,
                Optional.empty())))).containsExactly(elsewhere.serial());
        // A later "now" turns the valid ones expired: EXPIRED is derived, never stored.
        CertificateQuery later = new CertificateQuery(NOW.plus(Duration.ofDays(6)), Optional.of(CertificateStatus.EXPIRED),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(issuer), 10,
                Optional.empty());
        assertThat(serials(db.certificates().search(later))).containsExactlyInAnyOrder(expired.serial(), soon.serial());
    }

    @Test
    void paginationWalksEveryRowNewestFirstAcrossPages() {
        String issuer = newIssuer();
        List<CertificateRecord> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // Groups of three share an issuedAt, so the serial tie-break decides within a group.
            all.add(certificate(issuer, serial(), NOW.plusSeconds(i / 3), NOW.plus(Duration.ofDays(30))));
        }
        all.forEach(c -> db.ledger().recordIssuance(c, event("certificate.issue", c.serial())));
        List<String> expected = all.stream()
                .sorted(Comparator.comparing(CertificateRecord::issuedAt).thenComparing(CertificateRecord::serial).reversed())
                .map(CertificateRecord::serial).toList();

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            Page<CertificateRecord> page = db.certificates().search(new CertificateQuery(NOW, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(issuer), 5, cursor));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(5);
            page.items().forEach(c -> assertThat(c.sans()).hasSize(2));
            seen.addAll(serials(page));
            cursor = page.nextCursor();
            cursor.ifPresent(c -> assertThat(c).matches("[A-Za-z0-9_-]+"));
            pages++;
        } while (cursor.isPresent());

        assertThat(pages).isEqualTo(5);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void pagesDoNotSkipOrRepeatTheSameSerialUnderTwoIssuers() {
        String a = newIssuer();
        String b = newIssuer();
        String shared = serial();
        db.ledger().recordIssuance(certificate(a, shared), event("certificate.issue", shared));
        db.ledger().recordIssuance(certificate(b, shared), event("certificate.issue", shared));
        CertificateQuery first = new CertificateQuery(NOW, Optional.empty(), Optional.empty(),
                Optional.of("www-" + shared + ".example.com"), Optional.empty(), Optional.empty(), Optional.empty(), 1,
                Optional.empty());
        Page<CertificateRecord> p1 = db.certificates().search(first);
        Page<CertificateRecord> p2 = db.certificates().search(new CertificateQuery(NOW, Optional.empty(),
                Optional.empty(), first.san(), Optional.empty(), Optional.empty(), Optional.empty(), 1, p1.nextCursor()));
        assertThat(p1.nextCursor()).isPresent();
        assertThat(List.of(p1.items().getFirst().issuerId(), p2.items().getFirst().issuerId()))
                .containsExactlyInAnyOrder(a, b);
        assertThat(p2.nextCursor()).isEmpty();
    }

    @Test
    void malformedCursorIsRefused() {
        CertificateQuery q = new CertificateQuery(NOW, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 10, Optional.of("not*a*cursor"));
        assertThatThrownBy(() -> db.certificates().search(q)).isInstanceOf(IllegalArgumentException.class);
    }

    private Page<CertificateRecord> query(CertificateQuery base, String issuer,
                                          java.util.function.UnaryOperator<CertificateQuery> change) {
        CertificateQuery scoped = new CertificateQuery(base.now(), base.status(), base.expiringBefore(), base.san(),
                base.owner(), base.profile(), Optional.of(issuer), CertificateQuery.MAX_LIMIT, base.cursor());
        return db.certificates().search(change.apply(scoped));
    }

    private static CertificateQuery withStatus(CertificateQuery q, CertificateStatus status) {
        return new CertificateQuery(q.now(), Optional.of(status), q.expiringBefore(), q.san(), q.owner(), q.profile(),
                q.issuerId(), q.limit(), q.cursor());
    }

    private static List<String> serials(Page<CertificateRecord> page) {
        return page.items().stream().map(CertificateRecord::serial).toList();
    }
}
