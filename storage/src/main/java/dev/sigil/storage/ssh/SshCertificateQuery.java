package dev.sigil.storage.ssh;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A search of the SSH inventory, newest first. Every filter is optional and exact.
 *
 * @param now       what "expired" is measured against
 * @param type      user or host certificates only
 * @param principal certificates naming this principal
 * @param keyId     certificates with this key id
 * @param status    valid (and not expired), revoked, or expired (and not revoked)
 * @param limit     1 to {@link #MAX_LIMIT}
 */
public record SshCertificateQuery(Instant now, Optional<SshCaType> type, Optional<String> principal,
                                  Optional<String> keyId, Optional<Status> status, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** The status filter. */
    public enum Status { VALID, REVOKED, EXPIRED }

    public SshCertificateQuery {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(status, "status");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }

    /** Everything, newest first, up to {@link #DEFAULT_LIMIT}. */
    public static SshCertificateQuery all(Instant now) {
        return new SshCertificateQuery(now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_LIMIT);
    }
}
