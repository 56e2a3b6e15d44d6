package dev.sigil.service.ca.x509;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.storage.certificate.San;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A CSR whose signature has been verified.
 *
 * @param subject        the requested subject
 * @param commonName     the subject CN, if any
 * @param sans           requested subject alternative names (DNS and IP), in request order
 * @param publicKey      the key to certify
 * @param keyType        the key's type if Sigil supports it
 * @param keyDescription the key as words for messages ({@code RSA 1024 bits})
 */
public record ParsedCsr(X500Name subject, Optional<String> commonName, List<San> sans, SubjectPublicKeyInfo publicKey,
                        Optional<KeyType> keyType, String keyDescription) {
    public ParsedCsr {
        Objects.requireNonNull(subject);
        Objects.requireNonNull(commonName);
        sans = List.copyOf(sans);
        Objects.requireNonNull(publicKey);
        Objects.requireNonNull(keyType);
        Objects.requireNonNull(keyDescription);
    }
}
