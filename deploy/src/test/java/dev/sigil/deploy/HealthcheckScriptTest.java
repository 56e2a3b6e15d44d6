package dev.sigil.deploy;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs container/healthcheck.sh against a stand-in /health endpoint: healthy exactly when it answers 200. */
class HealthcheckScriptTest {

    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;

    @BeforeEach
    void startStandIn() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash, as the image has");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int code = exchange.getRequestURI().getPath().equals("/health") ? status.get() : 404;
            byte[] body = "{\"status\":\"?\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException ignored) {
                // The script hangs up after the status line; that is its business, not an error here.
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void healthyWhenHealthAnswers200() throws Exception {
        status.set(200);

        assertThat(runScript(server.getAddress().getPort())).isZero();
    }

    @Test
    void unhealthyWhenHealthAnswers503() throws Exception {
        status.set(503);

        assertThat(runScript(server.getAddress().getPort())).isNotZero();
    }

    @Test
    void unhealthyWhenNothingListens() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        assertThat(runScript(closedPort)).isNotZero();
    }

    private static int runScript(int port) throws Exception {
        Path script = DeployArtifacts.moduleDir().resolve("container/healthcheck.sh");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toString()).redirectErrorStream(true);
        pb.environment().put("SIGIL_SERVER_OBSERVE_PORT", Integer.toString(port));
        Process p = pb.start();
        boolean finished = p.waitFor(20, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("healthcheck finished").isTrue();
        return p.exitValue();
    }
}
