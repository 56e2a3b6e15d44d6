package dev.sigil.service.managed;

import dev.sigil.service.ca.keys.FileModes;
import dev.sigil.service.ca.keys.KeyCustodyException;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.storage.managed.ManagedStore;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;

/**
 * Encrypts the private keys of managed certificates for the database: AES-256-GCM with a random 12-byte nonce and,
 * as associated data, the managed certificate's name and version, so that a ciphertext copied to another row does
 * not decrypt. The key-encryption key (KEK) never enters the database: it is 32 random bytes in
 * {@code (data-dir)/ca/managed-kek.pem}, a PBES2-encrypted PKCS#8 envelope under the CA passphrase (the same
 * encryption as the CA key files), mode 0600. Every node sharing a database must hold the same file.
 */
public final class ManagedKeys {

    public static final String KEK_FILE = "managed-kek.pem";
    static final int KEK_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    /** First byte of every ciphertext: lets a later format (or a new KEK) be told apart. */
    static final byte FORMAT = 1;
    /** Same as the CA key files: the KEK is unlocked once at start-up. */
    static final int PBKDF2_ITERATIONS = 600_000;
    private static final String AAD_PREFIX = "sigil-managed-key";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec kek;

    private ManagedKeys(byte[] kek) {
        this.kek = new SecretKeySpec(kek, "AES");
        Arrays.fill(kek, (byte) 0);
    }

    /**
     * Loads the KEK from {@code caDir}, or creates it if it is missing and no encrypted key exists yet.
     *
     * @throws KeyCustodyException if the file is missing while the database holds encrypted keys (they could not be
     *                             read any more), or cannot be decrypted with the passphrase
     */
    public static ManagedKeys open(Path caDir, char[] passphrase, ManagedStore store) {
        KeyType.installProviders();
        if (passphrase.length == 0) {
            throw new KeyCustodyException("the CA key passphrase is empty");
        }
        Path file = caDir.resolve(KEK_FILE);
        if (Files.isRegularFile(file)) {
            return new ManagedKeys(read(file, passphrase));
        }
        if (store.anyVersions()) {
            throw new KeyCustodyException("the key-encryption key file " + file + " is missing, but the database holds "
                    + "managed certificate keys encrypted under it: copy " + KEK_FILE + " from another Sigil node's ca "
                    + "directory or from a backup (a new key would make the stored keys unreadable)");
        }
        byte[] kek = new byte[KEK_BYTES];
        RANDOM.nextBytes(kek);
        write(file, kek, passphrase);
        return new ManagedKeys(kek);
    }

    /** Encrypts a private key (its PKCS#8 DER) for version {@code version} of {@code name}. */
    public byte[] encrypt(String name, int version, PrivateKey key) {
        byte[] plain = key.getEncoded();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(aad(name, version));
            byte[] sealed = gcm.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(FORMAT).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Decrypts what {@link #encrypt} produced for the same name and version.
     *
     * @throws KeyCustodyException if it does not decrypt (another KEK, another row, tampering)
     */
    public PrivateKey decrypt(String name, int version, byte[] encrypted, KeyType type) {
        if (encrypted.length < 1 + NONCE_BYTES + TAG_BITS / 8 || encrypted[0] != FORMAT) {
            throw new KeyCustodyException("the stored key of " + name + " v" + version + " is not in a known format");
        }
        byte[] plain = null;
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, encrypted, 1, NONCE_BYTES));
            gcm.updateAAD(aad(name, version));
            plain = gcm.doFinal(encrypted, 1 + NONCE_BYTES, encrypted.length - 1 - NONCE_BYTES);
            return KeyFactory.getInstance(type.algorithm(), type.provider()).generatePrivate(new PKCS8EncodedKeySpec(plain));
        } catch (javax.crypto.AEADBadTagException e) {
            throw new KeyCustodyException("the stored key of " + name + " v" + version + " does not decrypt: this node's "
                    + KEK_FILE + " differs from the one it was encrypted under, or the row was altered");
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot decode the stored key of " + name + " v" + version + ": "
                    + e.getClass().getSimpleName());
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "ManagedKeys[AES-256-GCM]";
    }

    private static byte[] aad(String name, int version) {
        return (AAD_PREFIX + "\0" + name + "\0" + version).getBytes(StandardCharsets.UTF_8);
    }

    /** The KEK as a PKCS#8 envelope (algorithm id-aes256-GCM, key = the 32 bytes), PBES2-encrypted like CA keys. */
    private static void write(Path file, byte[] kek, char[] passphrase) {
        PrivateKeyInfo info;
        try {
            info = new PrivateKeyInfo(new AlgorithmIdentifier(NISTObjectIdentifiers.id_aes256_GCM), new DEROctetString(kek));
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS)
                    .setPassword(passphrase)
                    .build();
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
                w.writeObject(new PKCS8Generator(info, encryptor));
            }
            FileModes.writePrivateFile(file, pem.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | OperatorCreationException e) {
            throw new KeyCustodyException("cannot write the key-encryption key file " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static byte[] read(Path file, char[] passphrase) {
        FileModes.requirePrivate(file, "key-encryption key file", true);
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            if (!(parser.readObject() instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
                throw new KeyCustodyException("the key-encryption key file " + file + " is not an encrypted PKCS#8 file");
            }
            PrivateKeyInfo info;
            try {
                info = encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider("BC").build(passphrase));
            } catch (PKCSException e) {
                throw new KeyCustodyException("cannot decrypt the key-encryption key file " + file + ": wrong passphrase?");
            }
            if (!NISTObjectIdentifiers.id_aes256_GCM.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
                throw new KeyCustodyException("the key-encryption key file " + file + " holds no AES-256 key");
            }
            byte[] kek = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            if (kek.length != KEK_BYTES) {
                throw new KeyCustodyException("the key-encryption key file " + file + " holds no AES-256 key");
            }
            return kek;
        } catch (IOException | OperatorCreationException | IllegalArgumentException e) {
            throw new KeyCustodyException("cannot read the key-encryption key file " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }
}
