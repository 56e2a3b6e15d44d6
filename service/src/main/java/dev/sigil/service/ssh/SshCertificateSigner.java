package dev.sigil.service.ssh;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.error.SigilException;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Signs OpenSSH certificates (PROTOCOL.certkeys) with a CA key pair: Ed25519 (recommended), ECDSA P-256/P-384/P-521,
 * or RSA of at least {@value #MIN_RSA_CA_BITS} bits, which signs with {@code rsa-sha2-512} (never SHA-1
 * {@code ssh-rsa}, which OpenSSH 8.8+ refuses).
 *
 * <p>The encoding is written here rather than taken from Apache MINA SSHD's {@code OpenSshCertificateBuilder}: that
 * builder lives in {@code sshd-core} (the whole SSH transport), needs MINA's own Ed25519 provider plumbing, and the
 * format is a dozen fields that the KRL encoder's wire writer already covers. Options and extensions are emitted in
 * the lexical order PROTOCOL.certkeys requires. Thread-safe.
 */
public final class SshCertificateSigner {

    /** Smallest RSA CA key accepted. */
    public static final int MIN_RSA_CA_BITS = 3072;
    /** Nonce length; PROTOCOL.certkeys asks for a CA-provided random bitstring, OpenSSH uses 32 bytes. */
    public static final int NONCE_BYTES = 32;

    private static final byte[] NO_RESERVED = new byte[0];

    private final KeyPair ca;
    private final SshPublicKey caKey;
    private final String jcaAlgorithm;
    private final String sshAlgorithm;
    /** The JCA provider that signs, or null when the private key only works with the default selection. */
    private final Provider provider;
    private final SecureRandom random;

    public SshCertificateSigner(KeyPair ca) {
        this(ca, new SecureRandom());
    }

    /** Signs with {@code provider}, e.g. the PKCS#11 provider of a CA key that stays in an HSM. */
    public SshCertificateSigner(KeyPair ca, Provider provider) {
        this(ca, new SecureRandom(), Objects.requireNonNull(provider, "provider"));
    }

    public SshCertificateSigner(KeyPair ca, SecureRandom random) {
        this(ca, random, null);
    }

    private SshCertificateSigner(KeyPair ca, SecureRandom random, Provider explicitProvider) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.random = Objects.requireNonNull(random, "random");
        KeyType.installProviders();
        this.caKey = SshPublicKeys.fromJca(ca.getPublic());
        switch (caKey.type()) {
            case ED25519 -> {
                jcaAlgorithm = "Ed25519";
                sshAlgorithm = "ssh-ed25519";
            }
            case ECDSA_P256 -> {
                jcaAlgorithm = "SHA256withECDSA";
                sshAlgorithm = caKey.type().wireName();
            }
            case ECDSA_P384 -> {
                jcaAlgorithm = "SHA384withECDSA";
                sshAlgorithm = caKey.type().wireName();
            }
            case ECDSA_P521 -> {
                jcaAlgorithm = "SHA512withECDSA";
                sshAlgorithm = caKey.type().wireName();
            }
            case RSA -> {
                int bits = ((RSAPublicKey) ca.getPublic()).getModulus().bitLength();
                if (bits < MIN_RSA_CA_BITS) {
                    throw SigilException.policy("SSH CA RSA key of " + bits + " bits is too small; at least " + MIN_RSA_CA_BITS);
                }
                jcaAlgorithm = "SHA512withRSA";
                sshAlgorithm = "rsa-sha2-512";
            }
            default -> throw SigilException.policy("SSH CA key type " + caKey.type().wireName() + " cannot sign certificates");
        }
        this.provider = explicitProvider != null ? explicitProvider : chooseProvider();
    }

    /** The CA public key, as it appears in certificates, TrustedUserCAKeys and KRLs. */
    public SshPublicKey caPublicKey() {
        return caKey;
    }

    /** The SSH signature algorithm this signer uses, e.g. {@code ssh-ed25519} or {@code rsa-sha2-512}. */
    public String signatureAlgorithm() {
        return sshAlgorithm;
    }

    /** Signs a certificate for the request. */
    public SshCertificate sign(SshCertificateRequest request) {
        byte[] subject = request.subjectKey().blobRef();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);

        SshWireWriter w = new SshWireWriter(subject.length + 512 + caKey.blobRef().length);
        w.putString(request.subjectKey().type().certificateName());
        w.putString(nonce);
        w.putRaw(keyFields(subject));
        w.putUint64(request.serial());
        w.putUint32(request.type().code());
        w.putString(request.keyId());
        SshWireWriter principals = new SshWireWriter();
        request.principals().forEach(principals::putString);
        w.putString(principals);
        w.putUint64(request.validAfterSeconds());
        w.putUint64(request.validBeforeSeconds());
        w.putString(options(criticalOptions(request.criticalOptions())));
        Map<String, String> ext = new TreeMap<>();
        request.extensions().forEach(e -> ext.put(e.wireName(), ""));
        w.putString(options(ext));
        w.putString(NO_RESERVED);
        w.putString(caKey.blobRef());
        byte[] toBeSigned = w.toByteArray();
        w.putString(signature(toBeSigned));
        return new SshCertificate(request, caKey, sshAlgorithm, w.toByteArray());
    }

    /** The key's wire fields after its type name: the certificate repeats them after the nonce. */
    private static byte[] keyFields(byte[] blob) {
        int nameLen = ((blob[0] & 0xFF) << 24) | ((blob[1] & 0xFF) << 16) | ((blob[2] & 0xFF) << 8) | (blob[3] & 0xFF);
        return Arrays.copyOfRange(blob, 4 + nameLen, blob.length);
    }

    private static Map<String, String> criticalOptions(SshCriticalOptions o) {
        Map<String, String> m = new TreeMap<>();
        o.forceCommand().ifPresent(c -> m.put("force-command", c));
        if (!o.sourceAddresses().isEmpty()) {
            m.put("source-address", String.join(",", o.sourceAddresses()));
        }
        if (o.verifyRequired()) {
            m.put("verify-required", "");
        }
        return m;
    }

    /**
     * Packs name/data pairs. A flag's data is an empty string; a value is itself wrapped in a string. The map is a
     * TreeMap of ASCII names, so String order is byte order, the lexical order PROTOCOL.certkeys asks for.
     */
    private static SshWireWriter options(Map<String, String> sorted) {
        SshWireWriter w = new SshWireWriter();
        sorted.forEach((name, value) -> {
            w.putString(name);
            w.putString(value.isEmpty() ? new byte[0] : new SshWireWriter().putString(value).toByteArray());
        });
        return w;
    }

    private byte[] signature(byte[] data) {
        byte[] raw;
        try {
            Signature s = provider == null ? Signature.getInstance(jcaAlgorithm) : Signature.getInstance(jcaAlgorithm, provider);
            s.initSign(ca.getPrivate());
            s.update(data);
            raw = s.sign();
        } catch (GeneralSecurityException e) {
            // The message names the algorithm only; never key material.
            throw new SigilException(dev.sigil.service.error.ErrorKind.INTERNAL, "SSH CA signing with " + jcaAlgorithm + " failed", e);
        }
        SshWireWriter sig = new SshWireWriter(raw.length + 32).putString(sshAlgorithm);
        if (jcaAlgorithm.endsWith("withECDSA")) {
            // JCA gives DER SEQUENCE { r, s }; SSH wants string(mpint r, mpint s) (RFC 5656 §3.1.2).
            ASN1Sequence seq = ASN1Sequence.getInstance(raw);
            sig.putString(new SshWireWriter().putMpint(ASN1Integer.getInstance(seq.getObjectAt(0)).getValue())
                    .putMpint(ASN1Integer.getInstance(seq.getObjectAt(1)).getValue()));
        } else {
            sig.putString(raw);
        }
        return sig.toByteArray();
    }

    /** BC signs Ed25519 and ECDSA fastest here (see {@link KeyType}); keys only another provider can use fall back. */
    private Provider chooseProvider() {
        Provider preferred = Security.getProvider(caKey.type() == SshKeyType.RSA ? "SunRsaSign" : "BC");
        try {
            Signature.getInstance(jcaAlgorithm, preferred).initSign(ca.getPrivate());
            return preferred;
        } catch (InvalidKeyException e) {
            return null;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
