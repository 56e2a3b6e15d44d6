package dev.sigil.storage.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An API token. Only the SHA-256 of the secret is stored.
 *
 * @param id        public identifier (URL-safe)
 * @param name      human name; also the actor in the audit log
 * @param role      {@code admin}, {@code operator} or {@code auditor}
 * @param secretHash lower-case hex SHA-256 of the token secret
 * @param createdAt creation time
 * @param createdBy who created it
 * @param revokedAt when revoked, if revoked
 * @param scope     for a workload token: the one managed certificate it may read; empty for every other token
 */
public record TokenRecord(String id, String name, String role, String secretHash, Instant createdAt,
                          String createdBy, Optional<Instant> revokedAt, Optional<String> scope) {

    /** An unscoped token. */
    public TokenRecord(String id, String name, String role, String secretHash, Instant createdAt, String createdBy,
                       Optional<Instant> revokedAt) {
        this(id, name, role, secretHash, createdAt, createdBy, revokedAt, Optional.empty());
    }

    public TokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(secretHash, "secretHash");
        if (!secretHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("secretHash must be a hex SHA-256");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(scope, "scope");
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
