package dev.sigil.service.e2e;

import dev.sigil.service.SigilServer;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.managed.ManagedService;
import dev.sigil.service.testing.TestClock;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.managed.ManagedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sigil's HTTPS certificate is the managed certificate sigil-https: when it is renewed, the listener serves the new
 * one on the same port without a restart, while established connections carry on.
 */
class HttpsHotReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aRotatedCertificateIsServedOnTheSamePortAndOpenConnectionsSurvive() throws Exception {
        try (SigilServer server = TestServer.start(dir, Map.of("sigil.server.tls-reload-check", "1s"))) {
            ManagedService managed = server.managed();
            ManagedCertificate v1 = managed.show("sigil-https").managed();
            SSLContext trustRoot = trusting(server.started().rootPem());
            assertThat(servedSerial(trustRoot, server.httpsPort())).isEqualTo(v1.currentSerial());

            try (SSLSocket open = connect(trustRoot, server.httpsPort())) {
                assertThat(exchange(open)).startsWith("HTTP/1.1 ");
                ManagedCertificate v2 = managed.rotate("sigil-https", "test").managed();
                assertThat(v2.currentSerial()).isNotEqualTo(v1.currentSerial());

                Set<String> seen = new HashSet<>();
                Instant deadline = Instant.now().plus(WAIT);
                String served;
                do {
                    // Every attempt must complete a handshake: the listener is never closed for the reload.
                    served = servedSerial(trusting(server.started().rootPem()), server.httpsPort());
                    seen.add(served);
                    Thread.sleep(100);
                } while (!served.equals(v2.currentSerial()) && Instant.now().isBefore(deadline));

                assertThat(served).isEqualTo(v2.currentSerial());
                assertThat(seen).isSubsetOf(v1.currentSerial(), v2.currentSerial());
                assertThat(exchange(open)).as("the connection opened before the reload still answers").startsWith("HTTP/1.1 ");
                assertThat(serial((X509Certificate) open.getSession().getPeerCertificates()[0])).isEqualTo(v1.currentSerial());
            }
        }
    }

    @Test
    @Timeout(120)
    void theScheduledJobRenewsSigilHttpsWhenItsTimeComesAndTheListenerPicksItUp() throws Exception {
        TestClock clock = new TestClock(Instant.now());
        Map<String, String> o = new HashMap<>();
        o.put("sigil.data-dir", dir.toString());
        o.put("sigil.server.host", "127.0.0.1");
        o.put("sigil.server.https-port", "0");
        o.put("sigil.server.http-port", "0");
        o.put("sigil.server.observe-port", "0");
        o.put("sigil.server.tls-validity", "3d");
        o.put("sigil.server.tls-reload-check", "1s");
        o.put("sigil.managed.check-interval", "1s");
        try (SigilServer server = SigilServer.start(SigilConfig.load(Optional.empty(), Map.of(), o), clock)) {
            ManagedCertificate v1 = server.managed().show("sigil-https").managed();
            // The served certificates are dated on the test's clock, which real-time validation would reject.
            Recorder recorder = new Recorder();
            assertThat(servedSerial(recorder.context(), server.httpsPort())).isEqualTo(v1.currentSerial());

            clock.advance(Duration.between(clock.instant(), v1.nextRenewalAt()).plusSeconds(1));

            Instant deadline = Instant.now().plus(WAIT);
            String served;
            do {
                Thread.sleep(200);
                served = servedSerial(recorder.context(), server.httpsPort());
            } while (served.equals(v1.currentSerial()) && Instant.now().isBefore(deadline));

            ManagedCertificate v2 = server.managed().show("sigil-https").managed();
            assertThat(v2.currentVersion()).isEqualTo(2);
            assertThat(served).isEqualTo(v2.currentSerial());
            X509Certificate[] chain = recorder.last;
            chain[0].verify(chain[1].getPublicKey()); // still issued by Sigil's CA
        }
    }

    @Test
    @Timeout(120)
    void aNodeStartedWithANewHostNameAddsItAndRotatesAndALaterStartWithoutItKeepsIt() throws Exception {
        String first;
        try (SigilServer server = TestServer.start(dir, Map.of())) {
            first = server.managed().show("sigil-https").managed().currentSerial();
        }
        try (SigilServer server = TestServer.start(dir, Map.of("sigil.server.hostnames", "sigil-2.internal"))) {
            ManagedCertificate now = server.managed().show("sigil-https").managed();
            assertThat(now.currentVersion()).isEqualTo(2);
            assertThat(now.spec().sans()).contains(San.dns("localhost"), San.dns("sigil-2.internal"));
            Recorder recorder = new Recorder();
            assertThat(servedSerial(recorder.context(), server.httpsPort())).isEqualTo(now.currentSerial()).isNotEqualTo(first);
            assertThat(recorder.last[0].getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                    .contains("sigil-2.internal", "localhost");
        }
        try (SigilServer server = TestServer.start(dir, Map.of())) {
            ManagedCertificate now = server.managed().show("sigil-https").managed();
            assertThat(now.currentVersion()).as("a node without the name does not take it away from the others").isEqualTo(2);
            assertThat(now.spec().sans()).contains(San.dns("sigil-2.internal"));
        }
    }

    private static String serial(X509Certificate c) {
        return c.getSerialNumber().toString(16);
    }

    /** A fresh context per connection: a resumed session would report the old certificate. */
    private static String servedSerial(SSLContext context, int port) throws Exception {
        try (SSLSocket s = connect(context, port)) {
            return serial((X509Certificate) s.getSession().getPeerCertificates()[0]);
        }
    }

    private static SSLSocket connect(SSLContext context, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    private static SSLContext trusting(Path rootPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(rootPem)) {
            trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** One keep-alive HTTP/1.1 request; returns the status line after reading the whole response. */
    private static String exchange(SSLSocket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("GET /api/v1/managed-reload-probe HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        in.readNBytes(length);
        return headers.substring(0, headers.indexOf("\r\n"));
    }

    /** Accepts any server chain and keeps it, for certificates dated on a test clock. */
    private static final class Recorder implements X509TrustManager {
        volatile X509Certificate[] last;

        SSLContext context() throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{this}, null);
            return context;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            last = chain;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
