package dev.sigil.service.ssh;

import dev.sigil.service.ca.keys.KeyCustody;
import dev.sigil.service.ca.keys.KeyCustodyException;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.keys.SigningKey;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.ssh.SshCaRecord;
import dev.sigil.storage.ssh.SshCaType;
import dev.sigil.storage.ssh.SshStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the SSH user and host CAs at start-up, creating each on the first start that finds none (also on an existing
 * installation upgraded to a version with SSH). Private keys go to key custody beside the X.509 CA keys
 * ({@code data/ca/ssh-user-ca.key.pem}, encrypted with the same passphrase); the database holds the public key and
 * the custody reference only. A node that finds a CA in the database but not its key file stops with an error asking
 * for the key files, so nodes sharing a database never sign with different SSH CAs. The public keys are also written
 * to {@code data/ca/ssh_user_ca.pub} and {@code ssh_host_ca.pub} for the operator.
 */
public final class SshCaBootstrap {

    /** Key types an SSH CA may have: what {@link SshCertificateSigner} signs with (RSA at least 3072 bits). */
    public static final Set<KeyType> CA_KEY_TYPES = Set.of(KeyType.ED25519, KeyType.EC_P256, KeyType.EC_P384,
            KeyType.RSA_3072, KeyType.RSA_4096);
    private static final System.Logger LOG = System.getLogger(SshCaBootstrap.class.getName());
    private static final byte[] PROBE = "sigil ssh ca key check".getBytes(StandardCharsets.US_ASCII);

    private final SshStore store;
    private final KeyCustody custody;
    private final Clock clock;
    private final Path caDir;

    public SshCaBootstrap(SshStore store, KeyCustody custody, Clock clock, Path caDir) {
        this.store = store;
        this.custody = custody;
        this.clock = clock;
        this.caDir = caDir;
    }

    /** @throws IllegalArgumentException if {@code keyType} cannot be an SSH CA key */
    public SshCas loadOrCreate(KeyType keyType) {
        if (!CA_KEY_TYPES.contains(keyType)) {
            throw new IllegalArgumentException("sigil.ssh.key-type must be one of ED25519, EC_P256, EC_P384, RSA_3072,"
                    + " RSA_4096, not " + keyType);
        }
        if (store.ca(SshCaType.USER).isEmpty() || store.ca(SshCaType.HOST).isEmpty()) {
            custody.requireSupported(keyType, "sigil.ssh.key-type");
        }
        SshCas cas = new SshCas(load(SshCaType.USER, keyType), load(SshCaType.HOST, keyType));
        for (SshCaType t : SshCaType.values()) {
            writePublic(caDir.resolve("ssh_" + t.wireName() + "_ca.pub"),
                    SshCaKeys.trustedUserCaKeysLine(cas.get(t).publicKey(), "sigil-ssh-" + t.wireName() + "-ca") + "\n");
        }
        return cas;
    }

    private SshCas.Ca load(SshCaType type, KeyType keyType) {
        Optional<SshCaRecord> stored = store.ca(type);
        if (stored.isEmpty()) {
            create(type, keyType);
            stored = store.ca(type);
        }
        SshCaRecord record = stored.orElseThrow();
        KeyType storedType = KeyType.parse(record.keyType());
        SigningKey key = custody.load(record.keyRef(), storedType);
        SshPublicKey publicKey = SshPublicKeys.parse(record.publicKey());
        requireMatch(type, key, publicKey);
        return new SshCas.Ca(record, new SshCertificateSigner(new KeyPair(publicKey.key(), key.privateKey()),
                key.provider()));
    }

    private void create(SshCaType type, KeyType keyType) {
        Instant now = clock.instant();
        KeyCustody.Generated generated = custody.generate("ssh-" + type.wireName() + "-ca", keyType);
        SshPublicKey publicKey = SshPublicKeys.fromJca(generated.publicKey());
        String ref = generated.reference();
        SshCaRecord record = new SshCaRecord(type, keyType.name(), publicKey.toOpenSsh(), publicKey.fingerprint(), ref, now);
        try {
            store.addCa(record, AuditEvent.success(now, "system", "ssh.ca.create", "ssh-" + type.wireName(),
                    keyType.name() + " " + publicKey.fingerprint()));
            LOG.log(System.Logger.Level.INFO, "created the SSH {0} CA ({1}, {2})", type.wireName(), keyType,
                    publicKey.fingerprint());
        } catch (StorageException e) {
            if (e.kind() != StorageException.Kind.CONFLICT) {
                throw e;
            }
            // Another node created it at the same moment: its key is the CA; loading checks that ours matches.
        }
    }

    /** A signature by the custody's key, verified with the stored public key: the key belongs to this CA. */
    private static void requireMatch(SshCaType type, SigningKey key, SshPublicKey publicKey) {
        KeyType keyType = key.type();
        try {
            Signature signer = Signature.getInstance(keyType.signatureAlgorithm(), key.provider());
            signer.initSign(key.privateKey());
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(keyType.signatureAlgorithm(), keyType.provider());
            verifier.initVerify(publicKey.key());
            verifier.update(PROBE);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // reported below, without the key
        }
        throw new KeyCustodyException("the SSH " + type.wireName() + " CA key does not match the CA in the database"
                + " (" + publicKey.fingerprint() + "); copy the key files from the node that created it (or use its token)");
    }

    private static void writePublic(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
