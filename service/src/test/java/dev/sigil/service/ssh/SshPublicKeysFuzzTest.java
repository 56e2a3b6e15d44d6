package dev.sigil.service.ssh;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.testing.fuzz.FuzzLoop;
import dev.sigil.storage.testing.fuzz.Mutator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link SshPublicKeys#parse} (authorized_keys lines) and {@link SshPublicKeys#fromBlob} (wire blobs) with
 * mutated seeds of every supported key type: each input parses or is refused as MALFORMED or POLICY, nothing else,
 * and never hangs. See docs/FUZZING.md.
 */
class SshPublicKeysFuzzTest {

    private static final Set<ErrorKind> DOCUMENTED = Set.of(ErrorKind.MALFORMED, ErrorKind.POLICY);
    private static final List<byte[]> BLOBS = new ArrayList<>();
    private static final List<String> LINES = new ArrayList<>();

    /** One fuzz input: a wire blob, or an authorized_keys line. */
    record KeyInput(byte[] blob, String line) {
        String describe() {
            return blob != null ? "blob " + FuzzLoop.hex(blob) : "line \"" + FuzzLoop.escape(line) + "\"";
        }
    }

    @BeforeAll
    static void seeds() throws Exception {
        for (KeyType t : new KeyType[] {KeyType.ED25519, KeyType.EC_P256, KeyType.EC_P384, KeyType.RSA_2048}) {
            BLOBS.add(SshPublicKeys.fromJca(t.generate().getPublic()).blob());
        }
        KeyPairGenerator p521 = KeyPairGenerator.getInstance("EC");
        p521.initialize(new ECGenParameterSpec("secp521r1"));
        BLOBS.add(SshPublicKeys.fromJca(p521.generateKeyPair().getPublic()).blob());
        byte[] ed = Arrays.copyOfRange(BLOBS.get(0), 4 + 11, 4 + 11 + 4 + 32);
        BLOBS.add(new SshWireWriter().putString("sk-ssh-ed25519@openssh.com").putRaw(ed).putString("ssh:").toByteArray());
        byte[] ec = BLOBS.get(1);
        byte[] ecFields = Arrays.copyOfRange(ec, 4 + "ecdsa-sha2-nistp256".length(), ec.length);
        BLOBS.add(new SshWireWriter().putString("sk-ecdsa-sha2-nistp256@openssh.com").putRaw(ecFields)
                .putString("ssh:login").toByteArray());
        for (byte[] blob : BLOBS) {
            LINES.add(SshPublicKeys.fromBlob(blob).toOpenSsh() + " user@host");
        }
    }

    @Test
    void seedsParse() {
        assertThat(BLOBS).hasSize(7);
        for (String line : LINES) {
            assertThat(SshPublicKeys.parse(line).comment()).contains("user@host");
        }
    }

    @Test
    void mutatedKeysParseOrAreRefusedAsMalformedOrPolicy() {
        int checked = FuzzLoop.run("ssh-public-key", 10000, Duration.ofSeconds(5), SshPublicKeysFuzzTest::generate,
                KeyInput::describe, SshPublicKeysFuzzTest::check);
        assertThat(checked).isEqualTo(FuzzLoop.iterations(10000));
    }

    static KeyInput generate(Mutator m) {
        return switch (m.nextInt(5)) {
            case 0, 1 -> new KeyInput(m.mutateBytes(m.pick(BLOBS), BLOBS), null);
            case 2 -> new KeyInput(null, m.mutateText(m.pick(LINES), LINES));
            case 3 -> { // a well-formed line around a damaged blob
                String[] parts = m.pick(LINES).split(" ", 3);
                yield new KeyInput(null, parts[0] + " " + Base64.getEncoder().encodeToString(
                        m.mutateBytes(m.pick(BLOBS), BLOBS)) + (m.chance(50) ? " " + parts[2] : ""));
            }
            default -> { // damaged base64 in a well-formed line
                String[] parts = m.pick(LINES).split(" ", 3);
                yield new KeyInput(null, parts[0] + " " + m.damageBase64(parts[1]) + " " + parts[2]);
            }
        };
    }

    static void check(KeyInput input) {
        try {
            SshPublicKey key = input.blob() != null ? SshPublicKeys.fromBlob(input.blob())
                    : SshPublicKeys.parse(input.line());
            assertThat(key.fingerprint()).startsWith("SHA256:");
        } catch (SigilException e) {
            assertThat(e.kind()).as(e.getMessage()).isIn(DOCUMENTED);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
