package dev.sigil.service.managed;

import dev.sigil.service.ca.x509.Pem;

import javax.crypto.spec.PBEParameterSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * How a managed certificate's credential (certificate, chain, private key) is handed to a workload: PEM (the key as
 * unencrypted PKCS#8, for files a web server reads) or a password-protected PKCS#12. Nothing here logs, and no error
 * message carries key material.
 */
public final class CredentialFormats {

    /** Longest PKCS#12 password accepted (it arrives in a header; this bounds the key-derivation input). */
    public static final int MAX_PASSWORD = 1024;
    /**
     * The key is encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), set explicitly so that a legacy
     * {@code keystore.pkcs12.keyProtectionAlgorithm} in a JDK's security properties cannot weaken it. Certificates
     * and the MAC follow the JDK's defaults, which since JDK 12 are the same family (HmacPBESHA256 MAC).
     */
    static final String KEY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
    /** PBKDF2 iterations for the key (the JDK's default count for PKCS#12). */
    static final int KEY_ITERATIONS = 10_000;
    static final int SALT_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialFormats() {
    }

    /** The private key as PEM {@code PRIVATE KEY} (PKCS#8, unencrypted). */
    public static String privateKeyPem(PrivateKey key) {
        return Pem.encode("PRIVATE KEY", key.getEncoded());
    }

    /** Certificates as concatenated PEM, in the given order. */
    public static String certificatesPem(List<X509Certificate> certificates) {
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate c : certificates) {
            try {
                ders.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode a stored certificate", e);
            }
        }
        return Pem.certificates(ders);
    }

    /**
     * A PKCS#12 file holding one key entry under {@code alias}: the key with the leaf certificate and then the chain.
     *
     * @param password 1 to {@value #MAX_PASSWORD} characters; the caller may wipe it afterwards
     * @throws IllegalArgumentException if the password is empty or too long (the message names no part of it)
     */
    public static byte[] pkcs12(String alias, PrivateKey key, X509Certificate leaf, List<X509Certificate> chain,
                                char[] password) {
        if (password == null || password.length == 0 || password.length > MAX_PASSWORD) {
            throw new IllegalArgumentException("the PKCS#12 password must be 1-" + MAX_PASSWORD + " characters");
        }
        List<Certificate> certs = new ArrayList<>();
        certs.add(leaf);
        certs.addAll(chain);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setEntry(alias, new KeyStore.PrivateKeyEntry(key, certs.toArray(Certificate[]::new)),
                    new KeyStore.PasswordProtection(password, KEY_PROTECTION, new PBEParameterSpec(salt, KEY_ITERATIONS)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            // The cause names algorithms, never the key or the password.
            throw new IllegalStateException("cannot build the PKCS#12 file", e);
        }
    }
}
