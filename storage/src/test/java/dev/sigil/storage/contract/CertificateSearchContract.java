package dev.sigil.storage.contract;

import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.certificate.CertificateQuery;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateSort;
import dev.sigil.storage.certificate.Page;
import dev.sigil.storage.certificate.San;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static dev.sigil.storage.contract.AcmeTestData.authorization;
import static dev.sigil.storage.contract.AcmeTestData.dns;
import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.certificate;
import static dev.sigil.storage.contract.TestData.event;
import static dev.sigil.storage.contract.TestData.serial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The search filters and orders added for incident response (issue 6): SAN patterns, issued-between, the ACME
 * account behind a certificate, and keyset pagination in every order and direction with ties on the sort key.
 * Each test scopes its rows by a fresh owner or issuer, since the database is shared by the class.
 */
abstract class CertificateSearchContract extends DatabaseSuite {

    CertificateSearchContract(Backend backend) {
        super(backend);
    }

    private String newIssuer() {
        String id = TestData.issuerId();
        db.ledger().addIssuer(TestData.root(id), event("ca.create", id));
        return id;
    }

    private CertificateRecord issue(String issuer, String owner, Instant issuedAt, Instant notAfter, San... sans) {
        CertificateRecord c = TestData.withOwnerAndProfile(certificate(issuer, serial(), issuedAt, notAfter),
                Optional.of(owner), "server");
        if (sans.length > 0) {
            c = TestData.withSans(c, List.of(sans));
        }
        db.ledger().recordIssuance(c, event("certificate.issue", c.serial()));
        return c;
    }

    @Test
    void sanPatternsMatchByPrefixSuffixOrBothAndTreatLikeCharactersLiterally() {
        String issuer = newIssuer();
        String owner = "owner-" + serial();
        Instant end = NOW.plus(Duration.ofDays(30));
        CertificateRecord a = issue(issuer, owner, NOW, end, San.dns("a.ci.internal"));
        CertificateRecord deep = issue(issuer, owner, NOW, end, San.dns("web.x.CI.internal"), San.ip("10.1.2.3"));
        CertificateRecord apex = issue(issuer, owner, NOW, end, San.dns("ci.internal"));
        CertificateRecord web = issue(issuer, owner, NOW, end, San.dns("web-1.prod.internal"));
        CertificateRecord underscore = issue(issuer, owner, NOW, end, San.dns("a_b.test"));
        CertificateRecord lookalike = issue(issuer, owner, NOW, end, San.dns("axb.test"));
        CertificateRecord both = issue(issuer, owner, NOW, end, San.dns("one.ci.internal"), San.dns("two.ci.internal"));

        assertThat(sanSearch(owner, "*.ci.internal")).as("suffix, any depth, once per certificate")
                .containsExactlyInAnyOrder(a.serial(), deep.serial(), both.serial());
        assertThat(sanSearch(owner, "*.CI.Internal")).as("DNS names match case-insensitively")
                .containsExactlyInAnyOrder(a.serial(), deep.serial(), both.serial());
        assertThat(sanSearch(owner, "web*")).as("prefix").containsExactlyInAnyOrder(deep.serial(), web.serial());
        assertThat(sanSearch(owner, "*prod*")).as("infix").containsExactly(web.serial());
        assertThat(sanSearch(owner, "10.1.*")).as("an IP prefix").containsExactly(deep.serial());
        assertThat(sanSearch(owner, "a_b*")).as("_ is literal").containsExactly(underscore.serial());
        assertThat(sanSearch(owner, "a%*")).as("% is literal").isEmpty();
        assertThat(sanSearch(owner, "*")).hasSize(7);
        assertThat(sanSearch(owner, "ci.internal")).as("no * means exact").containsExactly(apex.serial());
        assertThat(sanSearch(owner, "*.test")).containsExactlyInAnyOrder(underscore.serial(), lookalike.serial());
    }

    @Test
    void issuedBetweenIsHalfOpen() {
        String issuer = newIssuer();
        String owner = "owner-" + serial();
        List<CertificateRecord> certs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            certs.add(issue(issuer, owner, NOW.plusSeconds(i), NOW.plus(Duration.ofDays(30))));
        }
        CertificateQuery q = byOwner(owner).withIssuedBetween(Optional.of(NOW.plusSeconds(1)),
                Optional.of(NOW.plusSeconds(3)));
        assertThat(serials(db.certificates().search(q))).containsExactly(certs.get(2).serial(), certs.get(1).serial());
        assertThat(serials(db.certificates().search(byOwner(owner).withIssuedBetween(
                Optional.of(NOW.plusSeconds(4)), Optional.empty())))).containsExactly(certs.get(4).serial());
        assertThat(serials(db.certificates().search(byOwner(owner).withIssuedBetween(
                Optional.empty(), Optional.of(NOW))))).isEmpty();
    }

    @Test
    void acmeAccountFilterFindsTheCertificatesOfThatAccountsOrders() {
        String issuer = newIssuer();
        String owner = "owner-" + serial();
        AcmeAccount mine = newAccount();
        AcmeAccount other = newAccount();
        CertificateRecord first = issue(issuer, owner, NOW, NOW.plus(Duration.ofDays(30)));
        CertificateRecord second = issue(issuer, owner, NOW.plusSeconds(1), NOW.plus(Duration.ofDays(30)));
        CertificateRecord theirs = issue(issuer, owner, NOW, NOW.plus(Duration.ofDays(30)));
        issue(issuer, owner, NOW, NOW.plus(Duration.ofDays(30))); // not from ACME at all
        finishOrder(mine, first);
        finishOrder(mine, second);
        finishOrder(other, theirs);
        newOrder(mine, "pending.example"); // an order without a certificate matches nothing

        assertThat(serials(db.certificates().search(CertificateQuery.all(NOW).withAcmeAccount(mine.id()))))
                .containsExactly(second.serial(), first.serial());
        assertThat(serials(db.certificates().search(byOwner(owner).withAcmeAccount(other.id()))))
                .containsExactly(theirs.serial());
        assertThat(serials(db.certificates().search(CertificateQuery.all(NOW).withAcmeAccount("no-such-account"))))
                .isEmpty();
    }

    @Test
    void everyOrderPagesThroughEveryRowOnceWithTiesOnTheKey() {
        String a = newIssuer();
        String b = newIssuer();
        String owner = "owner-" + serial();
        List<CertificateRecord> all = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            // issuedAt ties in threes, notAfter in fours, and one serial exists under both issuers.
            all.add(issue(i == 16 ? b : a, owner, NOW.plusSeconds(i / 3), NOW.plus(Duration.ofDays(10 + i / 4))));
        }
        CertificateRecord twin = all.get(5);
        CertificateRecord twinElsewhere = new CertificateRecord(b, twin.serial(), twin.subjectDn(), twin.sans(),
                twin.keyType(), twin.notBefore(), twin.notAfter(), twin.status(), twin.revokedAt(),
                twin.revocationReason(), twin.owner(), twin.label(), twin.profile(), twin.der(), twin.issuedAt(),
                twin.requestedBy());
        db.ledger().recordIssuance(twinElsewhere, event("certificate.issue", twin.serial()));
        all.add(twinElsewhere);

        for (CertificateSort sort : CertificateSort.values()) {
            Function<CertificateRecord, Instant> key = sort == CertificateSort.EXPIRY ? CertificateRecord::notAfter
                    : sort == CertificateSort.ISSUED ? CertificateRecord::issuedAt : c -> Instant.EPOCH;
            Comparator<CertificateRecord> order = Comparator.comparing(key).thenComparing(CertificateRecord::serial)
                    .thenComparing(CertificateRecord::issuerId);
            for (boolean descending : new boolean[] {false, true}) {
                List<String> expected = all.stream().sorted(descending ? order.reversed() : order)
                        .map(c -> c.issuerId() + "/" + c.serial()).toList();
                List<String> seen = new ArrayList<>();
                Optional<String> cursor = Optional.empty();
                int pages = 0;
                do {
                    Page<CertificateRecord> page = db.certificates().search(
                            byOwner(owner).sortedBy(sort, descending).page(4, cursor));
                    page.items().forEach(c -> seen.add(c.issuerId() + "/" + c.serial()));
                    cursor = page.nextCursor();
                    pages++;
                } while (cursor.isPresent() && pages < 10);
                assertThat(seen).as(sort + (descending ? " desc" : " asc")).containsExactlyElementsOf(expected);
                assertThat(pages).isEqualTo(5);
            }
        }
    }

    @Test
    void aCursorIsOnlyValidForTheOrderItCameFrom() {
        String issuer = newIssuer();
        String owner = "owner-" + serial();
        issue(issuer, owner, NOW, NOW.plus(Duration.ofDays(1)));
        issue(issuer, owner, NOW, NOW.plus(Duration.ofDays(2)));
        Page<CertificateRecord> first = db.certificates().search(byOwner(owner)
                .sortedBy(CertificateSort.EXPIRY, false).page(1, Optional.empty()));
        assertThat(first.nextCursor()).isPresent();
        assertThatThrownBy(() -> db.certificates().search(byOwner(owner).sortedBy(CertificateSort.EXPIRY, true)
                .page(1, first.nextCursor()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.certificates().search(byOwner(owner).page(1, first.nextCursor())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private AcmeAccount newAccount() {
        AcmeAccount account = AcmeTestData.account(AcmeTestData.directory());
        db.acme().createAccount(account, event("acme.account.create", account.id()));
        return account;
    }

    private AcmeOrder newOrder(AcmeAccount account, String name) {
        AcmeAuthorization authz = authorization(account, dns(name), false);
        AcmeOrder order = AcmeTestData.order(account, List.of(dns(name)), List.of(authz.id()), NOW);
        db.acme().createOrder(order, List.of(authz));
        return order;
    }

    /** An order of {@code account} that ends VALID with {@code cert} as its certificate. */
    private void finishOrder(AcmeAccount account, CertificateRecord cert) {
        AcmeOrder order = newOrder(account, "host-" + cert.serial() + ".example");
        assertThat(db.acme().transitionOrder(order.id(), AcmeStatus.Order.PENDING, AcmeStatus.Order.PROCESSING,
                Optional.empty(), Optional.empty(), Optional.empty())).isTrue();
        assertThat(db.acme().transitionOrder(order.id(), AcmeStatus.Order.PROCESSING, AcmeStatus.Order.VALID,
                Optional.empty(), Optional.of(cert.issuerId()), Optional.of(cert.serial()))).isTrue();
    }

    private static CertificateQuery byOwner(String owner) {
        return new CertificateQuery(NOW, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(owner),
                Optional.empty(), Optional.empty(), CertificateQuery.MAX_LIMIT, Optional.empty());
    }

    private List<String> sanSearch(String owner, String pattern) {
        CertificateQuery q = byOwner(owner);
        return serials(db.certificates().search(new CertificateQuery(q.now(), q.status(), q.expiringBefore(),
                Optional.of(pattern), q.owner(), q.profile(), q.issuerId(), q.limit(), q.cursor())));
    }

    private static List<String> serials(Page<CertificateRecord> page) {
        return page.items().stream().map(CertificateRecord::serial).toList();
    }
}
