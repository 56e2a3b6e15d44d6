package dev.sigil.service.ssh;

import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SshCaKeysTest {

    @TempDir
    Path dir;
    static SshKeygen keygen;
    static SshPublicKey ca;

    @BeforeAll
    static void setUp() {
        keygen = SshKeygen.require();
        ca = new SshCertificateSigner(KeyType.ED25519.generate()).caPublicKey();
    }

    @Test
    void trustedUserCaKeysLineIsReadBySshKeygen() throws Exception {
        String line = SshCaKeys.trustedUserCaKeysLine(ca, "sigil user CA");
        assertThat(line).isEqualTo(ca.toOpenSsh() + " sigil user CA");
        Path file = dir.resolve("trusted_user_ca_keys");
        Files.writeString(file, line + "\n");

        String out = keygen.ok(dir, "-l", "-E", "sha256", "-f", file.toString()).stdout();
        assertThat(out).isEqualTo("256 " + ca.fingerprint() + " sigil user CA (ED25519)\n");
    }

    @Test
    void knownHostsLineMatchesTheHostPatternOnly() throws Exception {
        String line = SshCaKeys.knownHostsLine("*.example.com,!legacy.example.com", ca);
        assertThat(line).isEqualTo("@cert-authority *.example.com,!legacy.example.com " + ca.toOpenSsh());
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, line + "\n");

        var found = keygen.run(dir, "-F", "web.example.com", "-f", file.toString());
        assertThat(found.exitCode()).isZero();
        assertThat(found.stdout()).contains("# Host web.example.com found: line 1 CA").contains(line);
        assertThat(keygen.run(dir, "-F", "legacy.example.com", "-f", file.toString()).exitCode()).isEqualTo(1);
        assertThat(keygen.run(dir, "-F", "example.org", "-f", file.toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void refusesPatternsThatWouldBreakTheLine() {
        for (String bad : new String[] {"", "*.example.com other", "host\n@revoked *", "a,,b"}) {
            SigilException e = catchThrowableOfType(SigilException.class, () -> SshCaKeys.knownHostsLine(bad, ca));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        }
        assertThat(catchThrowableOfType(SigilException.class, () -> SshCaKeys.trustedUserCaKeysLine(ca, "two\nlines"))
                .getMessage()).contains("printable ASCII on one line");
    }
}
