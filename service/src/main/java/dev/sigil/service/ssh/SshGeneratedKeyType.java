package dev.sigil.service.ssh;

import dev.sigil.service.ca.keys.KeyType;

import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The key pairs Sigil generates for a client that asks for one ({@code "generateKey"} in the API): the types
 * {@code ssh-keygen} offers by default, at the sizes it uses. Generated with the JCA provider {@link KeyType} chooses.
 */
public enum SshGeneratedKeyType {
    ED25519("ed25519", KeyType.ED25519, SshKeyType.ED25519),
    ECDSA_P256("ecdsa-p256", KeyType.EC_P256, SshKeyType.ECDSA_P256),
    ECDSA_P384("ecdsa-p384", KeyType.EC_P384, SshKeyType.ECDSA_P384),
    /** 3072 bits, ssh-keygen's default RSA size; the key signs with rsa-sha2-256/512 like any RSA key. */
    RSA_3072("rsa-3072", KeyType.RSA_3072, SshKeyType.RSA);

    private final String apiName;
    private final KeyType keyType;
    private final SshKeyType sshKeyType;

    SshGeneratedKeyType(String apiName, KeyType keyType, SshKeyType sshKeyType) {
        this.apiName = apiName;
        this.keyType = keyType;
        this.sshKeyType = sshKeyType;
    }

    /** The name in the API and the CLI, e.g. {@code ecdsa-p256}. */
    public String apiName() {
        return apiName;
    }

    /** The SSH key type of the generated key (what policy's {@code key-types} is checked against). */
    public SshKeyType sshKeyType() {
        return sshKeyType;
    }

    /** A fresh key pair of this type. */
    public KeyPair generate() {
        return keyType.generate();
    }

    /** The type with this API name (case-insensitive), if there is one. */
    public static Optional<SshGeneratedKeyType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.apiName.equals(n)).findFirst();
    }

    /** Every API name, for messages. */
    public static List<String> apiNames() {
        return Arrays.stream(values()).map(SshGeneratedKeyType::apiName).toList();
    }
}
