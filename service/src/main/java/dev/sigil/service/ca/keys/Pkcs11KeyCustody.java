package dev.sigil.service.ca.keys;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * CA keys generated inside a PKCS#11 token (an HSM, or SoftHSM2) through the JDK's SunPKCS11 provider, and used from
 * there: Sigil only ever holds handles. Private keys are created sensitive, never extractable and usable only to sign;
 * each is made a token object under a unique alias (its CKA_LABEL and CKA_ID) with a self-signed placeholder
 * certificate, which is how the PKCS#11 KeyStore finds a key again after a restart. The database stores
 * {@code pkcs11:<alias>}.
 *
 * <p>SunPKCS11 (JDK 25) has no EdDSA, so Ed25519 keys cannot be kept here; ECDSA and RSA can.
 */
public final class Pkcs11KeyCustody implements KeyCustody {

    private static final Set<KeyType> KEY_TYPES = EnumSet.of(KeyType.EC_P256, KeyType.EC_P384, KeyType.RSA_2048,
            KeyType.RSA_3072, KeyType.RSA_4096);
    /** Templates SunPKCS11 applies to every key pair it generates: the private half cannot leave or decrypt. */
    private static final String ATTRIBUTES = """
            attributes(generate, CKO_PRIVATE_KEY, *) = {
              CKA_PRIVATE = true
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_SIGN = true
              CKA_DECRYPT = false
              CKA_UNWRAP = false
            }
            """;
    /** The placeholder certificate's lifetime end: it is never used as a certificate, only to pair with the key. */
    private static final Instant PLACEHOLDER_END = Instant.parse("9999-12-31T23:59:59Z");

    private final Provider provider;
    private final KeyStore keyStore;
    private final String where;

    private Pkcs11KeyCustody(Provider provider, KeyStore keyStore, String where) {
        this.provider = provider;
        this.keyStore = keyStore;
        this.where = where;
    }

    /**
     * Loads the module, opens the slot and logs in.
     *
     * @throws KeyCustodyException with one line naming the module and slot (never the PIN) if any step fails
     */
    public static Pkcs11KeyCustody open(Pkcs11Settings settings) {
        KeyType.installProviders();
        String where = settings.toString();
        if (!Files.isRegularFile(settings.library())) {
            throw new KeyCustodyException("PKCS#11 module " + settings.library() + " does not exist (sigil.key.pkcs11.library)");
        }
        Provider provider;
        try {
            // Quoted: a module path may contain spaces. The provider is used directly, never registered globally.
            provider = Security.getProvider("SunPKCS11").configure("--name = sigil\nlibrary = \""
                    + settings.library() + "\"\n" + settings.slotLine() + "\n" + ATTRIBUTES);
        } catch (ProviderException | IllegalArgumentException e) {
            throw new KeyCustodyException("cannot open the PKCS#11 token (" + where + "): " + rootMessage(e));
        }
        char[] pin = settings.pin();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pin);
            return new Pkcs11KeyCustody(provider, ks, where);
        } catch (IOException | GeneralSecurityException | ProviderException e) {
            String reason = rootMessage(e);
            if (reason.contains("CKR_PIN_INCORRECT") || reason.contains("CKR_PIN_LEN_RANGE")) {
                throw new KeyCustodyException("the PKCS#11 token (" + where + ") refused the PIN from "
                        + settings.pinOrigin() + ": wrong PIN");
            }
            throw new KeyCustodyException("cannot log in to the PKCS#11 token (" + where + ") with the PIN from "
                    + settings.pinOrigin() + ": " + reason);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    @Override
    public Set<KeyType> keyTypes() {
        return KEY_TYPES;
    }

    @Override
    public String location() {
        return "PKCS#11 token (" + where + ")";
    }

    @Override
    public String describe() {
        return "a PKCS#11 token (the JDK's SunPKCS11 has no EdDSA)";
    }

    /** The provider that signs with this token's keys (tests check key attributes through it). */
    public Provider provider() {
        return provider;
    }

    @Override
    public Generated generate(String name, KeyType type) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("key name must be [a-z0-9-]+");
        }
        requireSupported(type, "the key type");
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        // A random suffix: nodes sharing a token (or a token kept across a database reset) never overwrite a key.
        String alias = "sigil-" + name + "-" + HexFormat.of().formatHex(suffix);
        try {
            if (keyStore.containsAlias(alias)) {
                throw new KeyCustodyException("the PKCS#11 token (" + where + ") already holds a key " + alias);
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance(type.algorithm(), provider);
            if (type.isRsa()) {
                g.initialize(new RSAKeyGenParameterSpec(type.bits(), RSAKeyGenParameterSpec.F4));
            } else {
                g.initialize(new ECGenParameterSpec(type == KeyType.EC_P256 ? "secp256r1" : "secp384r1"));
            }
            KeyPair pair = g.generateKeyPair();
            X509Certificate placeholder = placeholder(alias, pair, type);
            // Stores the session key as a token object labelled with the alias; it stays sensitive and unextractable.
            keyStore.setKeyEntry(alias, pair.getPrivate(), null, new Certificate[]{placeholder});
            String reference = Pkcs11Reference.of(alias);
            return new Generated(reference, placeholder.getPublicKey(), load(reference, type));
        } catch (GeneralSecurityException | ProviderException e) {
            throw new KeyCustodyException("cannot generate a " + type + " key in the PKCS#11 token (" + where + "): "
                    + rootMessage(e));
        }
    }

    @Override
    public SigningKey load(String reference, KeyType type) {
        String alias = Pkcs11Reference.alias(reference).orElseThrow(() -> new KeyCustodyException("CA key " + reference
                + " is a key file, but sigil.key.custody is pkcs11: keys cannot move into a token after the fact"));
        Key key;
        try {
            key = keyStore.getKey(alias, null);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new KeyCustodyException("cannot read CA key " + reference + " from the PKCS#11 token (" + where + "): "
                    + rootMessage(e));
        }
        if (!(key instanceof PrivateKey privateKey)) {
            throw new KeyCustodyException("CA key " + reference + " is not in the PKCS#11 token (" + where
                    + "): is this the token that created the CA?");
        }
        if (!privateKey.getAlgorithm().equals(type.algorithm())) {
            throw new KeyCustodyException("CA key " + reference + " in the PKCS#11 token is " + privateKey.getAlgorithm()
                    + ", not " + type);
        }
        return new SigningKey(privateKey, type, provider);
    }

    /** A self-signed certificate for the key: SunPKCS11's KeyStore keeps private keys only with a certificate. */
    private X509Certificate placeholder(String alias, KeyPair pair, KeyType type) throws GeneralSecurityException {
        X500Name name = new X500Name("CN=Sigil CA key " + alias);
        try {
            var builder = new X509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now()),
                    Date.from(PLACEHOLDER_END), name, SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new SigningKey(pair.getPrivate(), type, provider).contentSigner()));
        } catch (IllegalStateException e) {
            throw new GeneralSecurityException("cannot sign the placeholder certificate", e);
        }
    }

    /** The innermost message (SunPKCS11 puts the CKR_ code there); exception messages never carry the PIN. */
    private static String rootMessage(Throwable e) {
        String message = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }

    @Override
    public String toString() {
        return "Pkcs11KeyCustody[" + where + "]";
    }
}
