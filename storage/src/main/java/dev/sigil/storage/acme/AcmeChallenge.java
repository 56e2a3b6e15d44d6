package dev.sigil.storage.acme;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One challenge of an authorization (RFC 8555 §7.1.5, §8).
 *
 * @param id              application-assigned, random, URL-safe
 * @param authorizationId the authorization it belongs to
 * @param type            {@code http-01}, {@code dns-01} or {@code tls-alpn-01}
 * @param token           the challenge token (≥128 bits of entropy, base64url)
 * @param status          pending, processing, valid or invalid
 * @param validatedAt     when it became valid
 * @param errorJson       the RFC 7807 problem document (JSON text) when it became invalid
 */
public record AcmeChallenge(String id, String authorizationId, String type, String token, AcmeStatus.Challenge status,
                            Optional<Instant> validatedAt, Optional<String> errorJson) {
    public AcmeChallenge {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(authorizationId, "authorizationId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(validatedAt, "validatedAt");
        Objects.requireNonNull(errorJson, "errorJson");
    }
}
