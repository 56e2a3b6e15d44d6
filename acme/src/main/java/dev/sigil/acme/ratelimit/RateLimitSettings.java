package dev.sigil.acme.ratelimit;

import java.util.Objects;

/**
 * The ACME rate limits. Defaults are generous: they stop runaway clients, not fleets enrolling at once.
 *
 * @param newAccountsPerIp         newAccount requests that create an account, per client IP
 * @param newOrdersPerAccount      newOrder requests per account
 * @param newOrdersPerIp           newOrder requests per client IP
 * @param failedValidationsPerAccount failed challenge validations per account; when used up, further challenge
 *                                 responses are refused until the bucket refills
 */
public record RateLimitSettings(RateLimit newAccountsPerIp, RateLimit newOrdersPerAccount, RateLimit newOrdersPerIp,
                                RateLimit failedValidationsPerAccount) {

    public static final RateLimit DEFAULT_NEW_ACCOUNTS_PER_IP = RateLimit.perMinute(300);
    public static final RateLimit DEFAULT_NEW_ORDERS_PER_ACCOUNT = RateLimit.perMinute(300);
    public static final RateLimit DEFAULT_NEW_ORDERS_PER_IP = RateLimit.perMinute(3000);
    public static final RateLimit DEFAULT_FAILED_VALIDATIONS_PER_ACCOUNT = RateLimit.perHour(300);

    public RateLimitSettings {
        Objects.requireNonNull(newAccountsPerIp, "newAccountsPerIp");
        Objects.requireNonNull(newOrdersPerAccount, "newOrdersPerAccount");
        Objects.requireNonNull(newOrdersPerIp, "newOrdersPerIp");
        Objects.requireNonNull(failedValidationsPerAccount, "failedValidationsPerAccount");
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(DEFAULT_NEW_ACCOUNTS_PER_IP, DEFAULT_NEW_ORDERS_PER_ACCOUNT,
                DEFAULT_NEW_ORDERS_PER_IP, DEFAULT_FAILED_VALIDATIONS_PER_ACCOUNT);
    }
}
