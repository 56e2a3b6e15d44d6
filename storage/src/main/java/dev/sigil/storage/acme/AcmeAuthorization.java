package dev.sigil.storage.acme;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An authorization (RFC 8555 §7.1.4) with its challenges. Belongs to one account; may be shared by several of
 * that account's orders (reuse while valid).
 *
 * @param id         application-assigned, random, URL-safe
 * @param accountId  the owning account
 * @param directory  the ACME directory
 * @param identifier the identifier (for a wildcard order, the base name; {@link #wildcard()} says so)
 * @param wildcard   whether it authorizes {@code *.}{@code identifier.value()}
 * @param status     see {@link AcmeStatus.Authorization}
 * @param expiresAt  pending: when the client must have answered; valid: until when it may be reused
 * @param challenges its challenges, in the order offered
 * @param createdAt  when it was created
 */
public record AcmeAuthorization(String id, String accountId, String directory, AcmeIdentifier identifier,
                                boolean wildcard, AcmeStatus.Authorization status, Instant expiresAt,
                                List<AcmeChallenge> challenges, Instant createdAt) {
    public AcmeAuthorization {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expiresAt, "expiresAt");
        challenges = List.copyOf(challenges);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
