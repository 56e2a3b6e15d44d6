package dev.sigil.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, run as a newcomer would: {@code bin/sigil-server} with no configuration at all in an
 * empty directory (embedded H2 under ./data), then {@code bin/sigil} from that directory, which finds
 * ./data/admin-token and ./data/ca/root.pem by itself. Runs after the reactor has built the server and CLI jars.
 */
class ReadmeCommandsTest {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final long COMMAND_TIMEOUT_SECONDS = 120;
    static final int[] DEFAULT_PORTS = {8443, 8080, 9090};

    @TempDir
    Path work;

    @Test
    void zeroConfigServerAndCliWorkFromAnEmptyDirectory() throws Exception {
        Path root = DeployArtifacts.repoRoot();
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("SIGIL_"));
        env.remove("XDG_CACHE_HOME"); // bin/sigil's class-data archive goes under HOME/.cache (HOME = work)
        int observe = 9090;
        if (!allFree(DEFAULT_PORTS)) {
            // Someone else holds a default port on this machine: move all three, nothing else.
            env.put("SIGIL_SERVER_HTTPS_PORT", Integer.toString(freePort()));
            env.put("SIGIL_SERVER_HTTP_PORT", Integer.toString(freePort()));
            observe = freePort();
            env.put("SIGIL_SERVER_OBSERVE_PORT", Integer.toString(observe));
            env.put("SIGIL_SERVER", "https://localhost:" + env.get("SIGIL_SERVER_HTTPS_PORT"));
        }
        Path log = work.resolve("server.log");
        ProcessBuilder start = new ProcessBuilder("bash", root.resolve("bin/sigil-server").toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        start.environment().clear();
        start.environment().putAll(env);
        start.environment().put("PWD", work.toString());
        Process server = start.start();
        try {
            waitForHealth(server, observe, log);
            String banner = Files.readString(log);
            assertThat(banner).contains("Sigil is running").contains("root SHA-256 fingerprint")
                    .contains("admin token written to").contains("(created now)");
            assertThat(work.resolve("data/ca/root.pem")).exists();
            assertThat(work.resolve("data/db")).isDirectory();

            run(work, env, "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "app.key", "-out", "app.csr", "-subj", "/CN=app.example.internal");
            String issued = run(work, env, "bash", root.resolve("bin/sigil").toString(), "cert", "issue", "--csr", "app.csr",
                    "--out", "app.pem", "--chain-out", "chain.pem");
            assertThat(issued).contains("app.example.internal");
            assertThat(run(work, env, "openssl", "verify", "-CAfile", "data/ca/root.pem", "-untrusted", "chain.pem", "app.pem"))
                    .contains("app.pem: OK");
            assertThat(run(work, env, "bash", root.resolve("bin/sigil").toString(), "cert", "list"))
                    .contains("app.example.internal");

            // The first command that talked to the server left a class-data archive for later runs (bin/sigil).
            Path cache = work.resolve(".cache/sigil");
            List<Path> archives = archives(cache);
            assertThat(archives).as("class-data archives in " + cache).hasSize(1);
            // Runs that map it, and runs given a damaged one, print nothing but the answer on stdout.
            assertThat(listJson(root, env)).contains("CN=app.example.internal");
            assertThat(archives(cache)).isEqualTo(archives);
            Files.writeString(archives.get(0), "not a class-data archive");
            assertThat(listJson(root, env)).contains("CN=app.example.internal");
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** {@code sigil cert list --output json}: stdout must be exactly one JSON document; its subjects. */
    private List<String> listJson(Path root, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/sigil").toString(), "cert", "list",
                "--output", "json").directory(work.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PWD", work.toString());
        pb.environment().put("HOME", work.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readTree(out);
        List<String> subjects = new java.util.ArrayList<>();
        doc.get("items").forEach(item -> subjects.add(item.get("subject").asText()));
        return subjects;
    }

    private static List<Path> archives(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (var files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }

    private static boolean allFree(int[] ports) {
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket(port)) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForHealth(Process server, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("bin/sigil-server exited with " + server.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("bin/sigil-server not healthy within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    private static String run(Path dir, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PWD", dir.toString());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }
}
