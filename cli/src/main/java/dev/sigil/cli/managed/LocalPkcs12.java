package dev.sigil.cli.managed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Builds a PKCS#12 file on this machine from a fetched PEM credential, so that the password never travels to the
 * server. The key is protected with PBES2 (PBKDF2-HMAC-SHA256, AES-256), set explicitly; certificates and the MAC
 * follow the JDK's defaults (the same family since JDK 12).
 */
final class LocalPkcs12 {

    static final String KEY_PROTECTION = "PBEWithHmacSHA256AndAES_256";
    static final int KEY_ITERATIONS = 10_000;
    static final int SALT_BYTES = 16;

    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalPkcs12() {
    }

    /**
     * @param certificatePem the leaf certificate
     * @param chainPem       its issuer up to the root, possibly empty
     * @param keyPem         the key as PEM PKCS#8 ({@code PRIVATE KEY})
     * @throws IllegalArgumentException if a part does not parse (the message never quotes the key)
     */
    static byte[] build(String alias, String certificatePem, String chainPem, String keyPem, char[] password) {
        List<X509Certificate> leaf = certificates(certificatePem);
        if (leaf.size() != 1) {
            throw new IllegalArgumentException("expected one certificate, got " + leaf.size());
        }
        List<Certificate> chain = new ArrayList<>(leaf);
        chain.addAll(certificates(chainPem));
        PrivateKey key = privateKey(keyPem, leaf.get(0).getPublicKey().getAlgorithm());
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setEntry(alias, new KeyStore.PrivateKeyEntry(key, chain.toArray(Certificate[]::new)),
                    new KeyStore.PasswordProtection(password, KEY_PROTECTION, new PBEParameterSpec(salt, KEY_ITERATIONS)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the PKCS#12 file: " + e.getClass().getSimpleName(), e);
        }
    }

    static List<X509Certificate> certificates(String pem) {
        if (pem == null || pem.isBlank()) {
            return List.of();
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate PEM does not parse", e);
        }
    }

    private static PrivateKey privateKey(String pem, String algorithm) {
        Matcher m = PRIVATE_KEY.matcher(pem == null ? "" : pem);
        if (!m.find()) {
            throw new IllegalArgumentException("the private key is not a PEM PRIVATE KEY (PKCS#8)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(1));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Deliberately no cause: a parser's message could echo key bytes.
            throw new IllegalArgumentException("the private key does not parse as a " + algorithm + " PKCS#8 key");
        }
    }
}
