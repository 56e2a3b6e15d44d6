package dev.sigil.storage.certificate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A search of the inventory. Every filter is optional; results are newest first (by issuedAt, then serial)
 * and paginated with an opaque cursor.
 *
 * @param now            the current time (decides EXPIRED, and the base of expiringBefore)
 * @param status         VALID means valid and not expired; EXPIRED means valid in storage but past notAfter
 * @param expiringBefore only certificates still valid at {@code now} whose notAfter is before this instant
 * @param san            exact SAN value (DNS names compared lower-case)
 * @param owner          exact owner
 * @param profile        exact profile name
 * @param issuerId       exact issuer id
 * @param limit          page size, 1..{@link #MAX_LIMIT}
 * @param cursor         the {@link Page#nextCursor()} of the previous page
 */
public record CertificateQuery(Instant now, Optional<CertificateStatus> status, Optional<Instant> expiringBefore,
                               Optional<String> san, Optional<String> owner, Optional<String> profile,
                               Optional<String> issuerId, int limit, Optional<String> cursor) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public CertificateQuery {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expiringBefore, "expiringBefore");
        Objects.requireNonNull(san, "san");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }

    /** Everything, first page of the default size. */
    public static CertificateQuery all(Instant now) {
        return new CertificateQuery(now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), DEFAULT_LIMIT, Optional.empty());
    }
}
