package dev.sigil.storage.acme;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's override of the renewal window that ACME Renewal Information (RFC 9773) suggests for one
 * certificate, replacing the default window (e.g. to have clients renew before a planned mass revocation).
 *
 * @param issuerId  the certificate's issuer
 * @param serial    the certificate's serial (lower-case hex, as in the inventory)
 * @param start     the suggested window's start
 * @param end       the suggested window's end, after {@code start}
 * @param reason    why the operator pulled the window (free text for the audit log and colleagues; never secrets)
 * @param createdAt when the override was made
 * @param createdBy who made it (the token name)
 */
public record RenewalOverride(String issuerId, String serial, Instant start, Instant end, String reason,
                              Instant createdAt, String createdBy) {
    public RenewalOverride {
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a renewal window must end after it starts");
        }
    }
}
