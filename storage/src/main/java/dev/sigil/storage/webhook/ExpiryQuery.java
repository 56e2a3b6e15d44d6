package dev.sigil.storage.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which expiring certificates to find: VALID, notAfter in ({@code now}, {@code until}], not of an excluded profile,
 * not superseded, not yet noticed for {@code window}; in (notAfter, issuer, serial) order, after {@code after}.
 *
 * @param after the last certificate of the previous page (keyset paging), empty for the first page
 */
public record ExpiryQuery(Instant now, Instant until, String window, Set<String> excludedProfiles,
                          Optional<ExpiringCertificate> after, int limit) {

    public static final int MAX_LIMIT = 1000;

    public ExpiryQuery {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(window, "window");
        excludedProfiles = Set.copyOf(excludedProfiles);
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }

    /** The next page's query. */
    public ExpiryQuery after(ExpiringCertificate last) {
        return new ExpiryQuery(now, until, window, excludedProfiles, Optional.of(last), limit);
    }
}
