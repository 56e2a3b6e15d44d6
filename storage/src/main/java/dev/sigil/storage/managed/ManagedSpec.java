package dev.sigil.storage.managed;

import dev.sigil.storage.certificate.San;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an operator declared: the certificate Sigil keeps issuing, and how it renews it.
 *
 * @param name             unique name, {@code [a-z0-9][a-z0-9-]*}, at most {@value #MAX_NAME} characters
 * @param commonName       subject CN, if any
 * @param sans             DNS and IP names
 * @param profile          issuance profile
 * @param keyType          key type of every generated key (e.g. {@code EC_P256})
 * @param lifetime         requested lifetime of each certificate
 * @param renewal          when to renew
 * @param owner            owner recorded on the certificates
 * @param revokeSuperseded whether a superseded certificate is revoked (reason superseded) after the grace period
 * @param revokeGrace      how long a superseded certificate stays valid before that revocation
 */
public record ManagedSpec(String name, Optional<String> commonName, List<San> sans, String profile, String keyType,
                          Duration lifetime, RenewalRule renewal, Optional<String> owner, boolean revokeSuperseded,
                          Duration revokeGrace) {

    public static final int MAX_NAME = 64;
    /** RFC 5280 ub-common-name. */
    public static final int MAX_COMMON_NAME = 64;
    public static final int MAX_SANS = 30;
    public static final int MAX_OWNER = 200;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0," + (MAX_NAME - 1) + "}");

    public ManagedSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-" + MAX_NAME
                    + " lower-case letters, digits and '-', starting with a letter or digit");
        }
        commonName = Objects.requireNonNull(commonName, "commonName").map(String::strip).filter(s -> !s.isEmpty());
        if (commonName.map(String::length).orElse(0) > MAX_COMMON_NAME) {
            throw new IllegalArgumentException("commonName is at most " + MAX_COMMON_NAME + " characters");
        }
        // The CN goes into the certificate as UTF-8; an unpaired surrogate (JSON "\ud83d" alone) has no UTF-8 form
        // and made Bouncy Castle throw deep in issuance. Found by the fuzz suite (docs/FUZZING.md).
        if (commonName.filter(cn -> !StandardCharsets.UTF_8.newEncoder().canEncode(cn)).isPresent()) {
            throw new IllegalArgumentException("commonName is not valid Unicode (it has an unpaired surrogate)");
        }
        sans = List.copyOf(sans);
        if (sans.size() > MAX_SANS) {
            throw new IllegalArgumentException("at most " + MAX_SANS + " SANs");
        }
        if (sans.isEmpty() && commonName.isEmpty()) {
            throw new IllegalArgumentException("give a commonName or at least one SAN");
        }
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        Objects.requireNonNull(renewal, "renewal");
        if (renewal instanceof RenewalRule.BeforeExpiry b && b.before().compareTo(lifetime) >= 0) {
            throw new IllegalArgumentException("renewBefore must be shorter than the lifetime");
        }
        owner = Objects.requireNonNull(owner, "owner").map(String::strip).filter(s -> !s.isEmpty());
        if (owner.map(String::length).orElse(0) > MAX_OWNER) {
            throw new IllegalArgumentException("owner is at most " + MAX_OWNER + " characters");
        }
        Objects.requireNonNull(revokeGrace, "revokeGrace");
        if (revokeGrace.isNegative()) {
            throw new IllegalArgumentException("revokeGrace must not be negative");
        }
    }
}
