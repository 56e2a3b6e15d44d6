package dev.sigil.storage.managed;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A managed certificate as stored: its spec, the current version and the renewal bookkeeping.
 *
 * @param spec                what the operator declared
 * @param state               ACTIVE (renewed) or DELETED (kept for history)
 * @param currentVersion      number of the version consumers get
 * @param currentIssuerId     issuer of the current certificate
 * @param currentSerial       serial of the current certificate
 * @param currentNotAfter     notAfter of the current certificate
 * @param nextRenewalAt       when the current certificate is due for renewal
 * @param consecutiveFailures renewal attempts that failed since the last success
 * @param nextAttemptAt       earliest time of the next renewal attempt (the backoff after failures)
 * @param claimedUntil        while a node renews it: the end of that node's lease
 * @param lastError           why the last attempt failed, while failures are counted
 * @param rowVersion          compare-and-set counter, bumped by every change
 * @param createdAt           creation time
 * @param createdBy           who created it
 */
public record ManagedCertificate(ManagedSpec spec, ManagedState state, int currentVersion, String currentIssuerId,
                                 String currentSerial, Instant currentNotAfter, Instant nextRenewalAt,
                                 int consecutiveFailures, Instant nextAttemptAt, Optional<Instant> claimedUntil,
                                 Optional<String> lastError, long rowVersion, Instant createdAt, String createdBy) {

    /** Longest stored last error. */
    public static final int MAX_ERROR = 1000;

    public ManagedCertificate {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(currentIssuerId, "currentIssuerId");
        Objects.requireNonNull(currentSerial, "currentSerial");
        Objects.requireNonNull(currentNotAfter, "currentNotAfter");
        Objects.requireNonNull(nextRenewalAt, "nextRenewalAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(claimedUntil, "claimedUntil");
        lastError = Objects.requireNonNull(lastError, "lastError").map(ManagedCertificate::clip);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    public String name() {
        return spec.name();
    }

    /** Cuts an error message to what the column holds. */
    public static String clip(String error) {
        return error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
    }
}
