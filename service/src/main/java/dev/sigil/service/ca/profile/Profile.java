package dev.sigil.service.ca.profile;

import dev.sigil.service.ca.keys.KeyType;
import org.bouncycastle.asn1.x509.KeyPurposeId;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An issuance profile: which keys and names it accepts, how long certificates live, and what they are for.
 *
 * @param name             profile name ({@code server}, {@code client}, {@code device}, or configured)
 * @param defaultLifetime  lifetime when the request names none
 * @param maxLifetime      longest lifetime; longer requests are refused
 * @param keyTypes         leaf key types accepted
 * @param names            the name policy
 * @param extendedKeyUsage EKUs put in every certificate
 * @param requireName      true if a certificate needs at least one DNS/IP name (server certificates)
 */
public record Profile(String name, Duration defaultLifetime, Duration maxLifetime, Set<KeyType> keyTypes,
                      NamePolicy names, List<KeyPurposeId> extendedKeyUsage, boolean requireName) {
    public Profile {
        Objects.requireNonNull(name);
        if (defaultLifetime.compareTo(maxLifetime) > 0) {
            throw new IllegalArgumentException("profile " + name + ": default-lifetime exceeds max-lifetime");
        }
        keyTypes = Set.copyOf(keyTypes);
        if (keyTypes.isEmpty()) {
            throw new IllegalArgumentException("profile " + name + ": no key types allowed");
        }
        Objects.requireNonNull(names);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
    }

    /** EKU names for the API ({@code serverAuth}, {@code clientAuth}). */
    public List<String> extendedKeyUsageNames() {
        return extendedKeyUsage.stream().map(k -> k.equals(KeyPurposeId.id_kp_serverAuth) ? "serverAuth"
                : k.equals(KeyPurposeId.id_kp_clientAuth) ? "clientAuth" : k.getId()).toList();
    }
}
