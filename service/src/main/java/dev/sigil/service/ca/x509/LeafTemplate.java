package dev.sigil.service.ca.x509;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.storage.certificate.San;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a leaf certificate will say, decided before anything is signed (the "prepare" half of Boulder's
 * prepare-lint-sign issuance).
 */
public record LeafTemplate(BigInteger serial, X500Name subject, List<San> sans, SubjectPublicKeyInfo publicKey,
                           KeyType keyType, Instant notBefore, Instant notAfter, List<KeyPurposeId> extendedKeyUsage) {
    public LeafTemplate {
        Objects.requireNonNull(serial);
        Objects.requireNonNull(subject);
        sans = List.copyOf(sans);
        Objects.requireNonNull(publicKey);
        Objects.requireNonNull(keyType);
        Objects.requireNonNull(notBefore);
        Objects.requireNonNull(notAfter);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
    }

    /** The same template starting at {@code start} (an ACME order's future notBefore). */
    public LeafTemplate withNotBefore(Instant start) {
        return new LeafTemplate(serial, subject, sans, publicKey, keyType, start, notAfter, extendedKeyUsage);
    }
}
