package dev.sigil.acme.directory;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One ACME directory ({@code /acme/{name}/directory}) as the front end serves it. The service maps its YAML config
 * into these; {@link #builder} starts from defaults that suit a private CA.
 *
 * @param name                  the {@code {name}} in the URL
 * @param profile               what the CA port resolves issuance policy by ({@code IssuanceOrder.profile},
 *                              {@code checkIdentifiers}); the service may use the directory name when directories
 *                              narrow a shared profile
 * @param termsOfService        meta.termsOfService; when present, newAccount requires termsOfServiceAgreed
 * @param website               meta.website
 * @param caaIdentities         meta.caaIdentities
 * @param eabRequired           meta.externalAccountRequired: newAccount needs an External Account Binding
 * @param challengeTypes        offered challenge types, some of {@code http-01}, {@code dns-01}, {@code tls-alpn-01}
 * @param orderLifetime         how long a new order may stay pending or ready
 * @param authorizationLifetime how long a new authorization may stay pending
 * @param validAuthorizationLifetime how long a valid authorization lasts (and may be reused by new orders)
 * @param reuseMargin           an authorization is reused only if it lives at least this much longer
 * @param maxCertificateLifetime longest notAfter - notBefore a newOrder may ask for; empty leaves it to the CA
 * @param maxNotBeforeAhead     how far in the future a requested notBefore may be
 * @param maxBackdate           how far in the past a requested notBefore may be
 */
public record DirectorySettings(String name, String profile, Optional<URI> termsOfService, Optional<URI> website,
                                List<String> caaIdentities, boolean eabRequired, Set<String> challengeTypes,
                                Duration orderLifetime, Duration authorizationLifetime,
                                Duration validAuthorizationLifetime, Duration reuseMargin,
                                Optional<Duration> maxCertificateLifetime, Duration maxNotBeforeAhead,
                                Duration maxBackdate) {

    public static final Set<String> CHALLENGE_TYPES = Set.of("http-01", "dns-01", "tls-alpn-01");
    public static final Duration DEFAULT_ORDER_LIFETIME = Duration.ofDays(7);
    public static final Duration DEFAULT_AUTHORIZATION_LIFETIME = Duration.ofDays(7);
    public static final Duration DEFAULT_VALID_AUTHORIZATION_LIFETIME = Duration.ofDays(30);
    public static final Duration DEFAULT_REUSE_MARGIN = Duration.ofDays(1);
    public static final Duration DEFAULT_MAX_NOT_BEFORE_AHEAD = Duration.ofDays(30);
    public static final Duration DEFAULT_MAX_BACKDATE = Duration.ofHours(1);
    /** Directory names are URL path segments and storage keys (64 characters). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public DirectorySettings {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("directory name must match " + NAME.pattern() + ": " + name);
        }
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(termsOfService, "termsOfService");
        Objects.requireNonNull(website, "website");
        caaIdentities = List.copyOf(caaIdentities);
        challengeTypes = Set.copyOf(challengeTypes);
        if (challengeTypes.isEmpty() || !CHALLENGE_TYPES.containsAll(challengeTypes)) {
            throw new IllegalArgumentException("challengeTypes must be some of " + CHALLENGE_TYPES);
        }
        positive(orderLifetime, "orderLifetime");
        positive(authorizationLifetime, "authorizationLifetime");
        positive(validAuthorizationLifetime, "validAuthorizationLifetime");
        notNegative(reuseMargin, "reuseMargin");
        Objects.requireNonNull(maxCertificateLifetime, "maxCertificateLifetime").ifPresent(d -> positive(d,
                "maxCertificateLifetime"));
        notNegative(maxNotBeforeAhead, "maxNotBeforeAhead");
        notNegative(maxBackdate, "maxBackdate");
    }

    public static Builder builder(String name, String profile) {
        return new Builder(name, profile);
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }

    private static void notNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
    }

    /** Builds {@link DirectorySettings}; every setting starts at its documented default. */
    public static final class Builder {
        private final String name;
        private final String profile;
        private Optional<URI> termsOfService = Optional.empty();
        private Optional<URI> website = Optional.empty();
        private List<String> caaIdentities = List.of();
        private boolean eabRequired;
        private Set<String> challengeTypes = CHALLENGE_TYPES;
        private Duration orderLifetime = DEFAULT_ORDER_LIFETIME;
        private Duration authorizationLifetime = DEFAULT_AUTHORIZATION_LIFETIME;
        private Duration validAuthorizationLifetime = DEFAULT_VALID_AUTHORIZATION_LIFETIME;
        private Duration reuseMargin = DEFAULT_REUSE_MARGIN;
        private Optional<Duration> maxCertificateLifetime = Optional.empty();
        private Duration maxNotBeforeAhead = DEFAULT_MAX_NOT_BEFORE_AHEAD;
        private Duration maxBackdate = DEFAULT_MAX_BACKDATE;

        private Builder(String name, String profile) {
            this.name = name;
            this.profile = profile;
        }

        public Builder termsOfService(URI uri) {
            this.termsOfService = Optional.of(uri);
            return this;
        }

        public Builder website(URI uri) {
            this.website = Optional.of(uri);
            return this;
        }

        public Builder caaIdentities(List<String> identities) {
            this.caaIdentities = identities;
            return this;
        }

        public Builder eabRequired(boolean required) {
            this.eabRequired = required;
            return this;
        }

        public Builder challengeTypes(Set<String> types) {
            this.challengeTypes = types;
            return this;
        }

        public Builder orderLifetime(Duration d) {
            this.orderLifetime = d;
            return this;
        }

        public Builder authorizationLifetime(Duration d) {
            this.authorizationLifetime = d;
            return this;
        }

        public Builder validAuthorizationLifetime(Duration d) {
            this.validAuthorizationLifetime = d;
            return this;
        }

        public Builder reuseMargin(Duration d) {
            this.reuseMargin = d;
            return this;
        }

        public Builder maxCertificateLifetime(Duration d) {
            this.maxCertificateLifetime = Optional.of(d);
            return this;
        }

        public Builder maxNotBeforeAhead(Duration d) {
            this.maxNotBeforeAhead = d;
            return this;
        }

        public Builder maxBackdate(Duration d) {
            this.maxBackdate = d;
            return this;
        }

        public DirectorySettings build() {
            return new DirectorySettings(name, profile, termsOfService, website, caaIdentities, eabRequired,
                    challengeTypes, orderLifetime, authorizationLifetime, validAuthorizationLifetime, reuseMargin,
                    maxCertificateLifetime, maxNotBeforeAhead, maxBackdate);
        }
    }
}
