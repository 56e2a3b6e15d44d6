package dev.sigil.storage.issuer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A CA certificate Sigil holds. The private key is never here: {@code keyRef} names where key custody
 * keeps it (e.g. a file name under data/ca, or a PKCS#11 alias).
 *
 * @param id             short, URL-safe, stable identifier used in CDP/AIA URLs (e.g. {@code int-3f9a1c2b})
 * @param name           human name (usually the subject CN)
 * @param kind           root or intermediate
 * @param parentId       the issuer that signed this one; empty for a root
 * @param subjectDn      RFC 4514 subject
 * @param keyType        key type name (e.g. {@code EC_P256}, {@code RSA_3072}, {@code ED25519})
 * @param keyRef         key custody reference, not secret
 * @param certificateDer the DER certificate
 * @param notBefore      validity start
 * @param notAfter       validity end
 * @param createdAt      when Sigil created the record
 */
public record IssuerRecord(String id, String name, IssuerKind kind, Optional<String> parentId, String subjectDn,
                           String keyType, String keyRef, byte[] certificateDer, Instant notBefore, Instant notAfter,
                           Instant createdAt) {
    public IssuerRecord {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("issuer id must be 1-40 of [a-z0-9-]: " + id);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parentId, "parentId");
        Objects.requireNonNull(subjectDn, "subjectDn");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(keyRef, "keyRef");
        Objects.requireNonNull(certificateDer, "certificateDer");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(createdAt, "createdAt");
        if (kind == IssuerKind.ROOT && parentId.isPresent()) {
            throw new IllegalArgumentException("a root has no parent");
        }
    }
}
