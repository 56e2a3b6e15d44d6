package dev.sigil.service.ssh;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyPair;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Certificates Sigil signs, read back by {@code ssh-keygen -L}, which also verifies the CA signature. */
class SshCertificateSignerTest {

    private static final Instant FROM = Instant.parse("2025-03-01T08:00:00Z");
    private static final Instant TO = Instant.parse("2025-03-02T08:00:00Z");
    private static final DateTimeFormatter KEYGEN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;
    static SshKeygen keygen;
    static final Map<KeyType, SshCertificateSigner> CAS = new EnumMap<>(KeyType.class);
    static final Map<String, SshPublicKey> SUBJECTS = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void keys() throws Exception {
        keygen = SshKeygen.require();
        for (KeyType t : new KeyType[] {KeyType.ED25519, KeyType.EC_P256, KeyType.EC_P384, KeyType.RSA_3072}) {
            CAS.put(t, new SshCertificateSigner(t.generate()));
        }
        SUBJECTS.put("ed25519", SshPublicKeys.parse(keygen.generate(dir, "ed25519", "ed25519", 0)));
        SUBJECTS.put("ecdsa256", SshPublicKeys.parse(keygen.generate(dir, "ecdsa256", "ecdsa", 256)));
        SUBJECTS.put("ecdsa384", SshPublicKeys.parse(keygen.generate(dir, "ecdsa384", "ecdsa", 384)));
        SUBJECTS.put("ecdsa521", SshPublicKeys.parse(keygen.generate(dir, "ecdsa521", "ecdsa", 521)));
        SUBJECTS.put("rsa2048", SshPublicKeys.parse(keygen.generate(dir, "rsa2048", "rsa", 2048)));
        // Security keys cannot be generated without hardware; their public halves are plain keys plus an application.
        byte[] ed = SshPublicKeys.fromJca(KeyType.ED25519.generate().getPublic()).blob();
        SUBJECTS.put("sk-ed25519", SshPublicKeys.fromBlob(new SshWireWriter().putString("sk-ssh-ed25519@openssh.com")
                .putRaw(Arrays.copyOfRange(ed, 15, ed.length)).putString("ssh:").toByteArray()));
        byte[] ec = SshPublicKeys.fromJca(KeyType.EC_P256.generate().getPublic()).blob();
        SUBJECTS.put("sk-ecdsa", SshPublicKeys.fromBlob(new SshWireWriter().putString("sk-ecdsa-sha2-nistp256@openssh.com")
                .putRaw(Arrays.copyOfRange(ec, 23, ec.length)).putString("ssh:").toByteArray()));
    }

    static Stream<Arguments> caAndSubject() {
        List<Arguments> all = new ArrayList<>();
        for (KeyType ca : new KeyType[] {KeyType.ED25519, KeyType.EC_P256, KeyType.EC_P384, KeyType.RSA_3072}) {
            for (String subject : List.of("ed25519", "ecdsa256", "ecdsa384", "ecdsa521", "rsa2048", "sk-ed25519", "sk-ecdsa")) {
                all.add(Arguments.of(ca, subject));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "CA {0}, key {1}")
    @MethodSource("caAndSubject")
    void userCertificateReadsBackExactly(KeyType caType, String subjectName) throws Exception {
        SshCertificateSigner ca = CAS.get(caType);
        SshPublicKey subject = SUBJECTS.get(subjectName);
        long serial = 0x8000_0000_0000_0001L + caType.ordinal(); // above 2^63: proves the uint64 is unsigned
        SshCertificateRequest req = SshCertificateRequest.user(subject)
                .serial(serial)
                .keyId("alice@" + subjectName + " via " + caType)
                .principals("alice", "root", "deploy-bot")
                .validity(FROM, TO)
                .criticalOptions(SshCriticalOptions.NONE.withForceCommand("/usr/bin/rsync --server -e.L .")
                        .withSourceAddresses(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32")).withVerifyRequired(true))
                .extensions(SshExtension.PERMIT_PTY, SshExtension.PERMIT_X11_FORWARDING, SshExtension.NO_TOUCH_REQUIRED,
                        SshExtension.PERMIT_USER_RC, SshExtension.PERMIT_AGENT_FORWARDING, SshExtension.PERMIT_PORT_FORWARDING)
                .build();

        SshCertificate cert = ca.sign(req);
        Path file = dir.resolve("cert-" + caType + "-" + subjectName + "-cert.pub");
        Files.writeString(file, cert.toOpenSsh() + "\n");

        String listed = keygen.ok(dir, "-L", "-f", file.toString()).stdout();
        assertThat(listed).isEqualTo(file + ":\n"
                + "        Type: " + subject.type().certificateName() + " user certificate\n"
                + "        Public key: " + keygenLabel(subject.type()) + "-CERT " + subject.fingerprint() + "\n"
                + "        Signing CA: " + keygenLabel(ca.caPublicKey().type()) + " " + ca.caPublicKey().fingerprint()
                + " (using " + ca.signatureAlgorithm() + ")\n"
                + "        Key ID: \"alice@" + subjectName + " via " + caType + "\"\n"
                + "        Serial: " + Long.toUnsignedString(serial) + "\n"
                + "        Valid: from " + KEYGEN_TIME.format(FROM) + " to " + KEYGEN_TIME.format(TO) + "\n"
                + "        Principals: \n"
                + "                alice\n"
                + "                root\n"
                + "                deploy-bot\n"
                + "        Critical Options: \n"
                + "                force-command /usr/bin/rsync --server -e.L .\n"
                + "                source-address 10.0.0.0/8,192.0.2.7,2001:db8::/32\n"
                + "                verify-required\n"
                + "        Extensions: \n"
                + "                no-touch-required\n"
                + "                permit-X11-forwarding\n"
                + "                permit-agent-forwarding\n"
                + "                permit-port-forwarding\n"
                + "                permit-pty\n"
                + "                permit-user-rc\n");
        // The line's base64 is the blob, and the certificate embeds the subject key.
        assertThat(Base64.getDecoder().decode(cert.toOpenSsh().split(" ")[1])).isEqualTo(cert.blob());
        assertThat(keygen.fingerprint(dir, file)).isEqualTo(subject.fingerprint());
    }

    @Test
    void rsaCaSignsWithRsaSha2512() {
        assertThat(CAS.get(KeyType.RSA_3072).signatureAlgorithm()).isEqualTo("rsa-sha2-512");
        assertThat(CAS.get(KeyType.EC_P384).signatureAlgorithm()).isEqualTo("ecdsa-sha2-nistp384");
        assertThat(CAS.get(KeyType.ED25519).signatureAlgorithm()).isEqualTo("ssh-ed25519");
    }

    @Test
    void hostCertificateWithoutExpiryReadsBack() throws Exception {
        SshCertificateSigner ca = CAS.get(KeyType.ED25519);
        SshPublicKey subject = SUBJECTS.get("ecdsa256");
        SshCertificate cert = ca.sign(SshCertificateRequest.host(subject).serial(7).keyId("web-1")
                .principals("web-1.example.com", "10.1.2.3").validity(Instant.EPOCH, SshCertificateRequest.FOREVER).build());
        Path file = dir.resolve("host-cert.pub");
        Files.writeString(file, cert.toOpenSsh() + "\n");

        String listed = keygen.ok(dir, "-L", "-f", file.toString()).stdout();
        assertThat(listed).contains("Type: ecdsa-sha2-nistp256-cert-v01@openssh.com host certificate\n")
                .contains("Key ID: \"web-1\"\n")
                .contains("Serial: 7\n")
                .contains("Valid: forever\n")
                .contains("Principals: \n                web-1.example.com\n                10.1.2.3\n")
                .contains("Critical Options: (none)\n")
                .contains("Extensions: (none)\n");
    }

    @Test
    void sshKeygenRejectsATamperedCertificate() throws Exception {
        SshCertificate cert = CAS.get(KeyType.EC_P256).sign(SshCertificateRequest.user(SUBJECTS.get("ed25519"))
                .serial(1).keyId("tamper").principals("alice").validity(FROM, TO).build());
        byte[] blob = cert.blob();
        int serialOffset = Bytes.indexOf(blob, new byte[] {0, 0, 0, 0, 0, 0, 0, 1});
        blob[serialOffset + 7] = 2; // serial 1 -> 2: the signature no longer matches
        Path file = dir.resolve("tampered-cert.pub");
        Files.writeString(file, cert.certificateName() + " " + Base64.getEncoder().encodeToString(blob) + "\n");

        assertThat(keygen.run(dir, "-L", "-f", file.toString()).exitCode()).isNotZero();
        // The untampered one passes the same check.
        Files.writeString(file, cert.toOpenSsh() + "\n");
        assertThat(keygen.run(dir, "-L", "-f", file.toString()).exitCode()).isZero();
    }

    @Test
    void matchesSshKeygenSignedCertificateExceptNonceAndSignature() throws Exception {
        // ssh-keygen -s reads a PKCS#8 PEM CA key through OpenSSL; P-256 gives a deterministic-length encoding.
        KeyPair caPair = KeyType.EC_P256.generate();
        Path caFile = dir.resolve("ca-p256.pem");
        Files.writeString(caFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(caPair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(caFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.copy(dir.resolve("ed25519.pub"), dir.resolve("twin.pub"));

        keygen.ok(dir, "-q", "-s", caFile.toString(), "-I", "twin id", "-n", "alice,bob", "-z", "12345",
                "-V", "20250301080000:20250302080000", "-O", "clear", "-O", "force-command=/bin/true",
                "-O", "source-address=10.0.0.0/8", "-O", "permit-pty", "-O", "permit-agent-forwarding",
                dir.resolve("twin.pub").toString());
        byte[] theirs = Base64.getDecoder().decode(Files.readString(dir.resolve("twin-cert.pub")).split(" ")[1]);

        SshCertificate ours = new SshCertificateSigner(caPair).sign(SshCertificateRequest.user(SUBJECTS.get("ed25519"))
                .serial(12345).keyId("twin id").principals("alice", "bob").validity(FROM, TO)
                .criticalOptions(SshCriticalOptions.NONE.withForceCommand("/bin/true").withSourceAddresses(List.of("10.0.0.0/8")))
                .extensions(SshExtension.PERMIT_PTY, SshExtension.PERMIT_AGENT_FORWARDING).build());

        assertThat(withoutNonceAndSignature(ours.blob())).isEqualTo(withoutNonceAndSignature(theirs));
    }

    @Test
    void refusesWeakOrUnsuitableCaKeysAndBadRequests() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        SigilException weak = catchThrowableOfType(SigilException.class, () -> new SshCertificateSigner(rsa.generateKeyPair()));
        assertThat(weak.kind()).isEqualTo(ErrorKind.POLICY);
        assertThat(weak.getMessage()).contains("2048 bits is too small").contains("3072");

        SshPublicKey key = SUBJECTS.get("ed25519");
        assertThat(catchThrowableOfType(SigilException.class, () -> SshCertificateRequest.user(key).serial(1).keyId("x")
                .validity(FROM, TO).build()).getMessage()).contains("at least one principal");
        assertThat(catchThrowableOfType(SigilException.class, () -> SshCertificateRequest.user(key).serial(0).keyId("x")
                .principals("a").validity(FROM, TO).build()).getMessage()).contains("serial 0");
        assertThat(catchThrowableOfType(SigilException.class, () -> SshCertificateRequest.user(key).serial(1).keyId("x")
                .principals("a b").validity(FROM, TO).build()).getMessage()).contains("without spaces");
        assertThat(catchThrowableOfType(SigilException.class, () -> SshCertificateRequest.user(key).serial(1).keyId("x")
                .principals("a").validity(TO, FROM).build()).getMessage()).contains("must end after it starts");
        assertThat(catchThrowableOfType(SigilException.class, () -> SshCertificateRequest.host(key).serial(1).keyId("x")
                .principals("h").validity(FROM, TO).extensions(SshExtension.PERMIT_PTY).build()).getMessage())
                .contains("host certificates carry no critical options or extensions");
        assertThat(catchThrowableOfType(SigilException.class, () -> SshCriticalOptions.NONE.withSourceAddresses(List.of("10.0.0.0/8 ; rm")))
                .kind()).isEqualTo(ErrorKind.MALFORMED);
    }

    /** The certificate with the nonce zeroed and the signature (the last string) removed. */
    private static byte[] withoutNonceAndSignature(byte[] cert) throws Exception {
        SshWireReader r = new SshWireReader(cert);
        int nameEnd = 4 + r.readString().length;
        byte[] nonce = r.readString();
        byte[] out = cert.clone();
        Arrays.fill(out, nameEnd + 4, nameEnd + 4 + nonce.length, (byte) 0);
        // The signature is the final string: find where it starts by walking from the end is ambiguous, so re-parse.
        int sigStart = cert.length;
        for (int start = cert.length - 4; start > 0; start--) {
            int len = ((cert[start] & 0xFF) << 24) | ((cert[start + 1] & 0xFF) << 16) | ((cert[start + 2] & 0xFF) << 8) | (cert[start + 3] & 0xFF);
            if (start + 4 + len == cert.length && len > 16 && startsWithString(cert, start + 4, "ecdsa-sha2-nistp256")) {
                sigStart = start;
                break;
            }
        }
        return Arrays.copyOf(out, sigStart);
    }

    private static boolean startsWithString(byte[] b, int off, String s) {
        byte[] expected = new SshWireWriter().putString(s).toByteArray();
        return off + expected.length <= b.length && Arrays.equals(b, off, off + expected.length, expected, 0, expected.length);
    }

    private static String keygenLabel(SshKeyType t) {
        return switch (t) {
            case ED25519 -> "ED25519";
            case ECDSA_P256, ECDSA_P384, ECDSA_P521 -> "ECDSA";
            case RSA -> "RSA";
            case SK_ED25519 -> "ED25519-SK";
            case SK_ECDSA_P256 -> "ECDSA-SK";
        };
    }

    /** Byte-array search, for the tamper test. */
    private static final class Bytes {
        static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            throw new AssertionError("not found");
        }
    }
}
