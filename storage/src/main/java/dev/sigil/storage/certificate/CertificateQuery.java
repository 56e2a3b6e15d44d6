package dev.sigil.storage.certificate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A search of the inventory. Every filter is optional and filters are AND-ed; results come in the chosen order
 * (newest issued first by default) and are paginated with an opaque cursor, which is only valid for the same
 * order.
 *
 * @param now            the current time (decides EXPIRED, and the base of expiringBefore)
 * @param status         VALID means valid and not expired; EXPIRED means valid in storage but past notAfter
 * @param expiringBefore only certificates still valid at {@code now} whose notAfter is before this instant
 * @param san            a SAN value (DNS names compared lower-case); {@code *} matches any run of characters
 *                       (dots included), e.g. {@code *.ci.internal}; without {@code *} the match is exact
 * @param owner          exact owner
 * @param profile        exact profile name
 * @param issuerId       exact issuer id
 * @param acmeAccount    only certificates issued through an order of this ACME account
 * @param issuedAfter    only certificates issued at or after this instant
 * @param issuedBefore   only certificates issued before this instant
 * @param sort           the order of the results
 * @param descending     whether that order is reversed (largest key first)
 * @param limit          page size, 1..{@link #MAX_LIMIT}
 * @param cursor         the {@link Page#nextCursor()} of the previous page
 */
public record CertificateQuery(Instant now, Optional<CertificateStatus> status, Optional<Instant> expiringBefore,
                               Optional<String> san, Optional<String> owner, Optional<String> profile,
                               Optional<String> issuerId, Optional<String> acmeAccount, Optional<Instant> issuedAfter,
                               Optional<Instant> issuedBefore, CertificateSort sort, boolean descending, int limit,
                               Optional<String> cursor) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;
    /** Longest SAN filter or pattern accepted (a SAN is at most {@link San#MAX_LENGTH}). */
    public static final int MAX_SAN_FILTER = San.MAX_LENGTH;

    public CertificateQuery {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expiringBefore, "expiringBefore");
        Objects.requireNonNull(san, "san");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(issuerId, "issuerId");
        Objects.requireNonNull(acmeAccount, "acmeAccount");
        Objects.requireNonNull(issuedAfter, "issuedAfter");
        Objects.requireNonNull(issuedBefore, "issuedBefore");
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
        if (san.map(String::length).orElse(0) > MAX_SAN_FILTER) {
            throw new IllegalArgumentException("san filter must be at most " + MAX_SAN_FILTER + " characters");
        }
    }

    /** The original filters, newest issued first. */
    public CertificateQuery(Instant now, Optional<CertificateStatus> status, Optional<Instant> expiringBefore,
                            Optional<String> san, Optional<String> owner, Optional<String> profile,
                            Optional<String> issuerId, int limit, Optional<String> cursor) {
        this(now, status, expiringBefore, san, owner, profile, issuerId, Optional.empty(), Optional.empty(),
                Optional.empty(), CertificateSort.ISSUED, true, limit, cursor);
    }

    /** Everything, first page of the default size. */
    public static CertificateQuery all(Instant now) {
        return new CertificateQuery(now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), DEFAULT_LIMIT, Optional.empty());
    }

    /** A copy limited to certificates issued through orders of this ACME account. */
    public CertificateQuery withAcmeAccount(String account) {
        return new CertificateQuery(now, status, expiringBefore, san, owner, profile, issuerId,
                Optional.of(account), issuedAfter, issuedBefore, sort, descending, limit, cursor);
    }

    /** A copy limited to certificates issued in [{@code after}, {@code before}). */
    public CertificateQuery withIssuedBetween(Optional<Instant> after, Optional<Instant> before) {
        return new CertificateQuery(now, status, expiringBefore, san, owner, profile, issuerId, acmeAccount,
                after, before, sort, descending, limit, cursor);
    }

    /** A copy in another order, from the first page. */
    public CertificateQuery sortedBy(CertificateSort newSort, boolean newDescending) {
        return new CertificateQuery(now, status, expiringBefore, san, owner, profile, issuerId, acmeAccount,
                issuedAfter, issuedBefore, newSort, newDescending, limit, Optional.empty());
    }

    /** A copy with another page size and position. */
    public CertificateQuery page(int newLimit, Optional<String> newCursor) {
        return new CertificateQuery(now, status, expiringBefore, san, owner, profile, issuerId, acmeAccount,
                issuedAfter, issuedBefore, sort, descending, newLimit, newCursor);
    }
}
