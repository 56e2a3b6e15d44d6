package dev.sigil.service.ssh;

import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.ca.keys.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SshPublicKeysTest {

    @TempDir
    static Path dir;
    static SshKeygen keygen;

    @BeforeAll
    static void tool() {
        keygen = SshKeygen.require();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "ed25519, 0, ED25519",
            "ecdsa, 256, ECDSA_P256",
            "ecdsa, 384, ECDSA_P384",
            "ecdsa, 521, ECDSA_P521",
            "rsa, 2048, RSA",
            "rsa, 3072, RSA",
    })
    void parsesKeysFromSshKeygenWithTheirFingerprint(String type, int bits, SshKeyType expected) throws Exception {
        String name = "k_" + type + bits;
        String line = keygen.generate(dir, name, type, bits);

        SshPublicKey key = SshPublicKeys.parse(line);

        assertThat(key.type()).isEqualTo(expected);
        assertThat(key.comment()).contains(name + "@test");
        assertThat(key.fingerprint()).isEqualTo(keygen.fingerprint(dir, dir.resolve(name + ".pub")));
        assertThat(key.toOpenSsh() + " " + name + "@test").isEqualTo(line);
        switch (expected) {
            case RSA -> assertThat(((RSAPublicKey) key.key()).getModulus().bitLength()).isEqualTo(bits);
            case ED25519 -> assertThat(key.key().getAlgorithm()).isIn("Ed25519", "EdDSA");
            default -> assertThat(((ECPublicKey) key.key()).getParams().getCurve().getField().getFieldSize()).isEqualTo(bits);
        }
        // Round trip through the JCA key gives the same blob.
        assertThat(SshPublicKeys.fromJca(key.key())).isEqualTo(key);
    }

    @Test
    void encodesJcaKeysAsSshKeygenReadsThem() throws Exception {
        for (KeyType t : new KeyType[] {KeyType.ED25519, KeyType.EC_P256, KeyType.EC_P384, KeyType.RSA_3072}) {
            KeyPair kp = t.generate();
            SshPublicKey key = SshPublicKeys.fromJca(kp.getPublic());
            Path file = dir.resolve("jca_" + t + ".pub");
            Files.writeString(file, key.toOpenSsh() + "\n");
            assertThat(keygen.fingerprint(dir, file)).as(t.toString()).isEqualTo(key.fingerprint());
        }
    }

    @Test
    void parsesSecurityKeysAndFingerprintsThemLikeSshKeygen() throws Exception {
        byte[] ed = Arrays.copyOfRange(SshPublicKeys.fromJca(KeyType.ED25519.generate().getPublic()).blob(), 4 + 11, 4 + 11 + 4 + 32);
        byte[] skEd = new SshWireWriter().putString("sk-ssh-ed25519@openssh.com").putRaw(ed).putString("ssh:").toByteArray();
        byte[] ec = SshPublicKeys.fromJca(KeyType.EC_P256.generate().getPublic()).blob();
        byte[] ecFields = Arrays.copyOfRange(ec, 4 + "ecdsa-sha2-nistp256".length(), ec.length);
        byte[] skEc = new SshWireWriter().putString("sk-ecdsa-sha2-nistp256@openssh.com").putRaw(ecFields).putString("ssh:login").toByteArray();

        for (byte[] blob : new byte[][] {skEd, skEc}) {
            SshPublicKey key = SshPublicKeys.fromBlob(blob);
            assertThat(key.type().isSecurityKey()).isTrue();
            Path file = dir.resolve("sk_" + key.type() + ".pub");
            Files.writeString(file, key.toOpenSsh() + " yubikey\n");
            assertThat(SshPublicKeys.parse(Files.readString(file))).isEqualTo(key);
            assertThat(keygen.fingerprint(dir, file)).isEqualTo(key.fingerprint());
        }
        assertThat(SshPublicKeys.fromBlob(skEc).application()).contains("ssh:login");
    }

    @Test
    void refusesDsaAsPolicy() throws Exception {
        String line;
        var r = keygen.run(dir, "-q", "-t", "dsa", "-N", "", "-f", dir.resolve("dsa").toString());
        if (r.exitCode() == 0) {
            line = Files.readString(dir.resolve("dsa.pub"));
        } else { // an OpenSSH built without DSA: a well-formed ssh-dss blob does as well
            line = "ssh-dss " + Base64.getEncoder().encodeToString(new SshWireWriter().putString("ssh-dss")
                    .putMpint(java.math.BigInteger.TWO).putMpint(java.math.BigInteger.TWO).putMpint(java.math.BigInteger.TWO)
                    .putMpint(java.math.BigInteger.TWO).toByteArray());
        }
        SigilException e = catchThrowableOfType(SigilException.class, () -> SshPublicKeys.parse(line));
        assertThat(e.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(e.getMessage()).contains("DSA (ssh-dss) keys are not accepted");
    }

    @Test
    void refusesRsa1024AsPolicy() throws Exception {
        String line = keygen.generate(dir, "rsa1024", "rsa", 1024);
        SigilException e = catchThrowableOfType(SigilException.class, () -> SshPublicKeys.parse(line));
        assertThat(e.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(e.getMessage()).contains("RSA key of 1024 bits is too small").contains("2048");
    }

    @Test
    void refusesMalformedInputWithClearMessages() throws Exception {
        String good = keygen.generate(dir, "good", "ed25519", 0);
        byte[] blob = Base64.getDecoder().decode(good.split(" ")[1]);
        String truncated = "ssh-ed25519 " + Base64.getEncoder().encodeToString(Arrays.copyOf(blob, blob.length - 5));
        String trailing = "ssh-ed25519 " + Base64.getEncoder().encodeToString(Arrays.copyOf(blob, blob.length + 3));
        String rsaLabel = "ssh-rsa " + good.split(" ")[1];

        assertMalformed("", "empty");
        assertMalformed("ssh-foo AAAAC3NzaC1lZDI1NTE5", "unsupported key type 'ssh-foo'");
        assertMalformed("ssh-ed25519 !!!not-base64!!!", "not valid base64");
        assertMalformed("ssh-ed25519", "no base64 key data");
        assertMalformed(truncated, "malformed key data (string of 32 bytes but only 27 remain)");
        assertMalformed(trailing, "3 unexpected bytes after the ssh-ed25519 key");
        assertMalformed(rsaLabel, "the line says 'ssh-rsa' but the key data is 'ssh-ed25519'");
        assertMalformed("from=\"10.0.0.1\" " + good, "unsupported key type 'from=\"10.0.0.1\"'");
        assertMalformed("ssh-ed25519-cert-v01@openssh.com AAAA", "is a certificate, not a public key");
    }

    @Test
    void refusesAnEcdsaPointOffTheCurve() throws Exception {
        String line = keygen.generate(dir, "offcurve", "ecdsa", 256);
        byte[] blob = Base64.getDecoder().decode(line.split(" ")[1]);
        blob[blob.length - 1] ^= 1; // last byte of Y
        assertMalformed("ecdsa-sha2-nistp256 " + Base64.getEncoder().encodeToString(blob), "point is not on the curve");
    }

    @Test
    void refusesAnEcdsaKeyNamingAnotherCurve() {
        byte[] ec = SshPublicKeys.fromJca(KeyType.EC_P256.generate().getPublic()).blob();
        byte[] fields = Arrays.copyOfRange(ec, 4 + "ecdsa-sha2-nistp256".length() + 4 + 8, ec.length);
        byte[] lying = new SshWireWriter().putString("ecdsa-sha2-nistp384").putString("nistp256").putRaw(fields).toByteArray();
        assertThatThrownBy(() -> SshPublicKeys.fromBlob(lying)).isInstanceOf(SigilException.class)
                .hasMessageContaining("ecdsa-sha2-nistp384 key names curve 'nistp256'");
    }

    private static void assertMalformed(String line, String expectedDetail) {
        SigilException e = catchThrowableOfType(SigilException.class, () -> SshPublicKeys.parse(line));
        assertThat(e).as(line).isNotNull();
        assertThat(e.kind()).as(line).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.getMessage()).as(line).contains(expectedDetail);
    }
}
