package dev.sigil.cli.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsResolverTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void baseEnv() {
        env.put("HOME", home.toString());
        env.put("PWD", work.toString());
    }

    private static ConnectionFlags flags(String server, String tokenFile, String caCert) {
        return new ConnectionFlags(Optional.ofNullable(server), Optional.ofNullable(tokenFile),
                Optional.ofNullable(caCert));
    }

    private ConnectionSettings resolve(ConnectionFlags flags) throws ConfigException {
        return new SettingsResolver(env).resolve(flags);
    }

    private Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private Path userConfig(String text) throws Exception {
        return write(home.resolve(".config/sigil/config.properties"), text);
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws Exception {
        write(work.resolve("flag-token"), "sgl_flag\n");
        write(work.resolve("env-token"), "sgl_envfile");
        write(home.resolve(".config/sigil/conf-token"), "sgl_conf");
        write(work.resolve("flag.pem"), "x");
        write(work.resolve("env.pem"), "x");
        write(home.resolve(".config/sigil/conf.pem"), "x");
        userConfig("server=https://conf.example:1\ntoken-file=conf-token\nca-cert=conf.pem\n");
        env.put("SIGIL_SERVER", "https://env.example:2");
        env.put("SIGIL_TOKEN_FILE", "env-token");
        env.put("SIGIL_CA_CERT", "env.pem");

        ConnectionSettings byFlags = resolve(flags("https://flag.example:3", "flag-token", "flag.pem"));
        ConnectionSettings byEnv = resolve(ConnectionFlags.NONE);
        env.remove("SIGIL_SERVER");
        env.remove("SIGIL_TOKEN_FILE");
        env.remove("SIGIL_CA_CERT");
        ConnectionSettings byFile = resolve(ConnectionFlags.NONE);

        assertThat(byFlags.server()).isEqualTo(URI.create("https://flag.example:3"));
        assertThat(byFlags.token()).isEqualTo("sgl_flag");
        assertThat(byFlags.caCert()).contains(work.resolve("flag.pem"));
        assertThat(byFlags.caCertSource()).isEqualTo("--ca-cert");
        assertThat(byEnv.server()).isEqualTo(URI.create("https://env.example:2"));
        assertThat(byEnv.token()).isEqualTo("sgl_envfile");
        assertThat(byEnv.caCert()).contains(work.resolve("env.pem"));
        assertThat(byFile.server()).isEqualTo(URI.create("https://conf.example:1"));
        assertThat(byFile.token()).isEqualTo("sgl_conf");
        assertThat(byFile.caCert()).contains(home.resolve(".config/sigil/conf.pem"));
        assertThat(byFile.tokenSource()).contains("config.properties");
    }

    @Test
    void sigilTokenBeatsSigilTokenFile() throws Exception {
        write(work.resolve("t"), "sgl_file");
        env.put("SIGIL_TOKEN_FILE", "t");
        env.put("SIGIL_TOKEN", " sgl_env ");

        ConnectionSettings s = resolve(ConnectionFlags.NONE);

        assertThat(s.token()).isEqualTo("sgl_env");
        assertThat(s.tokenSource()).isEqualTo("SIGIL_TOKEN");
    }

    @Test
    void localDefaultsAreUsedOnlyWhenNothingElseIsConfigured() throws Exception {
        write(work.resolve("data/admin-token"), "sgl_local\n");
        write(work.resolve("data/ca/root.pem"), "x");

        ConnectionSettings local = resolve(ConnectionFlags.NONE);
        env.put("SIGIL_TOKEN", "sgl_env");
        ConnectionSettings env = resolve(ConnectionFlags.NONE);

        assertThat(local.server()).isEqualTo(URI.create("https://localhost:8443"));
        assertThat(local.serverSource()).isEqualTo("default");
        assertThat(local.token()).isEqualTo("sgl_local");
        assertThat(local.caCert()).contains(work.resolve("data/ca/root.pem"));
        assertThat(env.token()).isEqualTo("sgl_env");
    }

    @Test
    void withoutPwdTheProcessDirectoryIsUsed() throws Exception {
        env.remove("PWD");
        env.put("SIGIL_TOKEN", "sgl_x");

        ConnectionSettings s = resolve(flags(null, null, null));

        assertThat(s.caCert().isPresent()).isEqualTo(Files.isRegularFile(Path.of("data/ca/root.pem")));
        assertThat(s.token()).isEqualTo("sgl_x");
    }

    @Test
    void sigilConfigNamesTheConfigFileAndMustExist() throws Exception {
        Path other = write(work.resolve("elsewhere.properties"), "server=https://other.example\n");
        userConfig("server=https://home.example\n");
        env.put("SIGIL_TOKEN", "sgl_x");
        env.put("SIGIL_CONFIG", other.toString());

        assertThat(resolve(ConnectionFlags.NONE).server()).isEqualTo(URI.create("https://other.example"));

        env.put("SIGIL_CONFIG", "missing.properties");
        assertThatThrownBy(() -> resolve(ConnectionFlags.NONE)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing.properties (from SIGIL_CONFIG) does not exist");
    }

    @Test
    void theHomeDirectoryComesFromTheEnvironment() throws Exception {
        userConfig("server=https://home.example\n");
        env.put("SIGIL_TOKEN", "sgl_x");

        assertThat(new SettingsResolver(env).configPath()).contains(home.resolve(".config/sigil/config.properties"));
        assertThat(resolve(ConnectionFlags.NONE).server()).isEqualTo(URI.create("https://home.example"));
        env.remove("HOME");
        assertThat(new SettingsResolver(env).configPath()).isEmpty();
    }

    @Test
    void configPathsMayStartWithTilde() throws Exception {
        write(home.resolve("tokens/admin"), "sgl_tilde");
        userConfig("token-file=~/tokens/admin\n");

        assertThat(resolve(ConnectionFlags.NONE).token()).isEqualTo("sgl_tilde");
    }

    @Test
    void unknownConfigKeysAreRejected() throws Exception {
        userConfig("sever=https://typo.example\ntoken=sgl_secret\n");
        env.put("SIGIL_TOKEN", "sgl_x");

        assertThatThrownBy(() -> resolve(ConnectionFlags.NONE)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key(s) [sever, token]")
                .hasMessageContaining("[ca-cert, server, token-file]");
    }

    @Test
    void nothingConfiguredExplainsHowToConfigure() {
        assertThatThrownBy(() -> resolve(ConnectionFlags.NONE)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("no API token configured")
                .hasMessageContaining("--token-file FILE")
                .hasMessageContaining("SIGIL_TOKEN=")
                .hasMessageContaining(home.resolve(".config/sigil/config.properties").toString())
                .hasMessageContaining("./data/admin-token");
    }

    @Test
    void serverUrlsMustBeHttpsAndAreNormalized() throws Exception {
        env.put("SIGIL_TOKEN", "sgl_x");

        assertThat(resolve(flags("https://ca.example:8443/", null, null)).server())
                .isEqualTo(URI.create("https://ca.example:8443"));
        assertThat(resolve(flags("https://ca.example/sigil/api/v1/", null, null)).server())
                .isEqualTo(URI.create("https://ca.example/sigil"));
        assertThatThrownBy(() -> resolve(flags("http://ca.example:8443", null, null)))
                .hasMessageContaining("must start with https://").hasMessageContaining("from --server");
        env.put("SIGIL_SERVER", "ca.example:8443");
        assertThatThrownBy(() -> resolve(ConnectionFlags.NONE)).hasMessageContaining("from SIGIL_SERVER");
        assertThatThrownBy(() -> resolve(flags("https://u:p@ca.example", null, null)))
                .hasMessageContaining("must look like https://HOST[:PORT]");
    }

    @Test
    void tokenFilesAreCheckedWithoutEchoingTheirContent() throws Exception {
        write(work.resolve("empty"), "\n");
        write(work.resolve("two"), "sgl_secretone sgl_secrettwo\n");

        assertThatThrownBy(() -> resolve(flags(null, "empty", null))).hasMessageContaining("is empty");
        assertThatThrownBy(() -> resolve(flags(null, "two", null)))
                .hasMessageContaining("must hold exactly one token").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> resolve(flags(null, "absent", null)))
                .hasMessageContaining("token file " + work.resolve("absent") + " (from --token-file) does not exist");
    }

    @Test
    void aNamedCaFileMustExist() {
        env.put("SIGIL_TOKEN", "sgl_x");

        assertThatThrownBy(() -> resolve(flags(null, null, "nope.pem")))
                .hasMessageContaining("nope.pem (from --ca-cert) does not exist");
    }

    @Test
    void toStringNeverShowsTheToken() throws Exception {
        env.put("SIGIL_TOKEN", "sgl_verysecretvalue");

        ConnectionSettings s = resolve(ConnectionFlags.NONE);

        assertThat(s.toString()).contains("<redacted>", "SIGIL_TOKEN").doesNotContain("verysecret");
    }
}
