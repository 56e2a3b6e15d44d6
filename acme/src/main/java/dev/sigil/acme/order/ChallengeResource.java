package dev.sigil.acme.order;

import dev.sigil.acme.account.SignedRequest;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.ratelimit.RateLimiter;
import dev.sigil.acme.validation.ChallengeValidators;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code chall/{id}} (RFC 8555 §7.5.1): POST-as-GET reads the challenge; a {@code {}} payload answers it, moving it
 * pending → processing (compare-and-set: a repeated answer just reads the current state) and validating it in the
 * background. The reply carries {@code Link: <authorization>;rel="up"}.
 */
public final class ChallengeResource {

    private final AcmeStore store;
    private final RateLimiter limits;
    private final Clock clock;
    private final Ownership ownership;
    private final ValidationRunner runner;

    public ChallengeResource(AcmeStore store, ChallengeValidators validators, RateLimiter limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.ownership = new Ownership(store);
        this.runner = new ValidationRunner(store, validators, limits, clock);
    }

    public Reply handle(SignedRequest request, String challengeId, DirectorySettings directory, AcmeUrls urls) {
        AcmeAccount account = request.requireAccount();
        Ownership.Owned owned = ownership.challenge(challengeId, account);
        AcmeChallenge challenge = owned.challenge();
        AcmeAuthorization authorization = owned.authorization();
        if (!request.jws().postAsGet()) {
            // §7.5.1: the answer is the empty object; anything but a JSON object is malformed
            request.jws().payloadJson();
            challenge = respond(account, authorization, challenge, directory);
        }
        return Reply.ok().json(OrderJson.challenge(challenge, urls)).link(urls.authorization(authorization.id()), "up");
    }

    private AcmeChallenge respond(AcmeAccount account, AcmeAuthorization authorization, AcmeChallenge challenge,
                                  DirectorySettings directory) {
        if (challenge.status() != AcmeStatus.Challenge.PENDING) {
            return challenge; // processing, valid or invalid already: answering again changes nothing
        }
        AcmeStatus.Authorization status = OrderState.effective(authorization, clock.instant());
        if (status == AcmeStatus.Authorization.VALID) {
            return challenge; // another challenge of the authorization succeeded; nothing left to prove
        }
        if (status != AcmeStatus.Authorization.PENDING) {
            throw AcmeProblem.malformed("the authorization is " + status.name().toLowerCase(Locale.ROOT)
                    + "; its challenges can no longer be answered");
        }
        limits.validation(account.id());
        if (!store.startValidation(challenge.id(), clock.instant())) {
            return store.challenge(challenge.id()).orElse(challenge);
        }
        runner.start(account, authorization, challenge, directory.validAuthorizationLifetime());
        return new AcmeChallenge(challenge.id(), challenge.authorizationId(), challenge.type(), challenge.token(),
                AcmeStatus.Challenge.PROCESSING, Optional.empty(), Optional.empty());
    }

    /** The running validation of a challenge (completed if none), for tests and orderly shutdown. */
    public CompletableFuture<Void> validation(String challengeId) {
        return runner.inFlight(challengeId);
    }

    /** Every running validation, for orderly shutdown. */
    public CompletableFuture<Void> validations() {
        return runner.allInFlight();
    }
}
