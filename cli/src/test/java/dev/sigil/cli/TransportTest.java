package dev.sigil.cli;

import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static dev.sigil.cli.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Connection and TLS failures: one line naming the cause, exit 1, no stack trace unless --debug. */
class TransportTest {

    private static final String TOKEN = "sgl_dHJhbnNwb3J0X3Rlc3RfdG9rZW5fbm90X3JlYWxfYXRfYWxs";

    @TempDir
    Path dir;

    private Map<String, String> env(String server, Path ca) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("PWD", dir.toString());
        env.put("SIGIL_SERVER", server);
        env.put("SIGIL_TOKEN", TOKEN);
        if (ca != null) {
            env.put("SIGIL_CA_CERT", ca.toString());
        }
        return env;
    }

    @Test
    void aServerCertificateFromAnotherCaIsNotTrusted() throws Exception {
        TestPki serverPki = TestPki.create(TestPki.loopbackSans());
        Path otherRoot = dir.resolve("other-root.pem");
        Files.writeString(otherRoot, TestPki.create(TestPki.loopbackSans()).rootPem());
        try (TestServer server = TestServer.start(serverPki)) {
            server.on("GET", "/api/v1/whoami", json(200, "{\"name\":\"admin\",\"role\":\"admin\"}"));

            CliRun r = CliRun.run(env(server.url(), null), "whoami", "--ca-cert", otherRoot.toString());

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("error: TLS: server certificate not trusted by --ca-cert (" + otherRoot
                    + ")\n");
            assertThat(server.requests).as("no request may reach an untrusted server").isEmpty();
        }
    }

    @Test
    void withoutACaSettingTheJdkTrustStoreIsUsedAndTheMessageSaysSo() throws Exception {
        try (TestServer server = TestServer.start(TestPki.create(TestPki.loopbackSans()))) {
            CliRun r = CliRun.run(env(server.url(), null), "whoami");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("not trusted by the JDK's default trust store", "--ca-cert");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRejected() throws Exception {
        TestPki pki = TestPki.create(new GeneralName(GeneralName.dNSName, "other.example"));
        Path root = dir.resolve("root.pem");
        Files.writeString(root, pki.rootPem());
        try (TestServer server = TestServer.start(pki)) {
            CliRun r = CliRun.run(env(server.url(), root), "whoami");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: TLS: server certificate does not match host 127.0.0.1");
            assertThat(server.requests).isEmpty();
        }
    }

    @Test
    void aClosedPortGivesConnectionRefusedAndNoStackTrace() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.run(env("https://127.0.0.1:" + port, null), "cert", "list");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: cannot connect to https://127.0.0.1:" + port
                + ": connection refused (is sigil-server running?)\n");
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.run(env("https://127.0.0.1:" + port, null), "whoami", "--debug");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: cannot connect", "TransportException", "\tat ");
        assertThat(r.err()).doesNotContain(TOKEN);
    }

    @Test
    void aCaFileWithoutCertificatesIsAConfigurationError() throws Exception {
        Path bogus = dir.resolve("bogus.pem");
        Files.writeString(bogus, "not a certificate\n");

        CliRun r = CliRun.run(env("https://127.0.0.1:1", bogus), "whoami");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: CA certificate file " + bogus + " does not hold a PEM certificate\n");
    }
}
