package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs validations off the request thread: each on its own virtual thread, at most
 * {@link ValidationSettings#maxConcurrent()} at once (the rest wait their turn, and their time limit starts only when
 * they run), each bounded by {@link ValidationSettings#timeout()}. Never throws: every failure, including a fault of
 * Sigil's own, becomes a failed {@link ValidationResult}.
 *
 * <p>The time limit is kept twice: every DNS query and socket operation is given only what remains of it, and a
 * watchdog completes the result and interrupts the attempt (which closes a virtual thread's blocked socket) shortly
 * after it, in case something ignores its own timeout.
 */
public final class ChallengeValidators implements AutoCloseable {

    /** How long past its limit an attempt may run before the watchdog gives up on it. */
    static final Duration WATCHDOG_GRACE = Duration.ofMillis(500);
    /** RFC 8555 §8.1: tokens are base64url; anything else must never reach a URL path. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Logger LOG = LoggerFactory.getLogger(ChallengeValidators.class);

    private final ValidationSettings settings;
    private final Map<String, ChallengeValidator> validators;
    private final Semaphore permits;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor watchdog;
    private volatile java.util.function.BiConsumer<String, ValidationResult> outcomes = (type, result) -> { };

    public ChallengeValidators(ValidationSettings settings) {
        this(settings, standard(settings));
    }

    /** With other validators per challenge type: tests use it to misbehave on purpose. */
    ChallengeValidators(ValidationSettings settings, Map<String, ChallengeValidator> validators) {
        this.settings = settings;
        this.validators = Map.copyOf(validators);
        this.permits = new Semaphore(settings.maxConcurrent(), true);
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("acme-validation-", 0).factory());
        this.watchdog = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("acme-validation-watchdog")
                .daemon(true).factory());
        this.watchdog.setRemoveOnCancelPolicy(true);
    }

    private static Map<String, ChallengeValidator> standard(ValidationSettings settings) {
        NameResolver resolver = new NameResolver(settings.dnsResolver());
        return Map.of(
                Http01Validator.TYPE, new Http01Validator(resolver, settings),
                Dns01Validator.TYPE, new Dns01Validator(resolver),
                TlsAlpn01Validator.TYPE, new TlsAlpn01Validator(resolver, settings));
    }

    /**
     * Tells {@code listener} the outcome of every validation (challenge type, result), e.g. for metrics. It runs on
     * the thread that completes the validation and must be quick; what it throws is ignored.
     */
    public void onOutcome(java.util.function.BiConsumer<String, ValidationResult> listener) {
        this.outcomes = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * Validates one challenge.
     *
     * @param challengeType    {@code http-01}, {@code dns-01} or {@code tls-alpn-01}
     * @param identifier       a dns name (no {@code *.}) or an ip
     * @param token            the challenge's token
     * @param keyAuthorization token + "." + the account key's thumbprint, computed by the caller
     * @return the outcome; the future never completes exceptionally
     */
    public CompletableFuture<ValidationResult> validate(String challengeType, AcmeIdentifier identifier, String token,
                                                        String keyAuthorization) {
        CompletableFuture<ValidationResult> outcome = validateOnce(challengeType, identifier, token, keyAuthorization);
        java.util.function.BiConsumer<String, ValidationResult> listener = outcomes;
        String type = challengeType != null && validators.containsKey(challengeType) ? challengeType : "unknown";
        // The caller's future completes after the listener has run, so what it counted is there when it looks.
        return outcome.whenComplete((result, failure) -> {
            if (result != null) {
                try {
                    listener.accept(type, result);
                } catch (RuntimeException ignored) {
                    // metrics must never change a validation's outcome
                }
            }
        });
    }

    private CompletableFuture<ValidationResult> validateOnce(String challengeType, AcmeIdentifier identifier,
                                                             String token, String keyAuthorization) {
        ChallengeValidator validator = challengeType == null ? null : validators.get(challengeType);
        Target target;
        try {
            if (validator == null) {
                throw AcmeProblem.malformed("unknown challenge type " + Excerpts.quoted(String.valueOf(challengeType)));
            }
            if (identifier == null || token == null || keyAuthorization == null) {
                throw AcmeProblem.malformed(challengeType + ": identifier, token and key authorization are required");
            }
            if (!TOKEN.matcher(token).matches()) {
                throw AcmeProblem.malformed(challengeType + ": the token is not base64url");
            }
            target = Target.of(challengeType, identifier);
        } catch (AcmeProblem refused) {
            // what can never be validated is refused at once, without taking a turn
            return CompletableFuture.completedFuture(ValidationResult.failed(refused));
        }
        CompletableFuture<ValidationResult> result = new CompletableFuture<>();
        try {
            workers.execute(() -> run(validator, challengeType, target, token, keyAuthorization, result));
        } catch (RejectedExecutionException e) {
            result.complete(ValidationResult.failed(shuttingDown(challengeType)));
        }
        return result;
    }

    private void run(ChallengeValidator validator, String type, Target target, String token, String keyAuthorization,
                     CompletableFuture<ValidationResult> result) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            result.complete(ValidationResult.failed(shuttingDown(type)));
            return;
        }
        Thread worker = Thread.currentThread();
        ScheduledFuture<?> timer = null;
        try {
            Deadline deadline = Deadline.after(settings.timeout());
            timer = watchdog.schedule(() -> {
                if (result.complete(ValidationResult.failed(new AcmeProblem(ProblemType.CONNECTION, type
                        + ": validation did not complete within " + Deadline.describe(settings.timeout()))))) {
                    worker.interrupt();
                }
            }, settings.timeout().plus(WATCHDOG_GRACE).toNanos(), TimeUnit.NANOSECONDS);
            ValidationResult outcome = attempt(validator, type, target, token, keyAuthorization, deadline);
            // close() interrupts running attempts; their I/O errors say nothing about the client
            result.complete(!outcome.valid() && workers.isShutdown() ? ValidationResult.failed(shuttingDown(type))
                    : outcome);
        } catch (RejectedExecutionException e) {
            result.complete(ValidationResult.failed(shuttingDown(type)));
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
            permits.release();
        }
    }

    private static ValidationResult attempt(ChallengeValidator validator, String type, Target target, String token,
                                            String keyAuthorization, Deadline deadline) {
        try {
            validator.validate(target, token, keyAuthorization, deadline);
            LOG.debug("{} of {} succeeded", type, target.value());
            return ValidationResult.ok();
        } catch (AcmeProblem problem) {
            LOG.debug("{} of {} failed: {}", type, target.value(), problem.detail());
            return ValidationResult.failed(problem);
        } catch (RuntimeException e) {
            LOG.warn("{} of {} failed with an unexpected error", type, target.value(), e);
            return ValidationResult.failed(new AcmeProblem(ProblemType.SERVER_INTERNAL,
                    type + ": validation failed because of an internal error"));
        }
    }

    private static AcmeProblem shuttingDown(String type) {
        return new AcmeProblem(ProblemType.SERVER_INTERNAL, type + ": validation was stopped because the server is "
                + "shutting down");
    }

    /** Stops every running validation (their results complete as failures) and refuses new ones. */
    @Override
    public void close() {
        workers.shutdownNow();
        watchdog.shutdownNow();
    }
}
