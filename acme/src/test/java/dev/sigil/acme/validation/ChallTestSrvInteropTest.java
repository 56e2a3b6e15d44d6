package dev.sigil.acme.validation;

import dev.sigil.acme.problem.ProblemType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.sigil.acme.validation.Validations.KEY_AUTHORIZATION;
import static dev.sigil.acme.validation.Validations.TOKEN;
import static dev.sigil.acme.validation.Validations.assertFailed;
import static dev.sigil.acme.validation.Validations.assertValid;
import static dev.sigil.acme.validation.Validations.dns;
import static dev.sigil.acme.validation.Validations.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The validators against Pebble's {@code pebble-challtestsrv} (Debian package pebble; CI installs it), the mock
 * DNS server and challenge responder Boulder and Pebble test with: an implementation that is not ours answering
 * all three challenge types on loopback ports. Skipped only where the program is not installed.
 */
@Timeout(120)
class ChallTestSrvInteropTest {

    private static final Path PROGRAM = Path.of("/usr/bin/pebble-challtestsrv");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Process process;
    private static int dnsPort;
    private static int httpPort;
    private static int tlsAlpnPort;
    private static int managementPort;

    @BeforeAll
    static void start(@TempDir Path logs) throws Exception {
        assumeTrue(Files.isExecutable(PROGRAM), PROGRAM + " is not installed (Debian package pebble)");
        dnsPort = freeUdpAndTcpPort();
        httpPort = freeTcpPort();
        tlsAlpnPort = freeTcpPort();
        managementPort = freeTcpPort();
        process = new ProcessBuilder(List.of(PROGRAM.toString(),
                "-dns01", "127.0.0.1:" + dnsPort,
                "-http01", "127.0.0.1:" + httpPort,
                "-https01", "",
                "-tlsalpn01", "127.0.0.1:" + tlsAlpnPort,
                "-management", "127.0.0.1:" + managementPort,
                "-defaultIPv4", "127.0.0.1",
                "-defaultIPv6", ""))
                .redirectErrorStream(true).redirectOutput(logs.resolve("challtestsrv.log").toFile()).start();
        awaitListening(managementPort);
        awaitListening(httpPort);
        awaitListening(tlsAlpnPort);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static ValidationSettings settings() {
        return ValidationSettings.defaults().withDnsResolver(new InetSocketAddress("127.0.0.1", dnsPort))
                .withPorts(httpPort, tlsAlpnPort).withTimeout(Duration.ofSeconds(5));
    }

    @Test
    void dns01() throws Exception {
        manage("/set-txt", "{\"host\":\"_acme-challenge.dns.x.test.\",\"value\":\""
                + Dns01Validator.expectedValue(KEY_AUTHORIZATION) + "\"}");
        assertValid(validate(settings(), "dns-01", dns("dns.x.test")));
    }

    @Test
    void dns01WithAnotherValueIsAnIncorrectResponse() throws Exception {
        manage("/set-txt", "{\"host\":\"_acme-challenge.wrong.x.test.\",\"value\":\"not-the-digest\"}");
        String detail = assertFailed(validate(settings(), "dns-01", dns("wrong.x.test")),
                ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).contains("\"not-the-digest\"");
    }

    @Test
    void http01ThroughItsDnsAndItsWebServer() throws Exception {
        manage("/add-http01", "{\"token\":\"" + TOKEN + "\",\"content\":\"" + KEY_AUTHORIZATION + "\"}");
        assertValid(validate(settings(), "http-01", dns("http.x.test")));
        // it answers an unknown token with 200 and an empty body
        String detail = assertFailed(validate(settings(), "http-01", dns("http.x.test"), "unknown-token",
                "unknown-token.x"), ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).contains("received \"\"");
    }

    /**
     * challtestsrv's tls-alpn-01 certificates have an empty subject and issuer, which RFC 5280 §4.1.2.4 forbids and
     * the JDK's X.509 parser (used by JSSE during the handshake, before any trust manager) refuses. Real clients
     * (lego, acmez/Caddy, Go's x/crypto/acme, acme4j) set a subject; the in-test server covers the happy path. This
     * pins down the failure to be a clear {@code tls} problem rather than an opaque one.
     */
    @Test
    void tlsAlpn01RefusesItsCertificatesWithAnEmptyIssuer() throws Exception {
        manage("/add-tlsalpn01", "{\"host\":\"alpn.x.test\",\"content\":\"" + KEY_AUTHORIZATION + "\"}");
        String detail = assertFailed(validate(settings(), "tls-alpn-01", dns("alpn.x.test")), ProblemType.TLS);
        assertThat(detail).isEqualTo("tls-alpn-01: connecting to alpn.x.test: TLS error: the certificate presented is "
                + "not valid X.509 (Empty issuer DN not allowed in X509Certificates) (127.0.0.1:" + tlsAlpnPort + ")");
    }

    private static void manage(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + managementPort + path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("challtestsrv %s: %s", path, response.body()).isEqualTo(200);
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** A port free for both UDP and TCP, as the DNS listener needs. */
    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                 ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, InetAddress.getByName("127.0.0.1"))) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // the TCP side was in use: try another
            }
        }
        throw new IOException("no port free for both UDP and TCP");
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("pebble-challtestsrv is running").isTrue();
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("pebble-challtestsrv did not listen on " + port + " within 20 s");
    }
}
