package dev.sigil.acme.ratelimit;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The ACME rate limits (per account and per client IP on newAccount, newOrder and failed validations). Exceeding
 * one is {@code rateLimited} (429) with Retry-After. In memory and per node; see {@link TokenBuckets}.
 */
public final class RateLimiter {

    private final TokenBuckets newAccountsPerIp;
    private final TokenBuckets newOrdersPerAccount;
    private final TokenBuckets newOrdersPerIp;
    private final TokenBuckets failedValidationsPerAccount;

    public RateLimiter(RateLimitSettings settings, Clock clock) {
        this.newAccountsPerIp = new TokenBuckets(settings.newAccountsPerIp(), clock);
        this.newOrdersPerAccount = new TokenBuckets(settings.newOrdersPerAccount(), clock);
        this.newOrdersPerIp = new TokenBuckets(settings.newOrdersPerIp(), clock);
        this.failedValidationsPerAccount = new TokenBuckets(settings.failedValidationsPerAccount(), clock);
    }

    /** Before creating an account. */
    public void newAccount(String clientIp) {
        refuseIf(newAccountsPerIp.tryTake(clientIp), "too many new accounts from this IP address");
    }

    /** Before creating an order. */
    public void newOrder(String accountId, String clientIp) {
        refuseIf(newOrdersPerIp.tryTake(clientIp), "too many new orders from this IP address");
        refuseIf(newOrdersPerAccount.tryTake(accountId), "too many new orders for this account");
    }

    /** Before starting a validation: refused while the account's failed validations are over the limit. */
    public void validation(String accountId) {
        refuseIf(failedValidationsPerAccount.check(accountId), "too many failed validations for this account");
    }

    /** After a validation failed. */
    public void failedValidation(String accountId) {
        failedValidationsPerAccount.record(accountId);
    }

    private static void refuseIf(Optional<Duration> wait, String detail) {
        if (wait.isPresent()) {
            throw new AcmeProblem(ProblemType.RATE_LIMITED, detail + "; retry after "
                    + Math.max(1, (wait.get().toMillis() + 999) / 1000) + " s").withRetryAfter(wait.get());
        }
    }
}
