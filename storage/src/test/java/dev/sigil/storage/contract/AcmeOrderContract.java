package dev.sigil.storage.contract;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.certificate.Page;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.sigil.storage.contract.AcmeTestData.authorization;
import static dev.sigil.storage.contract.AcmeTestData.dns;
import static dev.sigil.storage.contract.AcmeTestData.order;
import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ACME orders, authorizations and challenges: round trips, pagination, compare-and-set steps, expiry. */
abstract class AcmeOrderContract extends DatabaseSuite {

    private static final int RACERS = 8;

    AcmeOrderContract(Backend backend) {
        super(backend);
    }

    private AcmeStore acme() {
        return db.acme();
    }

    private AcmeAccount newAccount(String directory) {
        AcmeAccount a = AcmeTestData.account(directory);
        acme().createAccount(a, event("acme.account.create", a.id()));
        return a;
    }

    /** Creates a pending order with one new pending authorization per identifier. */
    private AcmeOrder newOrder(AcmeAccount account, Instant createdAt, String... names) {
        List<AcmeIdentifier> identifiers = new ArrayList<>();
        List<AcmeAuthorization> authorizations = new ArrayList<>();
        for (String name : names) {
            identifiers.add(dns(name));
            authorizations.add(authorization(account, dns(name), false));
        }
        AcmeOrder o = order(account, identifiers, authorizations.stream().map(AcmeAuthorization::id).toList(),
                createdAt);
        acme().createOrder(o, authorizations);
        return o;
    }

    private static AcmeOrder withStatus(AcmeOrder o, AcmeStatus.Order status, Optional<String> error,
                                        Optional<String> issuer, Optional<String> serial) {
        return new AcmeOrder(o.id(), o.accountId(), o.directory(), status, o.expiresAt(), o.identifiers(),
                o.notBefore(), o.notAfter(), o.authorizationIds(), error, issuer, serial, o.replaces(), o.createdAt());
    }

    @Test
    void ordersWithNewAndReusedAuthorizationsRoundTripExactly() {
        AcmeAccount account = newAccount(AcmeTestData.directory());
        AcmeAuthorization apex = authorization(account, dns("example.com"), false);
        AcmeAuthorization wildcard = authorization(account, dns("example.com"), true);
        AcmeOrder first = new AcmeOrder(AcmeTestData.id(), account.id(), account.directory(), AcmeStatus.Order.PENDING,
                NOW.plus(Duration.ofDays(7)), List.of(dns("example.com"), dns("*.example.com")),
                Optional.of(NOW.plusNanos(7_000)), Optional.of(NOW.plus(Duration.ofDays(90))),
                List.of(apex.id(), wildcard.id()), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"), NOW);
        acme().createOrder(first, List.of(apex, wildcard));

        AcmeAuthorization ip = authorization(account, new AcmeIdentifier("ip", "2001:db8::1"), false);
        AcmeOrder second = order(account, List.of(dns("example.com"), new AcmeIdentifier("ip", "2001:db8::1")),
                List.of(apex.id(), ip.id()), NOW.plusSeconds(1));
        acme().createOrder(second, List.of(ip));

        assertThat(acme().order(first.id())).contains(first);
        assertFails(StorageException.Kind.CONFLICT, () -> acme().createOrder(first, List.of()));
        assertThat(acme().order(second.id())).contains(second);
        assertThat(acme().authorization(apex.id())).contains(apex);
        assertThat(acme().authorization(wildcard.id())).contains(wildcard);
        assertThat(acme().authorization(ip.id())).contains(ip);
        AcmeChallenge challenge = ip.challenges().get(1);
        assertThat(acme().challenge(challenge.id())).contains(challenge);
        assertThat(acme().order(AcmeTestData.id())).isEmpty();
        assertThat(acme().authorization(AcmeTestData.id())).isEmpty();
        assertThat(acme().challenge("z".repeat(300))).isEmpty();
    }

    @Test
    void anOrderCannotLeanOnAnotherAccountsAuthorizationOrAMissingAccount() {
        String directory = AcmeTestData.directory();
        AcmeAccount owner = newAccount(directory);
        AcmeAccount thief = newAccount(directory);
        AcmeOrder owners = newOrder(owner, NOW, "owned.example");
        AcmeAuthorization fresh = authorization(thief, dns("fresh.example"), false);
        AcmeOrder stealing = order(thief, List.of(dns("owned.example"), dns("fresh.example")),
                List.of(owners.authorizationIds().getFirst(), fresh.id()), NOW);

        assertFails(StorageException.Kind.NOT_FOUND, () -> acme().createOrder(stealing, List.of(fresh)));
        assertThat(acme().order(stealing.id())).isEmpty();
        assertThat(acme().authorization(fresh.id())).as("rolled back with the order").isEmpty();

        AcmeAccount ghost = AcmeTestData.account(directory); // never created
        AcmeAuthorization ghostAuthz = authorization(ghost, dns("ghost.example"), false);
        assertFails(StorageException.Kind.NOT_FOUND, () -> acme().createOrder(
                order(ghost, List.of(dns("ghost.example")), List.of(ghostAuthz.id()), NOW), List.of(ghostAuthz)));
        assertThatThrownBy(() -> acme().createOrder(order(thief, List.of(dns("x.example")), List.of(), NOW),
                List.of(fresh))).as("a new authorization the order does not list")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersOfListsAnAccountsOrdersOldestFirstAcrossPages() {
        String directory = AcmeTestData.directory();
        AcmeAccount account = newAccount(directory);
        AcmeAccount other = newAccount(directory);
        List<AcmeOrder> orders = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            orders.add(newOrder(account, NOW.plusSeconds(i / 2), "n" + i + ".example")); // pairs share an instant
        }
        newOrder(other, NOW, "other.example");
        List<AcmeOrder> expected = orders.stream().sorted(Comparator.comparing(AcmeOrder::createdAt)
                .thenComparing(AcmeOrder::id)).toList();

        List<AcmeOrder> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        List<Integer> pageSizes = new ArrayList<>();
        do {
            Page<AcmeOrder> page = acme().ordersOf(account.id(), cursor, 3);
            seen.addAll(page.items());
            pageSizes.add(page.items().size());
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(acme().ordersOf(AcmeTestData.id(), Optional.empty(), 10).items()).isEmpty();
        assertThatThrownBy(() -> acme().ordersOf(account.id(), Optional.of("%%%"), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transitionOrderIsCompareAndSetAndRecordsTheCertificate() {
        AcmeAccount account = newAccount(AcmeTestData.directory());
        AcmeOrder o = newOrder(account, NOW, "cas.example");
        String issuer = TestData.issuerId();
        String serial = TestData.serial();

        assertThat(acme().transitionOrder(o.id(), AcmeStatus.Order.PENDING, AcmeStatus.Order.READY,
                Optional.empty(), Optional.empty(), Optional.empty())).isTrue();
        assertThat(acme().transitionOrder(o.id(), AcmeStatus.Order.PENDING, AcmeStatus.Order.READY,
                Optional.empty(), Optional.empty(), Optional.empty())).as("no longer pending").isFalse();
        assertThat(acme().transitionOrder(o.id(), AcmeStatus.Order.READY, AcmeStatus.Order.PROCESSING,
                Optional.empty(), Optional.empty(), Optional.empty())).isTrue();
        assertThat(acme().orderByCertificate(issuer, serial)).isEmpty();
        assertThat(acme().transitionOrder(o.id(), AcmeStatus.Order.PROCESSING, AcmeStatus.Order.VALID,
                Optional.empty(), Optional.of(issuer), Optional.of(serial))).isTrue();

        AcmeOrder valid = withStatus(o, AcmeStatus.Order.VALID, Optional.empty(), Optional.of(issuer), Optional.of(serial));
        assertThat(acme().order(o.id())).contains(valid);
        assertThat(acme().orderByCertificate(issuer, serial)).contains(valid);
        assertThat(acme().orderByCertificate(issuer, TestData.serial())).isEmpty();
        assertThat(acme().transitionOrder(AcmeTestData.id(), AcmeStatus.Order.PENDING, AcmeStatus.Order.READY,
                Optional.empty(), Optional.empty(), Optional.empty())).as("unknown order").isFalse();

        AcmeOrder another = newOrder(account, NOW, "cas2.example");
        acme().transitionOrder(another.id(), AcmeStatus.Order.PENDING, AcmeStatus.Order.PROCESSING,
                Optional.empty(), Optional.empty(), Optional.empty());
        assertFails(StorageException.Kind.CONFLICT, () -> acme().transitionOrder(another.id(),
                AcmeStatus.Order.PROCESSING, AcmeStatus.Order.VALID, Optional.empty(), Optional.of(issuer),
                Optional.of(serial)));
        String error = "{\"type\":\"urn:ietf:params:acme:error:badCSR\",\"detail\":\"key reused\"}";
        assertThat(acme().transitionOrder(another.id(), AcmeStatus.Order.PROCESSING, AcmeStatus.Order.INVALID,
                Optional.of(error), Optional.empty(), Optional.empty())).isTrue();
        assertThat(acme().order(another.id())).contains(withStatus(another, AcmeStatus.Order.INVALID,
                Optional.of(error), Optional.empty(), Optional.empty()));
        assertThatThrownBy(() -> acme().transitionOrder(another.id(), AcmeStatus.Order.PROCESSING,
                AcmeStatus.Order.VALID, Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void racingFinalizersOfOneOrderHaveExactlyOneWinner() throws Exception {
        AcmeAccount account = newAccount(AcmeTestData.directory());
        for (int round = 0; round < 5; round++) {
            AcmeOrder o = newOrder(account, NOW, "race" + round + ".example");
            acme().transitionOrder(o.id(), AcmeStatus.Order.PENDING, AcmeStatus.Order.READY, Optional.empty(),
                    Optional.empty(), Optional.empty());
            assertThat(Concurrently.run(RACERS, i -> acme().transitionOrder(o.id(), AcmeStatus.Order.READY,
                    AcmeStatus.Order.PROCESSING, Optional.empty(), Optional.empty(), Optional.empty()))).isEqualTo(1);
            assertThat(acme().order(o.id()).orElseThrow().status()).isEqualTo(AcmeStatus.Order.PROCESSING);
        }
    }

    @Test
    void authorizationsForFindsOnlyTheAccountsLiveMatchingOnes() {
        String directory = AcmeTestData.directory();
        AcmeAccount account = newAccount(directory);
        AcmeAccount stranger = newAccount(directory);
        Instant later = NOW.plus(Duration.ofDays(30));
        AcmeAuthorization pending = authorization(account, dns("a.example"), false);
        AcmeAuthorization valid = authorization(account, dns("b.example"), false, AcmeStatus.Authorization.VALID, later);
        AcmeAuthorization wildcard = authorization(account, dns("a.example"), true, AcmeStatus.Authorization.VALID, later);
        AcmeAuthorization invalid = authorization(account, dns("c.example"), false, AcmeStatus.Authorization.INVALID, later);
        AcmeAuthorization deactivated = authorization(account, dns("c.example"), false,
                AcmeStatus.Authorization.DEACTIVATED, later);
        AcmeAuthorization expiring = authorization(account, dns("d.example"), false, AcmeStatus.Authorization.VALID,
                NOW.plusSeconds(60));
        AcmeAuthorization unasked = authorization(account, dns("e.example"), false, AcmeStatus.Authorization.VALID, later);
        AcmeAuthorization ip = authorization(account, new AcmeIdentifier("ip", "b.example"), false,
                AcmeStatus.Authorization.VALID, later);
        List<AcmeAuthorization> mine = List.of(pending, valid, wildcard, invalid, deactivated, expiring, unasked, ip);
        acme().createOrder(order(account, mine.stream().map(AcmeAuthorization::identifier).toList(),
                mine.stream().map(AcmeAuthorization::id).toList(), NOW), mine);
        AcmeAuthorization strangers = authorization(stranger, dns("a.example"), false);
        acme().createOrder(order(stranger, List.of(dns("a.example")), List.of(strangers.id()), NOW), List.of(strangers));
        List<AcmeIdentifier> asked = List.of(dns("a.example"), dns("b.example"), dns("c.example"), dns("d.example"));

        assertThat(acme().authorizationsFor(account.id(), directory, asked, false, NOW.plusSeconds(3600)))
                .containsExactlyInAnyOrder(pending, valid);
        assertThat(acme().authorizationsFor(account.id(), directory, asked, false, NOW))
                .containsExactlyInAnyOrder(pending, valid, expiring);
        assertThat(acme().authorizationsFor(account.id(), directory, asked, true, NOW)).containsExactly(wildcard);
        assertThat(acme().authorizationsFor(account.id(), "elsewhere", asked, false, NOW)).isEmpty();
        assertThat(acme().authorizationsFor(stranger.id(), directory, asked, false, NOW)).containsExactly(strangers);
        assertThat(acme().authorizationsFor(account.id(), directory, List.of(), false, NOW)).isEmpty();
    }

    @Test
    void validationStartsOnceAndFinishesOnceForChallengeAndAuthorizationTogether() {
        AcmeAccount account = newAccount(AcmeTestData.directory());
        AcmeAuthorization authz = acme().authorization(newOrder(account, NOW, "v.example").authorizationIds()
                .getFirst()).orElseThrow();
        AcmeChallenge http = authz.challenges().get(1);
        Instant done = NOW.plusSeconds(10).plusNanos(5_000);
        Instant reusableUntil = NOW.plus(Duration.ofDays(30));

        assertThat(acme().finishValidation(http.id(), true, Optional.empty(), done, reusableUntil))
                .as("not started").isFalse();
        assertThat(acme().authorization(authz.id())).contains(authz);
        assertThat(acme().startValidation(http.id(), NOW)).isTrue();
        assertThat(acme().startValidation(http.id(), NOW)).isFalse();
        assertThat(acme().challenge(http.id()).orElseThrow().status()).isEqualTo(AcmeStatus.Challenge.PROCESSING);

        assertThat(acme().finishValidation(http.id(), true, Optional.empty(), done, reusableUntil)).isTrue();
        assertThat(acme().finishValidation(http.id(), false, Optional.of("{}"), done, reusableUntil)).isFalse();

        AcmeAuthorization after = acme().authorization(authz.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(AcmeStatus.Authorization.VALID);
        assertThat(after.expiresAt()).isEqualTo(reusableUntil);
        assertThat(after.challenges().get(1)).isEqualTo(new AcmeChallenge(http.id(), authz.id(), "http-01",
                http.token(), AcmeStatus.Challenge.VALID, Optional.of(done), Optional.empty()));
        assertThat(after.challenges().get(0)).isEqualTo(authz.challenges().get(0));
        assertThat(acme().startValidation(AcmeTestData.id(), NOW)).isFalse();
    }

    @Test
    void aFailedValidationInvalidatesChallengeAndAuthorization() throws Exception {
        AcmeAccount account = newAccount(AcmeTestData.directory());
        AcmeAuthorization authz = acme().authorization(newOrder(account, NOW, "f.example").authorizationIds()
                .getFirst()).orElseThrow();
        AcmeChallenge dns01 = authz.challenges().get(2);
        String problem = "{\"type\":\"urn:ietf:params:acme:error:dns\",\"detail\":\"no TXT record\"}";
        acme().startValidation(dns01.id(), NOW);

        int winners = Concurrently.run(RACERS, i -> acme().finishValidation(dns01.id(), false, Optional.of(problem),
                NOW, NOW.plus(Duration.ofDays(30))));

        assertThat(winners).isEqualTo(1);
        AcmeAuthorization after = acme().authorization(authz.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(AcmeStatus.Authorization.INVALID);
        assertThat(after.expiresAt()).isEqualTo(authz.expiresAt());
        assertThat(after.challenges().get(2)).isEqualTo(new AcmeChallenge(dns01.id(), authz.id(), "dns-01",
                dns01.token(), AcmeStatus.Challenge.INVALID, Optional.empty(), Optional.of(problem)));
    }

    @Test
    void aLateValidationDoesNotReviveADeactivatedOrExpiredAuthorization() {
        AcmeAccount account = newAccount(AcmeTestData.directory());
        AcmeAuthorization deactivated = acme().authorization(newOrder(account, NOW, "d.example").authorizationIds()
                .getFirst()).orElseThrow();
        acme().startValidation(deactivated.challenges().getFirst().id(), NOW);
        assertThat(acme().deactivateAuthorization(deactivated.id())).isTrue();
        assertThat(acme().finishValidation(deactivated.challenges().getFirst().id(), true, Optional.empty(), NOW,
                NOW.plus(Duration.ofDays(30)))).isTrue();
        assertThat(acme().authorization(deactivated.id()).orElseThrow().status())
                .isEqualTo(AcmeStatus.Authorization.DEACTIVATED);

        AcmeAuthorization lapsed = authorization(account, dns("late.example"), false, AcmeStatus.Authorization.PENDING,
                NOW.plusSeconds(5));
        acme().createOrder(order(account, List.of(lapsed.identifier()), List.of(lapsed.id()), NOW), List.of(lapsed));
        acme().startValidation(lapsed.challenges().getFirst().id(), NOW);
        assertThat(acme().finishValidation(lapsed.challenges().getFirst().id(), true, Optional.empty(),
                NOW.plusSeconds(5), NOW.plus(Duration.ofDays(30)))).isTrue();
        assertThat(acme().authorization(lapsed.id()).orElseThrow().status()).isEqualTo(AcmeStatus.Authorization.PENDING);
    }

    @Test
    void deactivationMovesOnlyPendingOrValidAuthorizations() {
        AcmeAccount account = newAccount(AcmeTestData.directory());
        Instant later = NOW.plus(Duration.ofDays(30));
        AcmeAuthorization pending = authorization(account, dns("p.example"), false);
        AcmeAuthorization valid = authorization(account, dns("v.example"), false, AcmeStatus.Authorization.VALID, later);
        AcmeAuthorization invalid = authorization(account, dns("i.example"), false, AcmeStatus.Authorization.INVALID, later);
        List<AcmeAuthorization> all = List.of(pending, valid, invalid);
        acme().createOrder(order(account, all.stream().map(AcmeAuthorization::identifier).toList(),
                all.stream().map(AcmeAuthorization::id).toList(), NOW), all);

        assertThat(acme().deactivateAuthorization(pending.id())).isTrue();
        assertThat(acme().deactivateAuthorization(pending.id())).isFalse();
        assertThat(acme().deactivateAuthorization(valid.id())).isTrue();
        assertThat(acme().deactivateAuthorization(invalid.id())).isFalse();
        assertThat(acme().deactivateAuthorization(AcmeTestData.id())).isFalse();
        assertThat(acme().authorization(valid.id()).orElseThrow().status()).isEqualTo(AcmeStatus.Authorization.DEACTIVATED);
        assertThat(acme().authorization(invalid.id()).orElseThrow().status()).isEqualTo(AcmeStatus.Authorization.INVALID);
    }
}
