package dev.sigil.service.ca.keys;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.EnumSet;
import java.util.Set;

/**
 * CA keys as PKCS#8 files encrypted with a passphrase (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC), one file per key,
 * mode 0600 in a 0700 directory. The files are what {@code openssl pkey -in FILE} reads, so an operator can take a
 * key offline with standard tools. The passphrase lives only in memory here.
 */
public final class EncryptedFileKeyCustody implements KeyCustody {

    /** PBKDF2 iterations: well above OpenSSL's default 2048; keys are unlocked only at start-up. */
    static final int PBKDF2_ITERATIONS = 600_000;
    private static final String SUFFIX = ".key.pem";

    private final Path directory;
    private final char[] passphrase;

    public EncryptedFileKeyCustody(Path directory, char[] passphrase) {
        KeyType.installProviders();
        if (passphrase.length == 0) {
            throw new KeyCustodyException("the CA key passphrase is empty");
        }
        this.directory = directory;
        this.passphrase = passphrase.clone();
    }

    @Override
    public Set<KeyType> keyTypes() {
        return EnumSet.allOf(KeyType.class);
    }

    @Override
    public String location() {
        return "encrypted files in " + directory;
    }

    @Override
    public String describe() {
        return "the encrypted key files";
    }

    /** Generates the key in memory and writes it encrypted; the file name is the reference. */
    @Override
    public Generated generate(String name, KeyType type) {
        KeyPair pair = type.generate();
        String reference = store(name, pair.getPrivate());
        return new Generated(reference, pair.getPublic(), SigningKey.inMemory(pair.getPrivate(), type));
    }

    String store(String name, PrivateKey key) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("key name must be [a-z0-9-]+");
        }
        Path file = directory.resolve(name + SUFFIX);
        try {
            FileModes.createPrivateDirectory(directory);
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS)
                    .setPassword(passphrase)
                    .build();
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
                w.writeObject(new JcaPKCS8Generator(key, encryptor));
            }
            FileModes.writePrivateFile(file, pem.toString().getBytes(StandardCharsets.US_ASCII));
            return file.getFileName().toString();
        } catch (IOException | OperatorCreationException e) {
            throw new KeyCustodyException("cannot write CA key file " + file, e);
        }
    }

    @Override
    public SigningKey load(String reference, KeyType type) {
        if (reference.startsWith(Pkcs11Reference.PREFIX)) {
            throw new KeyCustodyException("CA key " + reference + " is kept in a PKCS#11 token: set sigil.key.custody"
                    + " to pkcs11 and configure the token (docs/HSM.md)");
        }
        Path file = directory.resolve(reference);
        if (!Files.isRegularFile(file)) {
            throw new KeyCustodyException("CA key file " + file + " is missing (on a new node, copy the key files from "
                    + "an existing node's " + directory + ")");
        }
        FileModes.requirePrivate(file, "CA key file", true);
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            Object o = parser.readObject();
            if (!(o instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
                throw new KeyCustodyException("CA key file " + file + " is not an encrypted PKCS#8 key");
            }
            PrivateKeyInfo info;
            try {
                info = encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider("BC").build(passphrase));
            } catch (PKCSException e) {
                throw new KeyCustodyException("cannot decrypt CA key file " + file + ": wrong passphrase?");
            }
            return SigningKey.inMemory(KeyFactory.getInstance(type.algorithm(), type.provider())
                    .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded())), type);
        } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
            throw new KeyCustodyException("cannot load CA key file " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
