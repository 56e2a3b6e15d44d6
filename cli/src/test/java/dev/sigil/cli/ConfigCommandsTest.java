package dev.sigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sigil config show|set|unset}: no server needed. */
class ConfigCommandsTest {

    private static final String SECRET = "sgl_" + "Q09ORklHX1RFU1RfVE9LRU5fTkVWRVJfUFJJTlRFRA";

    @TempDir
    Path dir;

    private Path conf;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        env.put("HOME", dir.toString());
        env.put("PWD", dir.toString());
        conf = dir.resolve(".config/sigil/config.properties");
    }

    private CliRun sigil(String... args) {
        return CliRun.run(env, args);
    }

    /** The table row of a setting, split on runs of two or more spaces. */
    private static List<String> row(CliRun r, String key) {
        return r.out().lines().filter(l -> l.startsWith(key + " ")).findFirst()
                .map(l -> List.of(l.split(" {2,}"))).orElseThrow(() -> new AssertionError(key + " in\n" + r));
    }

    @Test
    void showNamesTheSourceOfEverySettingAndNeverTheToken() throws Exception {
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "server=https://ca.example.internal:8443\n");
        Files.writeString(dir.resolve("t"), SECRET);
        Files.writeString(dir.resolve("root.pem"), "x");
        env.put("SIGIL_CA_CERT", "root.pem");

        CliRun r = sigil("config", "show", "--token-file", "t");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow()).startsWith("SETTING").contains("VALUE", "FROM");
        assertThat(row(r, "server")).containsExactly("server", "https://ca.example.internal:8443", "file " + conf);
        assertThat(row(r, "token")).containsExactly("token", "(set, from " + dir.resolve("t") + ")",
                "flag --token-file");
        assertThat(row(r, "ca-cert")).containsExactly("ca-cert", dir.resolve("root.pem").toString(),
                "env SIGIL_CA_CERT");
        assertThat(row(r, "config")).containsExactly("config", conf.toString(), "default");
        assertThat(r.out()).doesNotContain(SECRET);
    }

    @Test
    void aTokenFromTheEnvironmentIsShownOnlyAsSetAndDefaultsAreNamed() throws Exception {
        env.put("SIGIL_TOKEN", SECRET);

        CliRun r = sigil("config", "show", "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain(SECRET);
        JsonNode settings = ServerTestBase.parse(r.out()).get("settings");
        assertThat(settings.get(0).get("key").asText()).isEqualTo("server");
        assertThat(settings.get(0).get("value").asText()).isEqualTo("https://localhost:8443");
        assertThat(settings.get(0).get("source").asText()).isEqualTo("default");
        assertThat(settings.get(1).get("value").asText()).isEqualTo("(set, from SIGIL_TOKEN)");
        assertThat(settings.get(1).get("source").asText()).isEqualTo("env");
        assertThat(settings.get(2).get("value").asText()).isEqualTo("(none: the JDK's trust store)");
        assertThat(settings.get(3).get("value").asText()).contains("(does not exist)");
    }

    @Test
    void theServersLocalDataDirectoryIsShownAsTheDefault() throws Exception {
        Files.createDirectories(dir.resolve("data/ca"));
        Files.writeString(dir.resolve("data/admin-token"), SECRET);
        Files.writeString(dir.resolve("data/ca/root.pem"), "x");

        CliRun r = sigil("config", "show");

        assertThat(row(r, "token")).containsExactly("token", "(set, from " + dir.resolve("data/admin-token") + ")",
                "default");
        assertThat(row(r, "ca-cert")).containsExactly("ca-cert", dir.resolve("data/ca/root.pem").toString(),
                "default");
        assertThat(r.out()).doesNotContain(SECRET);
    }

    @Test
    void setWritesACheckedValueAndKeepsCommentsAndOtherKeys() throws Exception {
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "# written by hand\nca-cert=/etc/sigil/root.pem\nserver=https://old.internal\n");

        CliRun r = sigil("config", "set", "server", "https://ca.example.internal:8443/api/v1/");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Set server=https://ca.example.internal:8443 in " + conf);
        assertThat(Files.readString(conf)).isEqualTo(
                "# written by hand\nca-cert=/etc/sigil/root.pem\nserver=https://ca.example.internal:8443\n");
        assertThat(Files.getPosixFilePermissions(conf)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void filePathsAreStoredAbsoluteAndMustHoldWhatTheyClaim() throws Exception {
        Files.writeString(dir.resolve("op.token"), SECRET + "\n");
        Files.setPosixFilePermissions(dir.resolve("op.token"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(dir.resolve("not-a-cert.pem"), "hello");

        CliRun token = sigil("config", "set", "token-file", "op.token");
        CliRun badCa = sigil("config", "set", "ca-cert", "not-a-cert.pem");
        CliRun missing = sigil("config", "set", "token-file", "absent");

        assertThat(token.exitCode()).as(token.toString()).isZero();
        assertThat(Files.readString(conf)).isEqualTo("token-file=" + dir.resolve("op.token") + "\n");
        assertThat(token.err()).contains("warning: " + dir.resolve("op.token") + " is readable by other users");
        assertThat(token.out() + token.err()).doesNotContain(SECRET);
        assertThat(badCa.exitCode()).isEqualTo(2);
        assertThat(badCa.err()).contains("does not hold a PEM certificate");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
        assertThat(Files.readString(conf)).doesNotContain("ca-cert", "absent");
    }

    @Test
    void theTokenItselfAndUnknownKeysAreRefused() {
        CliRun token = sigil("config", "set", "token", SECRET);
        CliRun unknown = sigil("config", "set", "sever", "https://x.internal");
        CliRun plainHttp = sigil("config", "set", "server", "http://ca.internal");

        assertThat(token.exitCode()).isEqualTo(2);
        assertThat(token.err()).contains("never a command-line value", "sigil login").doesNotContain(SECRET);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown setting 'sever'", "[ca-cert, server, token-file]");
        assertThat(plainHttp.exitCode()).isEqualTo(2);
        assertThat(plainHttp.err()).contains("must start with https://");
        assertThat(conf).doesNotExist();
    }

    @Test
    void unsetRemovesAKeyAndSaysSoWhenThereWasNone() throws Exception {
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "server=https://a.internal\nsever=typo\n");

        CliRun typo = sigil("config", "unset", "sever");
        CliRun server = sigil("config", "unset", "server");
        CliRun again = sigil("config", "unset", "server");

        assertThat(typo.exitCode()).as(typo.toString()).isZero();
        assertThat(server.exitCode()).isZero();
        assertThat(server.out()).contains("Removed server from " + conf);
        assertThat(Files.readString(conf)).isEmpty();
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("server is not set in " + conf + "; nothing to do");
    }

    @Test
    void setNotesAnEnvironmentVariableThatOverridesTheFile() {
        env.put("SIGIL_SERVER", "https://env.internal");

        CliRun r = sigil("config", "set", "server", "https://file.internal");
        CliRun show = sigil("config", "show");

        assertThat(r.err()).contains("note: SIGIL_SERVER is set in the environment and takes precedence");
        assertThat(row(show, "server")).containsExactly("server", "https://env.internal", "env SIGIL_SERVER");
    }
}
