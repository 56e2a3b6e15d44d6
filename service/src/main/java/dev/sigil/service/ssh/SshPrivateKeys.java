package dev.sigil.service.ssh;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes a key pair as an unencrypted OpenSSH private key file, the format {@code ssh-keygen} has written by default
 * since OpenSSH 7.8 (PROTOCOL.key): {@code -----BEGIN OPENSSH PRIVATE KEY-----}, then base64 of the magic
 * {@code openssh-key-v1\0}, cipher {@code none}, kdf {@code none} with empty options, one public key blob, and the
 * private section (two equal random check integers, the private key fields as {@code sshkey_private_serialize} writes
 * them, the comment, and padding bytes 1, 2, 3, ... up to the 8-byte block of the cipher {@code none}).
 *
 * <p>Hand-written on {@link SshWireWriter} for the same reason as the rest of this package: no small maintained
 * library writes this format for every type. Bouncy Castle's {@code OpenSSHPrivateKeyUtil} (1.87, on the classpath)
 * writes it for Ed25519 and ECDSA but always with an empty comment, and RSA only as PKCS#1 (the older
 * {@code BEGIN RSA PRIVATE KEY} form); MINA SSHD's writer comes with its SSH transport. {@code ssh-keygen} is the
 * reference the tests hold it to: it reads the file back, derives the same public key and fingerprint, signs with
 * it, and rewrites it byte for byte as written here.
 */
public final class SshPrivateKeys {

    static final String BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    static final String END = "-----END OPENSSH PRIVATE KEY-----";
    /** {@code AUTH_MAGIC} with its terminating NUL, as OpenSSH writes it. */
    static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    /** The block size of the cipher {@code none} in OpenSSH; the private section is padded to a multiple of it. */
    static final int BLOCK_SIZE = 8;
    /** Base64 characters per line, as {@code ssh-keygen} wraps them. */
    static final int LINE_CHARS = 70;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SshPrivateKeys() {
    }

    /**
     * The OpenSSH private key file of {@code pair} (Ed25519, ECDSA P-256/P-384/P-521 or RSA), ending in a newline.
     *
     * @param comment stored with the key; {@code ssh-keygen -l} and {@code -y} print it (Sigil uses the key id)
     */
    public static String toOpenSsh(KeyPair pair, String comment) {
        return toOpenSsh(pair, comment, RANDOM.nextInt());
    }

    static String toOpenSsh(KeyPair pair, String comment, int checkInt) {
        byte[] binary = encode(pair, comment, checkInt);
        try {
            String b64 = Base64.getEncoder().encodeToString(binary);
            StringBuilder out = new StringBuilder(b64.length() + b64.length() / LINE_CHARS + 80).append(BEGIN).append('\n');
            for (int i = 0; i < b64.length(); i += LINE_CHARS) {
                out.append(b64, i, Math.min(b64.length(), i + LINE_CHARS)).append('\n');
            }
            return out.append(END).append('\n').toString();
        } finally {
            Arrays.fill(binary, (byte) 0);
        }
    }

    /** The binary file content (what the PEM armour wraps). */
    static byte[] encode(KeyPair pair, String comment, int checkInt) {
        SshPublicKey publicKey = SshPublicKeys.fromJca(pair.getPublic());
        SshWireWriter section = new SshWireWriter(4096); // large enough for RSA 4096: growing would leave copies behind
        try {
            section.putUint32(checkInt & 0xFFFFFFFFL).putUint32(checkInt & 0xFFFFFFFFL);
            privateFields(section, publicKey, pair.getPrivate());
            section.putString(comment == null ? "" : comment);
            for (int pad = 1; section.size() % BLOCK_SIZE != 0; pad++) {
                section.putByte(pad);
            }
            SshWireWriter file = new SshWireWriter(section.size() + publicKey.blobRef().length + 64);
            file.putRaw(MAGIC).putString("none").putString("none").putString(new byte[0])
                    .putUint32(1).putString(publicKey.blobRef()).putString(section);
            try {
                return file.toByteArray();
            } finally {
                file.wipe();
            }
        } finally {
            section.wipe();
        }
    }

    /** The key fields of {@code sshkey_private_serialize}: the type name, then per type what OpenSSH's key files hold. */
    private static void privateFields(SshWireWriter w, SshPublicKey publicKey, PrivateKey key) {
        switch (publicKey.type()) {
            case ED25519 -> {
                // The public fields (type, 32-byte key), then OpenSSH's 64-byte secret: the seed followed by the key.
                byte[] blob = publicKey.blobRef();
                byte[] pk = Arrays.copyOfRange(blob, blob.length - 32, blob.length);
                byte[] seed = ed25519Seed(key);
                byte[] secret = new byte[64];
                System.arraycopy(seed, 0, secret, 0, 32);
                System.arraycopy(pk, 0, secret, 32, 32);
                w.putRaw(blob).putString(secret);
                Arrays.fill(seed, (byte) 0);
                Arrays.fill(secret, (byte) 0);
            }
            case ECDSA_P256, ECDSA_P384, ECDSA_P521 -> {
                if (!(key instanceof ECPrivateKey ec)) {
                    throw new IllegalArgumentException("an ECDSA public key needs an EC private key, not " + key.getAlgorithm());
                }
                // The public fields (type, curve, point), then the private scalar.
                w.putRaw(publicKey.blobRef()).putMpint(ec.getS());
            }
            case RSA -> {
                if (!(key instanceof RSAPrivateCrtKey rsa)) {
                    throw new IllegalArgumentException("an RSA key pair needs its CRT private key (p, q, iqmp)");
                }
                // Unlike the public blob (e, n), the private form starts with n; iqmp is q^-1 mod p, the CRT coefficient.
                w.putString(SshKeyType.RSA.wireName()).putMpint(rsa.getModulus()).putMpint(rsa.getPublicExponent())
                        .putMpint(rsa.getPrivateExponent()).putMpint(rsa.getCrtCoefficient())
                        .putMpint(rsa.getPrimeP()).putMpint(rsa.getPrimeQ());
            }
            default -> throw new IllegalArgumentException("cannot write a private key of type " + publicKey.type().wireName());
        }
    }

    /** The 32-byte private seed of an Ed25519 key, from its PKCS#8 form (RFC 8410), whichever provider made it. */
    private static byte[] ed25519Seed(PrivateKey key) {
        byte[] der = key.getEncoded();
        if (der == null) {
            throw new IllegalArgumentException("the Ed25519 private key cannot be exported");
        }
        try {
            byte[] seed = ASN1OctetString.getInstance(PrivateKeyInfo.getInstance(der).parsePrivateKey()).getOctets();
            if (seed.length != 32) {
                throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, not " + seed.length);
            }
            return seed;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable Ed25519 private key", e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }
}
