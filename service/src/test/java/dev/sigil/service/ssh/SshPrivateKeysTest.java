package dev.sigil.service.ssh;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SshPrivateKeys} against PROTOCOL.key and the real {@code ssh-keygen}: for each generated key type, ssh-keygen
 * loads the file, derives the same public key and fingerprint, signs with it (the signature verifies against the
 * public key, so the private half is right), re-encrypts it with a passphrase, and rewrites it byte for byte as we
 * wrote it, apart from the random check integers.
 */
class SshPrivateKeysTest {

    static final String COMMENT = "alice@sigil laptop";

    @TempDir
    Path dir;

    private Path keyFile(String name, String pem) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, pem, StandardCharsets.US_ASCII);
        // ssh-keygen refuses a private key others can read.
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "ED25519, 256, ED25519",
            "ECDSA_P256, 256, ECDSA",
            "ECDSA_P384, 384, ECDSA",
            "RSA_3072, 3072, RSA",
    })
    void sshKeygenDerivesTheSamePublicKeyAndFingerprint(SshGeneratedKeyType type, int bits, String label) throws Exception {
        SshKeygen keygen = SshKeygen.require();
        KeyPair pair = type.generate();
        SshPublicKey expected = SshPublicKeys.fromJca(pair.getPublic());
        Path key = keyFile("id_" + type.apiName(), SshPrivateKeys.toOpenSsh(pair, COMMENT));

        assertThat(keygen.ok(dir, "-y", "-f", key.toString()).stdout()).isEqualTo(expected.toOpenSsh() + " " + COMMENT + "\n");
        assertThat(keygen.ok(dir, "-l", "-E", "sha256", "-f", key.toString()).stdout())
                .isEqualTo(bits + " " + expected.fingerprint() + " " + COMMENT + " (" + label + ")\n");
        assertThat(expected.type()).isEqualTo(type.sshKeyType());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SshGeneratedKeyType.class)
    void aSignatureMadeByOpenSshWithTheKeyVerifiesAgainstItsPublicKey(SshGeneratedKeyType type) throws Exception {
        SshKeygen keygen = SshKeygen.require();
        KeyPair pair = type.generate();
        SshPublicKey publicKey = SshPublicKeys.fromJca(pair.getPublic());
        Path key = keyFile("id_" + type.apiName(), SshPrivateKeys.toOpenSsh(pair, COMMENT));
        Path message = dir.resolve("message.txt");
        Files.writeString(message, "deploy release 42\n");
        Path other = dir.resolve("other.txt");
        Files.writeString(other, "deploy release 43\n");
        Path allowed = dir.resolve("allowed_signers");
        Files.writeString(allowed, "alice@sigil " + publicKey.toOpenSsh() + "\n");

        keygen.ok(dir, "-Y", "sign", "-f", key.toString(), "-n", "file", message.toString());
        Path signature = dir.resolve("message.txt.sig");
        SshKeygen.Result good = keygen.runWithInput(dir, message, "-Y", "verify", "-f", allowed.toString(),
                "-I", "alice@sigil", "-n", "file", "-s", signature.toString());
        SshKeygen.Result forged = keygen.runWithInput(dir, other, "-Y", "verify", "-f", allowed.toString(),
                "-I", "alice@sigil", "-n", "file", "-s", signature.toString());

        assertThat(good.exitCode()).as(good.both()).isZero();
        assertThat(good.stdout()).contains("Good \"file\" signature for alice@sigil with", publicKey.fingerprint());
        assertThat(forged.exitCode()).as("the same signature over another message must fail").isNotZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SshGeneratedKeyType.class)
    void sshKeygenReEncryptsItWithAPassphrase(SshGeneratedKeyType type) throws Exception {
        SshKeygen keygen = SshKeygen.require();
        KeyPair pair = type.generate();
        Path key = keyFile("id_" + type.apiName(), SshPrivateKeys.toOpenSsh(pair, COMMENT));

        keygen.ok(dir, "-p", "-P", "", "-N", "correct horse", "-f", key.toString());

        assertThat(Files.readString(key)).contains("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(keygen.ok(dir, "-y", "-P", "correct horse", "-f", key.toString()).stdout())
                .startsWith(SshPublicKeys.fromJca(pair.getPublic()).toOpenSsh() + " ");
        assertThat(keygen.run(dir, "-y", "-P", "wrong", "-f", key.toString()).exitCode()).isNotZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SshGeneratedKeyType.class)
    void sshKeygenRewritesTheFileByteForByteAsWeWroteItButForTheCheckIntegers(SshGeneratedKeyType type) throws Exception {
        SshKeygen keygen = SshKeygen.require();
        KeyPair pair = type.generate();
        Path key = keyFile("id_" + type.apiName(), SshPrivateKeys.toOpenSsh(pair, COMMENT));

        // An empty new passphrase: ssh-keygen loads the key and saves it again, unencrypted, in its own encoding.
        keygen.ok(dir, "-p", "-P", "", "-N", "", "-f", key.toString());
        String theirs = Files.readString(key, StandardCharsets.US_ASCII);
        int theirCheckInt = checkInt(decode(theirs));

        assertThat(SshPrivateKeys.toOpenSsh(pair, COMMENT, theirCheckInt)).isEqualTo(theirs);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SshGeneratedKeyType.class)
    void theLayoutIsPROTOCOLkey(SshGeneratedKeyType type) throws Exception {
        KeyPair pair = type.generate();
        SshPublicKey publicKey = SshPublicKeys.fromJca(pair.getPublic());
        String pem = SshPrivateKeys.toOpenSsh(pair, COMMENT, 0x89abcdef);

        String[] lines = pem.split("\n", -1);
        assertThat(lines[0]).isEqualTo("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(lines[lines.length - 2]).isEqualTo("-----END OPENSSH PRIVATE KEY-----");
        assertThat(lines[lines.length - 1]).as("ends with a newline").isEmpty();
        for (int i = 1; i < lines.length - 3; i++) {
            assertThat(lines[i]).as("every base64 line but the last is 70 characters").hasSize(70);
        }
        SshWireReader r = new SshWireReader(decode(pem));
        byte[] magic = new byte[15];
        for (int i = 0; i < magic.length; i++) {
            magic[i] = (byte) r.readByte();
        }
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("openssh-key-v1\0");
        assertThat(r.readUtf8()).as("cipher").isEqualTo("none");
        assertThat(r.readUtf8()).as("kdf").isEqualTo("none");
        assertThat(r.readString()).as("kdf options").isEmpty();
        assertThat(r.readUint32()).as("number of keys").isEqualTo(1);
        assertThat(r.readString()).as("public key").isEqualTo(publicKey.blob());
        byte[] section = r.readString();
        assertThat(r.hasRemaining()).isFalse();
        assertThat(section.length % 8).as("padded to the block size of cipher none").isZero();

        SshWireReader s = new SshWireReader(section);
        assertThat(s.readUint32()).isEqualTo(0x89abcdefL);
        assertThat(s.readUint32()).isEqualTo(0x89abcdefL);
        assertThat(s.readUtf8()).isEqualTo(type.sshKeyType().wireName());
        switch (type) {
            case ED25519 -> {
                byte[] pk = s.readString();
                byte[] sk = s.readString();
                assertThat(pk).hasSize(32);
                assertThat(sk).hasSize(64);
                assertThat(Arrays.copyOfRange(sk, 32, 64)).as("the secret ends with the public key").isEqualTo(pk);
                byte[] pkcs8 = pair.getPrivate().getEncoded();
                assertThat(Arrays.copyOfRange(pkcs8, 16, 48)).as("the seed").isEqualTo(Arrays.copyOfRange(sk, 0, 32));
            }
            case ECDSA_P256, ECDSA_P384 -> {
                assertThat(s.readUtf8()).isEqualTo(type.sshKeyType().curve().orElseThrow());
                s.readString(); // the point, checked through the public blob and by ssh-keygen
                assertThat(s.readMpint()).isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
            }
            case RSA_3072 -> {
                RSAPrivateCrtKey k = (RSAPrivateCrtKey) pair.getPrivate();
                assertThat(s.readMpint()).as("n").isEqualTo(k.getModulus());
                assertThat(s.readMpint()).as("e").isEqualTo(k.getPublicExponent());
                assertThat(s.readMpint()).as("d").isEqualTo(k.getPrivateExponent());
                assertThat(s.readMpint()).as("iqmp").isEqualTo(k.getPrimeQ().modInverse(k.getPrimeP()));
                assertThat(s.readMpint()).as("p").isEqualTo(k.getPrimeP());
                assertThat(s.readMpint()).as("q").isEqualTo(k.getPrimeQ());
            }
        }
        assertThat(s.readUtf8()).isEqualTo(COMMENT);
        int padding = s.remaining();
        assertThat(padding).isLessThan(8);
        for (int i = 1; i <= padding; i++) {
            assertThat(s.readByte()).as("padding byte " + i).isEqualTo(i);
        }
    }

    private static byte[] decode(String pem) {
        String body = pem.replace("-----BEGIN OPENSSH PRIVATE KEY-----", "")
                .replace("-----END OPENSSH PRIVATE KEY-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /** The first check integer: after the magic, cipher, kdf, kdf options, key count, public key and section length. */
    private static int checkInt(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file);
        b.position(15);
        for (int i = 0; i < 3; i++) {
            b.position(b.position() + 4 + b.getInt(b.position()));
        }
        b.getInt(); // number of keys
        b.position(b.position() + 4 + b.getInt(b.position()));
        b.getInt(); // length of the private section
        return b.getInt();
    }
}
