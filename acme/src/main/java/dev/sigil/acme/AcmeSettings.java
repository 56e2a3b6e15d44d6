package dev.sigil.acme;

import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.ratelimit.RateLimitSettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the ACME front end is configured with. The service maps its YAML config into it; {@link #builder}
 * starts from the defaults documented on each constant.
 *
 * @param baseUrl               public base URL ({@code https://host:port}) resource URLs are built on; empty: the
 *                              scheme and authority of each request's URL
 * @param directories           the directories served, by name
 * @param maxBodyBytes          largest accepted request body; larger is answered 413 (type malformed)
 * @param nonceLifetime         how long a nonce stays redeemable
 * @param nonceBatch            nonces stored per database write (see {@code NonceService})
 * @param ordersPageSize        orders per page of an account's orders list (§7.1.2.1)
 * @param maxIdentifiers        most identifiers one order may carry
 * @param maxContacts           most contact URLs one account may carry
 * @param renewalInfoRetryAfter Retry-After of renewal information answers (RFC 9773 §4.3)
 * @param unavailableRetryAfter Retry-After when the database or CA is unavailable (503)
 * @param rateLimits            the rate limits
 */
public record AcmeSettings(Optional<String> baseUrl, Map<String, DirectorySettings> directories, int maxBodyBytes,
                           Duration nonceLifetime, int nonceBatch, int ordersPageSize, int maxIdentifiers,
                           int maxContacts, Duration renewalInfoRetryAfter, Duration unavailableRetryAfter,
                           RateLimitSettings rateLimits) {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_NONCE_LIFETIME = Duration.ofHours(1);
    public static final int DEFAULT_NONCE_BATCH = 64;
    public static final int DEFAULT_ORDERS_PAGE_SIZE = 100;
    public static final int DEFAULT_MAX_IDENTIFIERS = 100;
    public static final int DEFAULT_MAX_CONTACTS = 10;
    public static final Duration DEFAULT_RENEWAL_INFO_RETRY_AFTER = Duration.ofHours(6);
    public static final Duration DEFAULT_UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(30);
    /** The storage layer's largest page. */
    static final int MAX_PAGE_SIZE = 1000;

    public AcmeSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        directories = Map.copyOf(directories);
        directories.forEach((name, d) -> {
            if (!name.equals(d.name())) {
                throw new IllegalArgumentException("directory " + d.name() + " is filed under " + name);
            }
        });
        if (maxBodyBytes < 1024 || nonceBatch < 1 || ordersPageSize < 1 || ordersPageSize > MAX_PAGE_SIZE
                || maxIdentifiers < 1 || maxContacts < 0) {
            throw new IllegalArgumentException("ACME limits out of range: maxBodyBytes >= 1024, nonceBatch >= 1, "
                    + "ordersPageSize 1.." + MAX_PAGE_SIZE + ", maxIdentifiers >= 1, maxContacts >= 0");
        }
        Objects.requireNonNull(nonceLifetime, "nonceLifetime");
        Objects.requireNonNull(renewalInfoRetryAfter, "renewalInfoRetryAfter");
        Objects.requireNonNull(unavailableRetryAfter, "unavailableRetryAfter");
        Objects.requireNonNull(rateLimits, "rateLimits");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link AcmeSettings}; every limit starts at its default. */
    public static final class Builder {
        private Optional<String> baseUrl = Optional.empty();
        private final Map<String, DirectorySettings> directories = new LinkedHashMap<>();
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration nonceLifetime = DEFAULT_NONCE_LIFETIME;
        private int nonceBatch = DEFAULT_NONCE_BATCH;
        private int ordersPageSize = DEFAULT_ORDERS_PAGE_SIZE;
        private int maxIdentifiers = DEFAULT_MAX_IDENTIFIERS;
        private int maxContacts = DEFAULT_MAX_CONTACTS;
        private Duration renewalInfoRetryAfter = DEFAULT_RENEWAL_INFO_RETRY_AFTER;
        private Duration unavailableRetryAfter = DEFAULT_UNAVAILABLE_RETRY_AFTER;
        private RateLimitSettings rateLimits = RateLimitSettings.defaults();

        private Builder() {
        }

        public Builder baseUrl(String url) {
            this.baseUrl = Optional.of(url);
            return this;
        }

        public Builder directory(DirectorySettings directory) {
            directories.put(directory.name(), directory);
            return this;
        }

        public Builder directories(List<DirectorySettings> list) {
            list.forEach(this::directory);
            return this;
        }

        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        public Builder nonceLifetime(Duration d) {
            this.nonceLifetime = d;
            return this;
        }

        public Builder nonceBatch(int n) {
            this.nonceBatch = n;
            return this;
        }

        public Builder ordersPageSize(int n) {
            this.ordersPageSize = n;
            return this;
        }

        public Builder maxIdentifiers(int n) {
            this.maxIdentifiers = n;
            return this;
        }

        public Builder maxContacts(int n) {
            this.maxContacts = n;
            return this;
        }

        public Builder renewalInfoRetryAfter(Duration d) {
            this.renewalInfoRetryAfter = d;
            return this;
        }

        public Builder unavailableRetryAfter(Duration d) {
            this.unavailableRetryAfter = d;
            return this;
        }

        public Builder rateLimits(RateLimitSettings limits) {
            this.rateLimits = limits;
            return this;
        }

        public AcmeSettings build() {
            return new AcmeSettings(baseUrl, directories, maxBodyBytes, nonceLifetime, nonceBatch, ordersPageSize,
                    maxIdentifiers, maxContacts, renewalInfoRetryAfter, unavailableRetryAfter, rateLimits);
        }
    }
}
