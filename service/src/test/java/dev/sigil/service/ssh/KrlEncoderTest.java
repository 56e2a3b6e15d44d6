package dev.sigil.service.ssh;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.error.SigilException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** KRLs Sigil writes, compared byte for byte with {@code ssh-keygen -k} and queried with {@code ssh-keygen -Q}. */
class KrlEncoderTest {

    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2035-01-01T00:00:00Z");

    @TempDir
    Path dir;
    static SshKeygen keygen;
    static SshCertificateSigner caA;
    static SshCertificateSigner caB;

    @BeforeAll
    static void setUp() {
        keygen = SshKeygen.require();
        caA = new SshCertificateSigner(KeyType.ED25519.generate());
        caB = new SshCertificateSigner(KeyType.EC_P256.generate());
    }

    /** Serial patterns that drive each subsection kind: sparse (list), long runs (range), dense (bitmap), and mixed. */
    enum Pattern {
        SPARSE(LongStream.of(1, 5, 1000, 1L << 40, 77, 3)),
        RANGE(LongStream.rangeClosed(10, 2000)),
        DENSE(LongStream.rangeClosed(100, 400).filter(s -> s % 3 != 0)),
        MIXED(LongStream.concat(LongStream.of(2, 4, 6, 8, 1_000_000, -2L, -1L, Long.MIN_VALUE),
                LongStream.concat(LongStream.rangeClosed(50, 90).filter(s -> s % 2 == 0), LongStream.rangeClosed(5000, 9000)))),
        RANDOM_100K(random100k());

        final long[] serials;

        Pattern(LongStream serials) {
            this.serials = serials.toArray();
        }

        private static LongStream random100k() {
            Random r = new Random(20250301);
            long[] out = new long[100_000];
            long s = 1;
            for (int i = 0; i < out.length; i++) {
                // Mostly small gaps (bitmaps), sometimes consecutive (runs), sometimes big jumps (lists).
                int kind = r.nextInt(10);
                s += kind < 6 ? 1 + r.nextInt(4) : kind < 9 ? 1 : 1 + r.nextInt(1_000_000);
                out[i] = s;
            }
            return LongStream.of(out);
        }
    }

    @ParameterizedTest
    @EnumSource(Pattern.class)
    void serialsAndKeyIdsMatchSshKeygenByteForByte(Pattern pattern) throws Exception {
        Path caPub = writeKey("caA.pub", caA.caPublicKey());
        List<String> ids = List.of("zed", "alice", "Bob", "émile", "alice@example.com");
        StringBuilder spec = new StringBuilder();
        for (long s : pattern.serials) {
            spec.append("serial: ").append(Long.toUnsignedString(s)).append('\n');
        }
        ids.forEach(id -> spec.append("id: ").append(id).append('\n'));
        Files.writeString(dir.resolve("spec"), spec);
        keygen.ok(dir, "-k", "-f", "theirs.krl", "-z", "42", "-s", caPub.toString(), "spec");
        byte[] theirs = Files.readAllBytes(dir.resolve("theirs.krl"));

        byte[] ours = KrlEncoder.encode(new Krl(42, generatedAt(theirs), "",
                List.of(KrlCaRevocations.forCa(caA.caPublicKey(), pattern.serials, ids)), List.of(), Krl.KeyForm.EXPLICIT_KEY));

        assertThat(ours).isEqualTo(theirs);
    }

    @ParameterizedTest
    @EnumSource(Krl.KeyForm.class)
    void twoCasAndRevokedKeysMatchSshKeygenByteForByte(Krl.KeyForm form) throws Exception {
        Path caAPub = writeKey("caA.pub", caA.caPublicKey());
        Path caBPub = writeKey("caB.pub", caB.caPublicKey());
        List<SshPublicKey> keys = List.of(
                SshPublicKeys.parse(keygen.generate(dir, "k1", "ed25519", 0)),
                SshPublicKeys.parse(keygen.generate(dir, "k2", "ecdsa", 384)),
                SshPublicKeys.parse(keygen.generate(dir, "k3", "rsa", 2048)));
        String prefix = form == Krl.KeyForm.EXPLICIT_KEY ? "key: " : "sha256: ";
        Files.writeString(dir.resolve("specA"), "serial: 5\nserial: 6\nid: alice\n");
        StringBuilder specB = new StringBuilder("serial: 5000-5100\nid: bob\n");
        keys.forEach(k -> specB.append(prefix).append(k.toOpenSsh()).append('\n'));
        Files.writeString(dir.resolve("specB"), specB);
        keygen.ok(dir, "-k", "-f", "theirs.krl", "-z", "7", "-s", caAPub.toString(), "specA");
        keygen.ok(dir, "-k", "-u", "-f", "theirs.krl", "-z", "8", "-s", caBPub.toString(), "specB");
        byte[] theirs = Files.readAllBytes(dir.resolve("theirs.krl"));

        byte[] ours = KrlEncoder.encode(new Krl(8, generatedAt(theirs), "", List.of(
                KrlCaRevocations.forCa(caA.caPublicKey(), new long[] {6, 5}, List.of("alice")),
                KrlCaRevocations.forCa(caB.caPublicKey(), LongStream.rangeClosed(5000, 5100).toArray(), List.of("bob"))),
                keys, form));

        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void keyIdsForAnyCaMatchSshKeygen() throws Exception {
        Files.writeString(dir.resolve("spec"), "id: departed@example.com\nid: lost-laptop\n");
        keygen.ok(dir, "-k", "-f", "theirs.krl", "-s", "none", "spec");
        byte[] theirs = Files.readAllBytes(dir.resolve("theirs.krl"));

        byte[] ours = KrlEncoder.encode(new Krl(0, generatedAt(theirs), "",
                List.of(KrlCaRevocations.anyCa(List.of("lost-laptop", "departed@example.com"))), List.of(), Krl.KeyForm.EXPLICIT_KEY));

        assertThat(ours).isEqualTo(theirs);
    }

    @ParameterizedTest
    @EnumSource(Krl.KeyForm.class)
    void sshKeygenQueryReportsRevokedAndOkPerCa(Krl.KeyForm form) throws Exception {
        SshPublicKey user = SshPublicKeys.parse(keygen.generate(dir, "user", "ed25519", 0));
        SshPublicKey stolen = SshPublicKeys.parse(keygen.generate(dir, "stolen", "ecdsa", 256));
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("A#5", cert(caA, user, 5, "a5"));
        files.put("A#6", cert(caA, user, 6, "a6"));
        files.put("B#5", cert(caB, user, 5, "b5"));
        files.put("A#77 id alice", cert(caA, user, 77, "alice"));
        files.put("B#78 id alice", cert(caB, user, 78, "alice"));
        files.put("B#1000", cert(caB, user, 1000, "b1000"));
        files.put("B#99 stolen key", cert(caB, stolen, 99, "b99"));
        files.put("stolen plain key", dir.resolve("stolen.pub"));
        files.put("user plain key", dir.resolve("user.pub"));

        byte[] krl = KrlEncoder.encode(new Krl(1, Instant.parse("2025-06-01T00:00:00Z"), "sigil test", List.of(
                KrlCaRevocations.forCa(caA.caPublicKey(), new long[] {5}, List.of("alice")),
                KrlCaRevocations.forCa(caB.caPublicKey(), new long[] {1000}, List.of())),
                List.of(stolen), form));
        Path krlFile = dir.resolve("sigil.krl");
        Files.write(krlFile, krl);

        Map<String, String> verdicts = new LinkedHashMap<>();
        for (var e : files.entrySet()) {
            var r = keygen.run(dir, "-Q", "-f", krlFile.toString(), e.getValue().toString());
            verdicts.put(e.getKey(), r.stdout().strip().endsWith(": REVOKED") && r.exitCode() == 1 ? "REVOKED"
                    : r.stdout().strip().endsWith(": ok") && r.exitCode() == 0 ? "ok" : "?" + r.both());
        }
        assertThat(verdicts).containsExactly(
                Map.entry("A#5", "REVOKED"),
                Map.entry("A#6", "ok"),
                Map.entry("B#5", "ok"),
                Map.entry("A#77 id alice", "REVOKED"),
                Map.entry("B#78 id alice", "ok"),
                Map.entry("B#1000", "REVOKED"),
                Map.entry("B#99 stolen key", "REVOKED"),
                Map.entry("stolen plain key", "REVOKED"),
                Map.entry("user plain key", "ok"));

        String listing = keygen.ok(dir, "-Q", "-l", "-f", krlFile.toString()).stdout();
        assertThat(listing).contains("# KRL version 1\n").contains("# Comment: sigil test\n")
                .contains("# CA key ssh-ed25519 " + caA.caPublicKey().fingerprint() + "\nserial: 5\nid: alice\n")
                .contains("# CA key ecdsa-sha2-nistp256 " + caB.caPublicKey().fingerprint() + "\nserial: 1000\n");
    }

    @Test
    void hundredThousandSerialsAreQueryable() throws Exception {
        long[] serials = Pattern.RANDOM_100K.serials;
        byte[] krl = KrlEncoder.encode(new Krl(3, Instant.now(), "", List.of(KrlCaRevocations.forCa(caA.caPublicKey(), serials, List.of())),
                List.of(), Krl.KeyForm.SHA256_FINGERPRINT));
        Path krlFile = dir.resolve("big.krl");
        Files.write(krlFile, krl);
        SshPublicKey user = SshPublicKeys.parse(keygen.generate(dir, "user", "ed25519", 0));
        long revoked = serials[54_321];
        long notRevoked = serials[serials.length - 1] + 2;

        assertThat(keygen.run(dir, "-Q", "-f", krlFile.toString(), cert(caA, user, revoked, "in").toString()).exitCode()).isEqualTo(1);
        assertThat(keygen.run(dir, "-Q", "-f", krlFile.toString(), cert(caA, user, notRevoked, "out").toString()).exitCode()).isZero();
        // Far smaller than a plain list of 8-byte serials: bitmaps and ranges were used.
        assertThat(krl.length).isLessThan(serials.length * 8 / 2);
    }

    @Test
    void emptyKrlIsJustTheHeaderAndSshKeygenReadsIt() throws Exception {
        byte[] krl = KrlEncoder.encode(new Krl(9, Instant.parse("2025-06-01T00:00:00Z"), "", List.of(), List.of(), Krl.KeyForm.EXPLICIT_KEY));
        assertThat(krl).hasSize(8 + 4 + 8 + 8 + 8 + 4 + 4);
        Files.write(dir.resolve("empty.krl"), krl);
        assertThat(keygen.ok(dir, "-Q", "-l", "-f", "empty.krl").stdout()).startsWith("# KRL version 9\n");
    }

    @Test
    void refusesSerialZeroAndSerialsWithoutCa() {
        assertThatThrownBy(() -> KrlCaRevocations.forCa(caA.caPublicKey(), new long[] {3, 0}, List.of()))
                .isInstanceOf(SigilException.class).hasMessageContaining("serial 0 cannot be revoked");
        assertThatThrownBy(() -> new KrlCaRevocations(java.util.Optional.empty(), new long[] {3}, List.of()))
                .isInstanceOf(SigilException.class).hasMessageContaining("needs the CA key");
    }

    private Path cert(SshCertificateSigner ca, SshPublicKey key, long serial, String keyId) throws Exception {
        SshCertificate c = ca.sign(SshCertificateRequest.user(key).serial(serial).keyId(keyId).principals("u")
                .validity(FROM, TO).build());
        Path file = dir.resolve("c-" + Long.toUnsignedString(serial) + "-" + keyId + "-" + ca.caPublicKey().type() + "-cert.pub");
        Files.writeString(file, c.toOpenSsh() + "\n");
        return file;
    }

    private Path writeKey(String name, SshPublicKey key) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, key.toOpenSsh() + "\n");
        return p;
    }

    /** The generated_date field of a KRL header (after magic, format version and krl_version). */
    private static Instant generatedAt(byte[] krl) {
        return Instant.ofEpochSecond(ByteBuffer.wrap(krl, 8 + 4 + 8, 8).getLong());
    }
}
