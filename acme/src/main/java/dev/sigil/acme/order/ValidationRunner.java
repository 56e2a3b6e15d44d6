package dev.sigil.acme.order;

import dev.sigil.acme.http.Problems;
import dev.sigil.acme.ratelimit.RateLimiter;
import dev.sigil.acme.validation.ChallengeValidators;
import dev.sigil.acme.validation.ValidationResult;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a challenge's validation off the request thread (the validators bound concurrency and time) and records the
 * outcome: challenge processing → valid|invalid with its authorization, in one transaction. Recording is retried a
 * few times if the database is briefly away; if it never comes back, the authorization stays pending until it
 * expires, and the client can see why nothing happened.
 */
final class ValidationRunner {

    static final int RECORD_ATTEMPTS = 3;
    static final Duration RECORD_RETRY_DELAY = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(ValidationRunner.class);

    private final AcmeStore store;
    private final ChallengeValidators validators;
    private final RateLimiter limits;
    private final Clock clock;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    ValidationRunner(AcmeStore store, ChallengeValidators validators, RateLimiter limits, Clock clock) {
        this.store = store;
        this.validators = validators;
        this.limits = limits;
        this.clock = clock;
    }

    /** Starts validating; the challenge was just moved to processing by this caller. */
    void start(AcmeAccount account, AcmeAuthorization authorization, AcmeChallenge challenge,
               Duration validAuthorizationLifetime) {
        String keyAuthorization = challenge.token() + "." + account.keyThumbprint();
        CompletableFuture<Void> done = validators
                .validate(challenge.type(), authorization.identifier(), challenge.token(), keyAuthorization)
                // Recording writes to the database: on a virtual thread of its own, never on the thread that
                // completed the validation (which may be the validators' one watchdog thread).
                .thenAcceptAsync(result -> record(account, challenge, result, validAuthorizationLifetime),
                        task -> Thread.ofVirtual().name("acme-validation-record").start(task))
                .exceptionally(failure -> {
                    LOG.error("recording the validation of challenge {} failed", challenge.id(), failure);
                    return null;
                });
        inFlight.put(challenge.id(), done);
        done.whenComplete((ignored, failure) -> inFlight.remove(challenge.id(), done));
    }

    /** The running validation of a challenge (completed if none): for tests and orderly shutdown. */
    CompletableFuture<Void> inFlight(String challengeId) {
        return inFlight.getOrDefault(challengeId, CompletableFuture.completedFuture(null));
    }

    /** All running validations together. */
    CompletableFuture<Void> allInFlight() {
        return CompletableFuture.allOf(inFlight.values().toArray(CompletableFuture[]::new));
    }

    private void record(AcmeAccount account, AcmeChallenge challenge, ValidationResult result,
                        Duration validAuthorizationLifetime) {
        if (!result.valid()) {
            limits.failedValidation(account.id());
        }
        Optional<String> error = result.problem().map(Problems::json);
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            try {
                if (!store.finishValidation(challenge.id(), result.valid(), error, now,
                        now.plus(validAuthorizationLifetime))) {
                    LOG.debug("challenge {} was no longer processing; outcome dropped", challenge.id());
                }
                return;
            } catch (StorageException e) {
                if (attempt >= RECORD_ATTEMPTS) {
                    throw e;
                }
                LOG.warn("recording the validation of challenge {} failed ({}); retrying", challenge.id(), e.kind());
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(RECORD_RETRY_DELAY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording a validation", e);
        }
    }
}
