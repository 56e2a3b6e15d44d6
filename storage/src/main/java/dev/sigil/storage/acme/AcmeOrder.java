package dev.sigil.storage.acme;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An order (RFC 8555 §7.1.3).
 *
 * @param id                  application-assigned, random, URL-safe
 * @param accountId           the owning account
 * @param directory           the ACME directory
 * @param status              see {@link AcmeStatus.Order}
 * @param expiresAt           when a pending or ready order lapses
 * @param identifiers         the identifiers as requested (wildcards with their {@code *.})
 * @param notBefore           requested certificate start, if any
 * @param notAfter            requested certificate end, if any
 * @param authorizationIds    its authorizations (new and reused), one per identifier, in identifier order
 * @param errorJson           the problem document (JSON text) if it became invalid
 * @param certificateIssuerId with {@code certificateSerial}: the issued certificate once valid
 * @param certificateSerial   lower-case hex serial of the issued certificate
 * @param replaces            the ARI certificate ID (RFC 9773) this order replaces, if any
 * @param createdAt           when it was created
 */
public record AcmeOrder(String id, String accountId, String directory, AcmeStatus.Order status, Instant expiresAt,
                        List<AcmeIdentifier> identifiers, Optional<Instant> notBefore, Optional<Instant> notAfter,
                        List<String> authorizationIds, Optional<String> errorJson,
                        Optional<String> certificateIssuerId, Optional<String> certificateSerial,
                        Optional<String> replaces, Instant createdAt) {
    public AcmeOrder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expiresAt, "expiresAt");
        identifiers = List.copyOf(identifiers);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        authorizationIds = List.copyOf(authorizationIds);
        Objects.requireNonNull(errorJson, "errorJson");
        Objects.requireNonNull(certificateIssuerId, "certificateIssuerId");
        Objects.requireNonNull(certificateSerial, "certificateSerial");
        Objects.requireNonNull(replaces, "replaces");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
