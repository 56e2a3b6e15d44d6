package dev.sigil.service.managed;

import dev.sigil.service.ca.keys.KeyCustodyException;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;

import static dev.sigil.service.managed.ManagedFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key-encryption key: file custody under the CA passphrase, and what its ciphertexts are bound to. */
class ManagedKeysTest {

    @TempDir
    Path dir;

    @Test
    void ciphertextsDecryptOnlyForTheirOwnRowAndUnderTheSameKekFile() {
        try (Database db = Database.open(DatabaseSettings.embedded(dir))) {
            Path ca = dir.resolve("ca");
            ManagedKeys keys = ManagedKeys.open(ca, ManagedFixture.PASSPHRASE, db.managed());
            KeyPair pair = KeyType.ED25519.generate();
            byte[] sealed = keys.encrypt("web", 3, pair.getPrivate());

            assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
                    .doesNotContain(new String(pair.getPrivate().getEncoded(), StandardCharsets.ISO_8859_1));
            ManagedKeys reopened = ManagedKeys.open(ca, ManagedFixture.PASSPHRASE, db.managed());
            assertThat(reopened.decrypt("web", 3, sealed, KeyType.ED25519).getEncoded())
                    .isEqualTo(pair.getPrivate().getEncoded());
            assertThatThrownBy(() -> keys.decrypt("web", 4, sealed, KeyType.ED25519)).isInstanceOf(KeyCustodyException.class);
            assertThatThrownBy(() -> keys.decrypt("api", 3, sealed, KeyType.ED25519)).isInstanceOf(KeyCustodyException.class);
            byte[] tampered = sealed.clone();
            tampered[tampered.length - 1] ^= 1;
            assertThatThrownBy(() -> keys.decrypt("web", 3, tampered, KeyType.ED25519)).isInstanceOf(KeyCustodyException.class);
            assertThat(keys.toString()).doesNotContainPattern("[0-9a-f]{16}");
        }
    }

    @Test
    void theKekFileIsOwnerOnlyEncryptedAndNeedsThePassphrase() throws Exception {
        try (Database db = Database.open(DatabaseSettings.embedded(dir))) {
            Path ca = dir.resolve("ca");
            ManagedKeys.open(ca, ManagedFixture.PASSPHRASE, db.managed());
            Path file = ca.resolve(ManagedKeys.KEK_FILE);

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
            assertThatThrownBy(() -> ManagedKeys.open(ca, "wrong".toCharArray(), db.managed()))
                    .isInstanceOf(KeyCustodyException.class).hasMessageContaining("wrong passphrase");
        }
    }

    @Test
    void aMissingKekFileWithStoredKeysRefusesToStartInsteadOfMakingANewOne() throws Exception {
        try (ManagedFixture f = new ManagedFixture(dir)) {
            f.service(Map.of()).create(spec("web", false, "web.internal"), "alice");
            Path file = dir.resolve("ca").resolve(ManagedKeys.KEK_FILE);
            Files.delete(file);

            assertThatThrownBy(() -> ManagedKeys.open(dir.resolve("ca"), ManagedFixture.PASSPHRASE, f.db.managed()))
                    .isInstanceOf(KeyCustodyException.class)
                    .hasMessageContaining(ManagedKeys.KEK_FILE).hasMessageContaining("copy");
            assertThat(file).doesNotExist();
        }
    }
}
