package dev.sigil.service.ca.keys;

import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.util.Objects;

/**
 * A CA private key ready to sign, with the JCA provider that can use it: the provider {@link KeyType} picks for a
 * key held in memory, or the PKCS#11 provider for a handle to a key that stays in an HSM token.
 */
public record SigningKey(PrivateKey privateKey, KeyType type, Provider provider) {

    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(provider, "provider");
    }

    /** A key in memory, signed with the provider chosen for its type. */
    public static SigningKey inMemory(PrivateKey key, KeyType type) {
        KeyType.installProviders();
        return new SigningKey(key, type, Security.getProvider(type.provider()));
    }

    /** A fresh BC ContentSigner (they are not thread-safe) for the type's signature algorithm. */
    public ContentSigner contentSigner() {
        try {
            return new JcaContentSignerBuilder(type.signatureAlgorithm()).setProvider(provider).build(privateKey);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot create a " + type + " signer on " + provider.getName(), e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + type + " on " + provider.getName() + "]"; // never the key
    }
}
