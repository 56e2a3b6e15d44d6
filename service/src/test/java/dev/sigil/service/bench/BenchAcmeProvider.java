package dev.sigil.service.bench;

import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;

/**
 * acme4j's generic provider for one load client, with two changes that keep the generator honest: it trusts the
 * benchmark's own CA (the server's HTTPS certificate is not in the JVM's truststore), and it keeps one
 * {@link HttpClient} for all of the client's requests. acme4j 3.5 builds a new HttpClient for every request, so each
 * ACME call would pay a fresh TCP connection and TLS handshake on both sides; the handshakes, not ACME, would then be
 * what the benchmark measures. With one HttpClient per simulated ACME client, each keeps its own keep-alive connection,
 * as certbot or lego do within one run.
 */
final class BenchAcmeProvider extends GenericAcmeProvider {

    private final HttpClient http;

    BenchAcmeProvider(SSLContext trust, Duration connectTimeout) {
        // HTTP/1.1 for both targets alike (pebble's Go server would otherwise negotiate HTTP/2).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust)
                .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings) {
        return new HttpConnector(settings) {
            @Override
            public HttpClient.Builder createClientBuilder() {
                return sharedClientBuilder(http);
            }
        };
    }

    /** A builder that ignores its settings and builds {@code client}: acme4j's only hook for the client it uses. */
    static HttpClient.Builder sharedClientBuilder(HttpClient client) {
        return (HttpClient.Builder) Proxy.newProxyInstance(HttpClient.Builder.class.getClassLoader(),
                new Class<?>[] {HttpClient.Builder.class},
                (self, method, args) -> switch (method.getName()) {
                    case "build" -> client;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> "shared " + client;
                    default -> self; // every setter: ignored, the client is already built
                });
    }

    /** TLS trusting every certificate in {@code pem} (a root, or the self-signed certificate of a test server). */
    static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("anchor-" + i++, c);
            }
        }
        if (i == 0) {
            throw new IllegalArgumentException("no certificate in " + pem);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
