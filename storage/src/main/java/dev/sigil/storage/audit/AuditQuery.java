package dev.sigil.storage.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A filter over the audit log; results are in chain order starting after {@code afterSeq}.
 */
public record AuditQuery(Optional<String> actor, Optional<String> action, Optional<String> target,
                         Optional<Instant> from, Optional<Instant> to, long afterSeq, int limit) {
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        Objects.requireNonNull(actor);
        Objects.requireNonNull(action);
        Objects.requireNonNull(target);
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }

    public static AuditQuery all(int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, limit);
    }
}
