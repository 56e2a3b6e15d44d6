package dev.sigil.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.sigil.cli.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The newcomer's path and the config file, end to end against the in-test server. */
class LocalDefaultsTest extends ServerTestBase {

    @Test
    void inTheServersDirectoryDataAdminTokenAndRootPemAreUsed() throws Exception {
        Path data = Files.createDirectories(dir.resolve("repo/data/ca"));
        Files.writeString(dir.resolve("repo/data/admin-token"), TOKEN + "\n");
        Files.writeString(data.resolve("root.pem"), pki.rootPem());
        server.on("GET", "/api/v1/whoami", json(200, "{\"name\":\"admin\",\"role\":\"admin\"}"));

        CliRun r = CliRun.run(Map.of("HOME", dir.toString(), "PWD", dir.resolve("repo").toString()),
                "whoami", "--server", server.url());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(server.single().header("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void theConfigFileInHomeIsRead() throws Exception {
        Path conf = Files.createDirectories(dir.resolve(".config/sigil"));
        Files.writeString(conf.resolve("token"), TOKEN);
        Files.writeString(conf.resolve("root.pem"), pki.rootPem());
        Files.writeString(conf.resolve("config.properties"),
                "server=" + server.url() + "\ntoken-file=token\nca-cert=root.pem\n");
        server.on("GET", "/api/v1/whoami", json(200, "{\"name\":\"admin\",\"role\":\"admin\"}"));

        CliRun r = CliRun.run(Map.of("HOME", dir.toString(), "PWD", "/"), "whoami");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(server.single().header("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void withNothingConfiguredTheMessageSaysHowToConfigure() {
        CliRun r = CliRun.run(Map.of("HOME", dir.toString(), "PWD", dir.toString()), "cert", "list");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: no API token configured")
                .contains("--token-file FILE", "SIGIL_TOKEN", "SIGIL_TOKEN_FILE", "config.properties",
                        "./data/admin-token");
        assertThat(server.requests).isEmpty();
    }
}
