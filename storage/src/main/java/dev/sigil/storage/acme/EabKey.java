package dev.sigil.storage.acme;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An External Account Binding key (RFC 8555 §7.3.4), created by an operator for one directory and bound to at most
 * one account, once. The HMAC key must be stored to verify bindings; it is a credential, never a CA key, and it
 * is never logged or audited.
 *
 * @param keyId          the key identifier the client sends as the inner JWS's {@code kid}
 * @param directory      the ACME directory it is valid for
 * @param label          operator's note (device batch, tenant), may be empty
 * @param hmacKey        the MAC key (≥256 bits)
 * @param createdAt      when the operator created it
 * @param boundAccountId the account it was used for, once used
 * @param boundAt        when it was used
 */
public record EabKey(String keyId, String directory, String label, byte[] hmacKey, Instant createdAt,
                     Optional<String> boundAccountId, Optional<Instant> boundAt) {
    public EabKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(directory, "directory");
        label = label == null ? "" : label;
        Objects.requireNonNull(hmacKey, "hmacKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(boundAccountId, "boundAccountId");
        Objects.requireNonNull(boundAt, "boundAt");
    }

    @Override
    public String toString() {
        return "EabKey[keyId=" + keyId + ", directory=" + directory + ", label=" + label + ", bound="
                + boundAccountId.isPresent() + "]";
    }
}
