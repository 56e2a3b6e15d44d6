package dev.sigil.cli.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigFileEditorTest {

    @TempDir
    Path dir;

    private Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void aNewFileAndItsDirectoryArePrivate() throws Exception {
        Path file = dir.resolve("new/sigil/config.properties");

        ConfigFileEditor.set(file, "server", "https://a.internal");

        assertThat(file).hasContent("server=https://a.internal");
        assertThat(Files.getPosixFilePermissions(file.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void continuationLinesDuplicatesAndOtherSeparatorsAreHandled() throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"),
                "! comment\nserver : https://old.internal\\\n    /path\nca-cert=/x.pem\n  server=https://dup.internal\n");

        ConfigFileEditor.set(file, "server", "https://new.internal");

        assertThat(Files.readString(file)).isEqualTo("! comment\nserver=https://new.internal\nca-cert=/x.pem\n");
        assertThat(ConfigFileEditor.unset(file, "ca-cert")).isTrue();
        assertThat(ConfigFileEditor.unset(file, "ca-cert")).isFalse();
        assertThat(load(file)).containsOnlyKeys("server");
    }

    @Test
    void valuesThatPropertiesWouldReadDifferentlyAreEscaped() throws Exception {
        Path file = dir.resolve("e.properties");
        String odd = " C:\\certs\\root.pem\twith tab";

        ConfigFileEditor.set(file, "ca-cert", odd);

        assertThat(load(file).getProperty("ca-cert")).isEqualTo(odd);
    }

    @Test
    void unsetLeavesAMissingFileMissing() throws Exception {
        assertThat(ConfigFileEditor.unset(dir.resolve("none.properties"), "server")).isFalse();
        assertThat(dir.resolve("none.properties")).doesNotExist();
    }
}
