package dev.sigil.storage.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * A state change (or a refused attempt) to append to the audit log.
 *
 * @param at      when it happened
 * @param actor   who did it (token name, {@code system}, or {@code anonymous})
 * @param action  what (e.g. {@code certificate.issue}, {@code certificate.revoke}, {@code token.create}, {@code ca.create})
 * @param target  what it was done to (e.g. {@code int-3f9a1c2b/7c1e...}), may be empty
 * @param outcome {@code success}, {@code denied} or {@code failed}
 * @param details short free text or JSON; never secrets (no keys, tokens or passphrases)
 */
public record AuditEvent(Instant at, String actor, String action, String target, String outcome, String details) {

    public static final int MAX_DETAILS = 4000;

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        target = target == null ? "" : target;
        Objects.requireNonNull(outcome, "outcome");
        details = details == null ? "" : details;
        if (details.length() > MAX_DETAILS) {
            details = details.substring(0, MAX_DETAILS);
        }
    }

    public static AuditEvent success(Instant at, String actor, String action, String target, String details) {
        return new AuditEvent(at, actor, action, target, "success", details);
    }
}
