package dev.sigil.storage.acme;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Operators' search over ACME accounts, newest first: every present filter must match.
 *
 * @param directory only accounts of this directory
 * @param status    only accounts in this state
 * @param now       the time at which certificates count as expired (for {@link AcmeAccountSummary#validCertificates})
 * @param limit     page size, 1..1000
 * @param cursor    the {@code nextCursor} of the previous page
 */
public record AcmeAccountQuery(Optional<String> directory, Optional<AcmeStatus.Account> status, Instant now,
                               int limit, Optional<String> cursor) {
    public AcmeAccountQuery {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(cursor, "cursor");
    }
}
