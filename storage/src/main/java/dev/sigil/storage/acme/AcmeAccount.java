package dev.sigil.storage.acme;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ACME account (RFC 8555 §7.1.2). Unique per (directory, key thumbprint).
 *
 * @param id            application-assigned, random, URL-safe
 * @param directory     the ACME directory it belongs to
 * @param keyThumbprint RFC 7638 SHA-256 thumbprint of the account key, base64url
 * @param jwkJson       the account public key as a JWK (JSON text)
 * @param status        valid, deactivated or revoked
 * @param contacts      contact URLs ({@code mailto:})
 * @param termsAgreed   whether the client agreed to the terms of service
 * @param eabKeyId      the External Account Binding key it was created with, if any
 * @param createdAt     when it was created
 */
public record AcmeAccount(String id, String directory, String keyThumbprint, String jwkJson, AcmeStatus.Account status,
                          List<String> contacts, boolean termsAgreed, Optional<String> eabKeyId, Instant createdAt) {
    public AcmeAccount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(keyThumbprint, "keyThumbprint");
        Objects.requireNonNull(jwkJson, "jwkJson");
        Objects.requireNonNull(status, "status");
        contacts = List.copyOf(contacts);
        Objects.requireNonNull(eabKeyId, "eabKeyId");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
