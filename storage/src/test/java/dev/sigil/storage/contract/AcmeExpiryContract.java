package dev.sigil.storage.contract;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeRecovery;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.sigil.storage.contract.AcmeTestData.authorization;
import static dev.sigil.storage.contract.AcmeTestData.dns;
import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replay nonces and housekeeping. {@code expire} is set-based over the whole database, so its test works in a
 * time range of its own (ten years back) that no other test of this class touches, and counts rows exactly.
 */
abstract class AcmeExpiryContract extends DatabaseSuite {

    private static final int RACE_ROUNDS = 10;
    private static final int RACERS = 8;
    private static final Instant CUTOFF = NOW.minus(Duration.ofDays(3650));
    private static final Instant ANCIENT = CUTOFF.minus(Duration.ofDays(1));
    private static final Instant JUST_LIVE = CUTOFF.plusNanos(1_000);

    AcmeExpiryContract(Backend backend) {
        super(backend);
    }

    private AcmeStore acme() {
        return db.acme();
    }

    @Test
    void aNonceIsRedeemedExactlyOnce() {
        List<String> nonces = IntStream.range(0, 5).mapToObj(i -> AcmeTestData.id()).toList();
        acme().addNonces(nonces, NOW.plusSeconds(300));

        for (String n : nonces) {
            assertThat(acme().redeemNonce(n, NOW)).as("first use").isTrue();
            assertThat(acme().redeemNonce(n, NOW)).as("second use").isFalse();
        }
        assertThat(acme().redeemNonce(AcmeTestData.id(), NOW)).as("never issued").isFalse();
        assertThat(acme().redeemNonce("x".repeat(10_000), NOW)).as("absurdly long").isFalse();
        assertThat(acme().redeemNonce("", NOW)).isFalse();
        acme().addNonces(List.of(), NOW); // nothing to store is no error
    }

    @Test
    void aNonceIsLiveOnlyBeforeItsExpiry() {
        String atExpiry = AcmeTestData.id();
        String justBefore = AcmeTestData.id();
        acme().addNonces(List.of(atExpiry), NOW);
        acme().addNonces(List.of(justBefore), NOW.plusNanos(1_000));

        assertThat(acme().redeemNonce(atExpiry, NOW)).isFalse();
        assertThat(acme().redeemNonce(justBefore, NOW)).isTrue();
    }

    @Test
    void aBatchOfNoncesIsStoredWhollyOrNotAtAll() {
        String taken = AcmeTestData.id();
        String fresh = AcmeTestData.id();
        acme().addNonces(List.of(taken), NOW.plusSeconds(60));

        assertFails(StorageException.Kind.CONFLICT, () -> acme().addNonces(List.of(fresh, taken), NOW.plusSeconds(60)));

        assertThat(acme().redeemNonce(fresh, NOW)).as("rolled back with its batch").isFalse();
        assertThat(acme().redeemNonce(taken, NOW)).isTrue();
        assertThatThrownBy(() -> acme().addNonces(List.of("n".repeat(65)), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void racersRedeemingOneNonceHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            String nonce = AcmeTestData.id();
            acme().addNonces(List.of(nonce), NOW.plusSeconds(60));
            assertThat(Concurrently.run(RACERS, i -> acme().redeemNonce(nonce, NOW))).isEqualTo(1);
        }
    }

    @Test
    void expireEndsWhatIsNoLongerLiveAndNothingElse() {
        AcmeAccount account = AcmeTestData.account(AcmeTestData.directory());
        acme().createAccount(account, event("acme.account.create", account.id()));
        acme().addNonces(List.of("old-nonce-" + account.id(), "edge-nonce-" + account.id()), CUTOFF);
        acme().addNonces(List.of("live-nonce-" + account.id()), JUST_LIVE);
        AcmeAuthorization pendingOld = authorization(account, dns("old.example"), false,
                AcmeStatus.Authorization.PENDING, ANCIENT);
        AcmeAuthorization pendingAtCutoff = authorization(account, dns("edge.example"), false,
                AcmeStatus.Authorization.PENDING, CUTOFF);
        AcmeAuthorization pendingLive = authorization(account, dns("live.example"), false,
                AcmeStatus.Authorization.PENDING, JUST_LIVE);
        AcmeAuthorization validOld = authorization(account, dns("valid.example"), false,
                AcmeStatus.Authorization.VALID, ANCIENT);
        List<AcmeAuthorization> authorizations = List.of(pendingOld, pendingAtCutoff, pendingLive, validOld);
        AcmeOrder pendingOrder = order(account, AcmeStatus.Order.PENDING, ANCIENT, authorizations);
        AcmeOrder readyOrder = order(account, AcmeStatus.Order.READY, CUTOFF, List.of());
        AcmeOrder processingOrder = order(account, AcmeStatus.Order.PROCESSING, ANCIENT, List.of());
        AcmeOrder liveOrder = order(account, AcmeStatus.Order.PENDING, JUST_LIVE, List.of());
        acme().createOrder(pendingOrder, authorizations);
        for (AcmeOrder o : List.of(readyOrder, processingOrder, liveOrder)) {
            acme().createOrder(o, List.of());
        }

        // 2 nonces, 2 authorizations, 2 orders.
        assertThat(acme().expire(CUTOFF)).isEqualTo(6);
        assertThat(acme().expire(CUTOFF)).as("idempotent").isZero();

        assertThat(acme().redeemNonce("old-nonce-" + account.id(), ANCIENT.minusSeconds(1))).as("deleted").isFalse();
        assertThat(acme().redeemNonce("edge-nonce-" + account.id(), ANCIENT)).as("deleted").isFalse();
        assertThat(acme().redeemNonce("live-nonce-" + account.id(), CUTOFF)).isTrue();
        assertThat(status(pendingOld)).isEqualTo(AcmeStatus.Authorization.EXPIRED);
        assertThat(status(pendingAtCutoff)).isEqualTo(AcmeStatus.Authorization.EXPIRED);
        assertThat(status(pendingLive)).isEqualTo(AcmeStatus.Authorization.PENDING);
        assertThat(status(validOld)).as("valid ones are the protocol's to judge").isEqualTo(AcmeStatus.Authorization.VALID);
        for (AcmeOrder o : List.of(pendingOrder, readyOrder)) {
            AcmeOrder expired = acme().order(o.id()).orElseThrow();
            assertThat(expired.status()).isEqualTo(AcmeStatus.Order.INVALID);
            assertThat(expired.errorJson()).hasValueSatisfying(e -> assertThat(e)
                    .contains("\"type\":\"urn:ietf:params:acme:error:unauthorized\"").contains("expired"));
        }
        assertThat(acme().order(processingOrder.id())).contains(processingOrder);
        assertThat(acme().order(liveOrder.id())).contains(liveOrder);
    }

    @Test
    void recoveryFailsWhatADeadNodeLeftProcessingAndNothingLive() {
        // recoverAbandoned is set-based over the whole database: this test works twenty years back, where no other
        // test starts processing, so its counts are exact.
        Instant cutoff = NOW.minus(Duration.ofDays(7300));
        Instant abandoned = cutoff.minusSeconds(1);
        Instant recent = cutoff.plusNanos(1_000);
        AcmeAccount account = AcmeTestData.account(AcmeTestData.directory());
        acme().createAccount(account, event("acme.account.create", account.id()));
        AcmeAuthorization deadAuthz = authorization(account, dns("dead.example"), false);
        AcmeAuthorization liveAuthz = authorization(account, dns("live.example"), false);
        AcmeOrder deadOrder = order(account, AcmeStatus.Order.READY, NOW.plusSeconds(3600), List.of());
        AcmeOrder liveOrder = order(account, AcmeStatus.Order.READY, NOW.plusSeconds(3600), List.of());
        AcmeOrder untouched = order(account, AcmeStatus.Order.READY, NOW.plusSeconds(3600), List.of());
        acme().createOrder(order(account, AcmeStatus.Order.PENDING, NOW.plusSeconds(3600),
                List.of(deadAuthz, liveAuthz)), List.of(deadAuthz, liveAuthz));
        for (AcmeOrder o : List.of(deadOrder, liveOrder, untouched)) {
            acme().createOrder(o, List.of());
        }
        assertThat(acme().startFinalization(deadOrder.id(), abandoned)).isTrue();
        assertThat(acme().startFinalization(deadOrder.id(), abandoned)).as("compare-and-set").isFalse();
        assertThat(acme().startFinalization(liveOrder.id(), recent)).isTrue();
        String deadChallenge = deadAuthz.challenges().get(1).id();
        String liveChallenge = liveAuthz.challenges().get(1).id();
        assertThat(acme().startValidation(deadChallenge, abandoned)).isTrue();
        assertThat(acme().startValidation(liveChallenge, recent)).isTrue();

        assertThat(acme().recoverAbandoned(cutoff)).isEqualTo(new AcmeRecovery(1, 1));
        assertThat(acme().recoverAbandoned(cutoff)).as("idempotent").isEqualTo(new AcmeRecovery(0, 0));

        AcmeOrder failed = acme().order(deadOrder.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(AcmeStatus.Order.INVALID);
        assertThat(failed.errorJson()).hasValueSatisfying(e -> assertThat(e)
                .contains("\"type\":\"urn:ietf:params:acme:error:serverInternal\"").contains("interrupted"));
        assertThat(acme().order(liveOrder.id()).orElseThrow().status()).isEqualTo(AcmeStatus.Order.PROCESSING);
        assertThat(acme().order(untouched.id()).orElseThrow().status()).isEqualTo(AcmeStatus.Order.READY);
        assertThat(acme().challenge(deadChallenge).orElseThrow().status()).isEqualTo(AcmeStatus.Challenge.INVALID);
        assertThat(acme().challenge(deadChallenge).orElseThrow().errorJson()).hasValueSatisfying(e -> assertThat(e)
                .contains("serverInternal").contains("validation was interrupted"));
        assertThat(status(deadAuthz)).isEqualTo(AcmeStatus.Authorization.INVALID);
        assertThat(acme().challenge(liveChallenge).orElseThrow().status()).isEqualTo(AcmeStatus.Challenge.PROCESSING);
        assertThat(status(liveAuthz)).isEqualTo(AcmeStatus.Authorization.PENDING);

        // The dead node's late outcomes, were it to come back, change nothing.
        assertThat(acme().finishValidation(deadChallenge, true, Optional.empty(), NOW, NOW.plusSeconds(60))).isFalse();
        assertThat(acme().transitionOrder(deadOrder.id(), AcmeStatus.Order.PROCESSING, AcmeStatus.Order.VALID,
                Optional.empty(), Optional.of(TestData.issuerId()), Optional.of(TestData.serial()))).isFalse();
        // The live ones finish as usual.
        assertThat(acme().finishValidation(liveChallenge, true, Optional.empty(), NOW, NOW.plusSeconds(60))).isTrue();
        assertThat(acme().transitionOrder(liveOrder.id(), AcmeStatus.Order.PROCESSING, AcmeStatus.Order.VALID,
                Optional.empty(), Optional.of(TestData.issuerId()), Optional.of(TestData.serial()))).isTrue();
    }

    private AcmeStatus.Authorization status(AcmeAuthorization a) {
        return acme().authorization(a.id()).orElseThrow().status();
    }

    private static AcmeOrder order(AcmeAccount account, AcmeStatus.Order status, Instant expiresAt,
                                   List<AcmeAuthorization> authorizations) {
        List<AcmeIdentifier> identifiers = authorizations.isEmpty() ? List.of(dns("x.example"))
                : authorizations.stream().map(AcmeAuthorization::identifier).toList();
        return new AcmeOrder(AcmeTestData.id(), account.id(), account.directory(), status, expiresAt, identifiers,
                Optional.empty(), Optional.empty(), authorizations.stream().map(AcmeAuthorization::id).toList(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ANCIENT.minusSeconds(3600));
    }
}
