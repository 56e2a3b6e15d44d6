package dev.sigil.storage.contract;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAccountQuery;
import dev.sigil.storage.acme.AcmeAccountSummary;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.Page;
import dev.sigil.storage.certificate.RevocationRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.sigil.storage.contract.AcmeTestData.authorization;
import static dev.sigil.storage.contract.AcmeTestData.dns;
import static dev.sigil.storage.contract.AcmeTestData.order;
import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Operators' administration of ACME accounts: listings with order and certificate counts, the certificates issued
 * through an account's orders, and compare-and-set status changes with their audit records.
 */
abstract class AcmeAccountAdminContract extends DatabaseSuite {

    AcmeAccountAdminContract(Backend backend) {
        super(backend);
    }

    private AcmeStore acme() {
        return db.acme();
    }

    private AcmeAccount newAccount(String directory, Instant createdAt) {
        AcmeAccount a = AcmeTestData.createdAt(AcmeTestData.account(directory), createdAt);
        acme().createAccount(a, event("acme.account.create", a.id()));
        return a;
    }

    private String newIssuer() {
        String issuer = TestData.issuerId();
        db.ledger().addIssuer(TestData.root(issuer), event("ca.create", issuer));
        return issuer;
    }

    /** A pending order, created at {@code createdAt}. */
    private AcmeOrder newOrder(AcmeAccount account, Instant createdAt) {
        AcmeAuthorization authz = authorization(account, dns("host-" + AcmeTestData.id().substring(0, 6).toLowerCase()
                + ".example"), false);
        AcmeOrder o = order(account, List.of(authz.identifier()), List.of(authz.id()), createdAt);
        acme().createOrder(o, List.of(authz));
        return o;
    }

    /** An order that produced a certificate expiring at {@code notAfter}, committed to the inventory. */
    private CertificateRecord certified(AcmeAccount account, String issuer, Instant orderCreated, Instant notAfter) {
        AcmeOrder o = newOrder(account, orderCreated);
        CertificateRecord c = TestData.certificate(issuer, TestData.serial(), NOW.minus(Duration.ofDays(1)), notAfter);
        db.ledger().recordIssuance(c, event("certificate.issue", issuer + "/" + c.serial()));
        assertThat(acme().transitionOrder(o.id(), AcmeStatus.Order.PENDING, AcmeStatus.Order.VALID, Optional.empty(),
                Optional.of(issuer), Optional.of(c.serial()))).isTrue();
        return c;
    }

    private void revoke(CertificateRecord c) {
        db.ledger().revoke(new RevocationRecord(c.issuerId(), c.serial(), NOW, 1, Optional.empty(), "tester"),
                event("certificate.revoke", c.issuerId() + "/" + c.serial()));
    }

    private static AcmeAccountQuery query(Optional<String> directory, Optional<AcmeStatus.Account> status, int limit,
                                          Optional<String> cursor) {
        return new AcmeAccountQuery(directory, status, NOW, limit, cursor);
    }

    private long auditHead() {
        return db.audit().verify().records();
    }

    @Test
    void summariesCountOrdersCertificatesAndTheStillValidOnes() {
        String directory = AcmeTestData.directory();
        String issuer = newIssuer();
        AcmeAccount busy = newAccount(directory, NOW.minusSeconds(60));
        AcmeAccount idle = newAccount(directory, NOW.minusSeconds(30));
        newOrder(busy, NOW.minusSeconds(50)); // pending: an order, no certificate
        certified(busy, issuer, NOW.minusSeconds(40), NOW.plus(Duration.ofDays(30)));
        CertificateRecord revoked = certified(busy, issuer, NOW.minusSeconds(35), NOW.plus(Duration.ofDays(30)));
        revoke(revoked);
        certified(busy, issuer, NOW.minusSeconds(34), NOW.minusSeconds(1)); // expired at NOW
        certified(busy, issuer, NOW.minusSeconds(33), NOW); // valid through NOW itself, as certificate searches say

        List<AcmeAccountSummary> listed = acme().accountSummaries(query(Optional.of(directory), Optional.empty(), 10,
                Optional.empty())).items();

        assertThat(listed).extracting(s -> s.account().id()).containsExactly(idle.id(), busy.id());
        assertThat(listed.get(0)).isEqualTo(new AcmeAccountSummary(idle, 0, 0, 0));
        assertThat(listed.get(1)).isEqualTo(new AcmeAccountSummary(busy, 5, 4, 2));
        assertThat(acme().accountSummary(busy.id(), NOW)).contains(new AcmeAccountSummary(busy, 5, 4, 2));
        assertThat(acme().accountSummary(busy.id(), NOW.plus(Duration.ofDays(31))))
                .as("later, everything has expired").contains(new AcmeAccountSummary(busy, 5, 4, 0));
        assertThat(acme().accountSummary(AcmeTestData.id(), NOW)).isEmpty();
        assertThat(acme().accountSummary("z".repeat(300), NOW)).isEmpty();
    }

    @Test
    void listingFiltersByDirectoryAndStatusAndPagesNewestFirstWithoutGapsOrRepeats() {
        String directory = AcmeTestData.directory();
        String other = AcmeTestData.directory();
        List<AcmeAccount> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(newAccount(directory, NOW.minusSeconds(100 - i)));
        }
        // Two with the very same instant: the id breaks the tie, so paging neither skips nor repeats one.
        created.add(newAccount(directory, NOW.minusSeconds(50)));
        created.add(newAccount(directory, NOW.minusSeconds(50)));
        AcmeAccount elsewhere = newAccount(other, NOW.minusSeconds(10));
        assertThat(acme().transitionAccount(created.get(1).id(), AcmeStatus.Account.VALID,
                AcmeStatus.Account.DEACTIVATED, event("acme.account.deactivate", created.get(1).id()))).isTrue();
        assertThat(acme().transitionAccount(created.get(4).id(), AcmeStatus.Account.VALID,
                AcmeStatus.Account.REVOKED, event("acme.account.revoke", created.get(4).id()))).isTrue();

        List<String> paged = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            Page<AcmeAccountSummary> page = acme().accountSummaries(query(Optional.of(directory), Optional.empty(), 3,
                    cursor));
            page.items().forEach(s -> paged.add(s.account().id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent());

        List<String> expected = created.stream()
                .sorted((a, b) -> a.createdAt().equals(b.createdAt()) ? b.id().compareTo(a.id())
                        : b.createdAt().compareTo(a.createdAt()))
                .map(AcmeAccount::id).toList();
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);

        assertThat(acme().accountSummaries(query(Optional.of(directory), Optional.of(AcmeStatus.Account.DEACTIVATED),
                10, Optional.empty())).items()).extracting(s -> s.account().id()).containsExactly(created.get(1).id());
        assertThat(acme().accountSummaries(query(Optional.of(directory), Optional.of(AcmeStatus.Account.REVOKED),
                10, Optional.empty())).items()).extracting(s -> s.account().status())
                .containsExactly(AcmeStatus.Account.REVOKED);
        assertThat(acme().accountSummaries(query(Optional.of(other), Optional.empty(), 10, Optional.empty())).items())
                .extracting(s -> s.account().id()).containsExactly(elsewhere.id());

        // Across directories (other suites' accounts share the database): ours are there, newest first.
        List<AcmeAccountSummary> all = new ArrayList<>();
        cursor = Optional.empty();
        do {
            Page<AcmeAccountSummary> page = acme().accountSummaries(query(Optional.empty(), Optional.empty(), 1000,
                    cursor));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        assertThat(all).extracting(s -> s.account().id()).contains(elsewhere.id()).containsAll(expected);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).account().createdAt()).isBeforeOrEqualTo(all.get(i - 1).account().createdAt());
        }
        assertThat(acme().accountSummaries(query(Optional.of("x".repeat(300)), Optional.empty(), 10,
                Optional.empty())).items()).isEmpty();
    }

    @Test
    void badPageSizesAndForeignCursorsAreRefused() {
        assertThatThrownBy(() -> acme().accountSummaries(query(Optional.empty(), Optional.empty(), 0, Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acme().accountSummaries(query(Optional.empty(), Optional.empty(), 1001,
                Optional.empty()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acme().accountSummaries(query(Optional.empty(), Optional.empty(), 10,
                Optional.of("bm90LWEtY3Vyc29y")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acme().accountCertificates(AcmeTestData.id(), Optional.empty(), NOW,
                Optional.of("bm90LWEtY3Vyc29y"), 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acme().accountCertificates(AcmeTestData.id(), Optional.empty(), NOW,
                Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAccountsCertificatesAreThoseOfItsOrdersFilteredByStatusInOrderCreationOrder() {
        String directory = AcmeTestData.directory();
        String issuer = newIssuer();
        AcmeAccount account = newAccount(directory, NOW.minusSeconds(600));
        AcmeAccount neighbour = newAccount(directory, NOW.minusSeconds(600));
        CertificateRecord second = certified(account, issuer, NOW.minusSeconds(200), NOW.plus(Duration.ofDays(9)));
        CertificateRecord first = certified(account, issuer, NOW.minusSeconds(300), NOW.plus(Duration.ofDays(9)));
        CertificateRecord expired = certified(account, issuer, NOW.minusSeconds(100), NOW.minusSeconds(5));
        CertificateRecord revoked = certified(account, issuer, NOW.minusSeconds(50), NOW.plus(Duration.ofDays(9)));
        revoke(revoked);
        newOrder(account, NOW.minusSeconds(40)); // no certificate: not listed
        CertificateRecord theirs = certified(neighbour, issuer, NOW.minusSeconds(250), NOW.plus(Duration.ofDays(9)));

        assertThat(serials(account, Optional.empty())).containsExactly(first.serial(), second.serial(),
                expired.serial(), revoked.serial());
        assertThat(serials(account, Optional.of(CertificateStatus.VALID))).containsExactly(first.serial(),
                second.serial());
        assertThat(serials(account, Optional.of(CertificateStatus.EXPIRED))).containsExactly(expired.serial());
        assertThat(serials(account, Optional.of(CertificateStatus.REVOKED))).containsExactly(revoked.serial());
        assertThat(serials(neighbour, Optional.empty())).containsExactly(theirs.serial());

        CertificateRecord listed = acme().accountCertificates(account.id(), Optional.of(CertificateStatus.REVOKED), NOW,
                Optional.empty(), 10).items().getFirst();
        assertThat(listed.status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(listed.sans()).isEqualTo(revoked.sans());
        assertThat(listed.der()).isEqualTo(revoked.der());
        assertThat(acme().accountCertificates(AcmeTestData.id(), Optional.empty(), NOW, Optional.empty(), 10).items())
                .isEmpty();
    }

    @Test
    void anOperatorsStatusChangeIsCompareAndSetAndAuditedOnlyWhenItHappens() {
        AcmeAccount a = newAccount(AcmeTestData.directory(), NOW);
        long before = auditHead();

        assertThat(acme().transitionAccount(a.id(), AcmeStatus.Account.VALID, AcmeStatus.Account.DEACTIVATED,
                event("acme.account.deactivate", "acme:" + a.directory() + "/" + a.id()))).isTrue();

        assertThat(acme().account(a.id()).orElseThrow().status()).isEqualTo(AcmeStatus.Account.DEACTIVATED);
        assertThat(auditHead()).isEqualTo(before + 1);
        List<AuditRecord> records = db.audit().list(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), before, 10));
        assertThat(records).extracting(r -> r.event().action()).containsExactly("acme.account.deactivate");
        assertThat(records.getFirst().event().target()).isEqualTo("acme:" + a.directory() + "/" + a.id());

        assertThat(acme().transitionAccount(a.id(), AcmeStatus.Account.VALID, AcmeStatus.Account.DEACTIVATED,
                event("acme.account.deactivate", a.id()))).as("no longer valid").isFalse();
        assertThat(auditHead()).as("nothing audited for a change that did not happen").isEqualTo(before + 1);
        assertFails(StorageException.Kind.NOT_FOUND, () -> acme().transitionAccount(AcmeTestData.id(),
                AcmeStatus.Account.VALID, AcmeStatus.Account.DEACTIVATED, event("acme.account.deactivate", "x")));
        assertFails(StorageException.Kind.NOT_FOUND, () -> acme().transitionAccount("q".repeat(200),
                AcmeStatus.Account.VALID, AcmeStatus.Account.DEACTIVATED, event("acme.account.deactivate", "x")));
    }

    private List<String> serials(AcmeAccount account, Optional<CertificateStatus> status) {
        List<String> out = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<CertificateRecord> page = acme().accountCertificates(account.id(), status, NOW, cursor, 2);
            page.items().forEach(c -> out.add(c.serial()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return out;
    }
}
