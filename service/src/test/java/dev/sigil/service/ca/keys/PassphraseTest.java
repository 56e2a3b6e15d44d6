package dev.sigil.service.ca.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the CA key passphrase comes from: value (env), file, terminal prompt, or generated on a first start. */
class PassphraseTest {

    @TempDir
    Path dir;

    private final AtomicInteger asked = new AtomicInteger();

    private Optional<Supplier<char[]>> typing(String text) {
        return Optional.of(() -> {
            asked.incrementAndGet();
            return text.toCharArray();
        });
    }

    @Test
    void aValueFromTheEnvironmentWinsAndNothingIsAsked() {
        Passphrase.Resolved r = Passphrase.resolve(Optional.of("from-env"), dir.resolve("none"), false, typing("x"));
        assertThat(new String(r.value())).isEqualTo("from-env");
        assertThat(r.origin()).contains("SIGIL_KEY_PASSPHRASE").doesNotContain("from-env");
        assertThat(asked).hasValue(0);
    }

    @Test
    void aPrivateFileIsReadAndOneOthersCanReadIsRefusedSayingHowToFixIt() throws Exception {
        Path file = dir.resolve("pass");
        Files.writeString(file, "from-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Passphrase.Resolved r = Passphrase.resolve(Optional.empty(), file, false, typing("x"));
        assertThat(new String(r.value())).isEqualTo("from-file");
        assertThat(r.origin()).isEqualTo("file " + file);
        assertThat(asked).hasValue(0);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Passphrase.resolve(Optional.empty(), file, false, Optional.empty()))
                .isInstanceOf(KeyCustodyException.class).hasMessageContaining("chmod").hasMessageNotContaining("from-file");
    }

    @Test
    void withACaAndNoValueOrFileTheTerminalIsAskedAndAnEmptyAnswerUnlocksNothing() {
        Path missing = dir.resolve("missing");
        Passphrase.Resolved r = Passphrase.resolve(Optional.empty(), missing, false, typing("typed secret"));
        assertThat(new String(r.value())).isEqualTo("typed secret");
        assertThat(r.origin()).isEqualTo("typed at the terminal");
        assertThat(r.generated()).isFalse();
        assertThat(asked).hasValue(1);
        assertThat(missing).doesNotExist();

        assertThatThrownBy(() -> Passphrase.resolve(Optional.empty(), missing, false, typing("")))
                .isInstanceOf(KeyCustodyException.class).hasMessage("no passphrase was typed; the CA keys stay locked");
        assertThatThrownBy(() -> Passphrase.resolve(Optional.empty(), missing, false, Optional.empty()))
                .isInstanceOf(KeyCustodyException.class).hasMessageContaining("SIGIL_KEY_PASSPHRASE")
                .hasMessageContaining("on a terminal");
    }

    @Test
    void aFirstStartGeneratesAPrivateFileInsteadOfAsking() throws Exception {
        Path file = dir.resolve("ca/passphrase");
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Passphrase.Resolved r = Passphrase.resolve(Optional.empty(), file, true, typing("x"));
        assertThat(r.generated()).isTrue();
        assertThat(asked).hasValue(0);
        assertThat(Files.readString(file).strip()).isEqualTo(new String(r.value())).hasSize(43);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
