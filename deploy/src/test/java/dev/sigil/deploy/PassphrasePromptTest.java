package dev.sigil.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CA key passphrase typed at a real terminal: {@code bin/sigil-server} runs under {@code script} (a pty), a CA
 * exists, and no passphrase value or file is configured. It asks, reads without echo, and starts; without a terminal
 * the same start fails with one line saying what to set.
 */
class PassphrasePromptTest {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path work;

    @Test
    void aServerOnATerminalAsksForThePassphraseAndDoesNotEchoIt() throws Exception {
        Path root = DeployArtifacts.repoRoot();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("SIGIL_"));
        int observe = freePort();
        env.put("SIGIL_SERVER_HTTPS_PORT", Integer.toString(freePort()));
        env.put("SIGIL_SERVER_HTTP_PORT", Integer.toString(freePort()));
        env.put("SIGIL_SERVER_OBSERVE_PORT", Integer.toString(observe));
        env.put("SIGIL_SERVER_HOST", "127.0.0.1");
        String server = root.resolve("bin/sigil-server").toString();

        // First start: the CA and a generated passphrase file. Then the file goes elsewhere.
        Process first = start(env, new ByteArrayOutputStream(), "bash", server);
        waitForHealth(first, observe);
        stop(first);
        Path file = work.resolve("data/ca/passphrase");
        String passphrase = Files.readString(file).strip();
        Files.move(file, work.resolve("passphrase.kept"));

        // No terminal: one clear line, exit 1.
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        Process noTerminal = start(env, plain, "bash", server);
        noTerminal.getOutputStream().close();
        assertThat(noTerminal.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(noTerminal.exitValue()).isEqualTo(1);
        assertThat(plain.toString(StandardCharsets.UTF_8)).contains("sigil-server: cannot start:")
                .contains("on a terminal to be asked").doesNotContain("Exception");

        // On a terminal: asked, typed, started; the transcript of the terminal never shows it.
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        Process onTerminal = start(env, transcript, "script", "-qfec", "bash " + server, "/dev/null");
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!transcript.toString(StandardCharsets.UTF_8).contains("CA key passphrase")) {
                assertThat(onTerminal.isAlive()).as(transcript.toString(StandardCharsets.UTF_8)).isTrue();
                assertThat(System.nanoTime()).as("no prompt:\n" + transcript).isLessThan(deadline);
                Thread.sleep(100);
            }
            OutputStream keyboard = onTerminal.getOutputStream();
            keyboard.write((passphrase + "\n").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            waitForHealth(onTerminal, observe);
            String seen = transcript.toString(StandardCharsets.UTF_8);
            assertThat(seen).contains("Sigil is running").contains("typed at the terminal").doesNotContain(passphrase);
        } finally {
            stop(onTerminal);
        }
    }

    private Process start(Map<String, String> env, ByteArrayOutputStream out, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("PWD", work.toString());
        Process p = pb.start();
        Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (out) {
                        out.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        });
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForHealth(Process server, int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server exited with " + (server.isAlive() ? 0 : server.exitValue()))
                    .isTrue();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not healthy within " + START_TIMEOUT);
    }
}
