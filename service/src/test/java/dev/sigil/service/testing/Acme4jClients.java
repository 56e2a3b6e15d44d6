package dev.sigil.service.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real ACME clients (acme4j) for end-to-end tests: accounts on a Sigil directory, and certificates for the IP
 * identifier 127.0.0.1 (RFC 8738), validated over http-01 against a responder on a loopback port, so no DNS server
 * is needed. Start this first and pass {@link #validationOverrides()} to the server, which then dials the responder.
 */
public final class Acme4jClients implements AutoCloseable {

    /** Longest a challenge or an order may take: the server is stuck, not slow. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PREFIX = "/.well-known/acme-challenge/";
    private static final String CURVE = "secp256r1";

    private final HttpServer responder;
    private final Map<String, String> keyAuthorizations = new ConcurrentHashMap<>();
    private volatile Duration responseDelay = Duration.ZERO;

    private Acme4jClients(HttpServer responder) {
        this.responder = responder;
    }

    public static Acme4jClients start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Acme4jClients clients = new Acme4jClients(server);
        server.createContext(PREFIX, clients::serve);
        server.start();
        return clients;
    }

    /** The server config that makes Sigil validate http-01 against this responder. */
    public Map<String, String> validationOverrides() {
        return Map.of("sigil.acme.validation.http-port", Integer.toString(responder.getAddress().getPort()));
    }

    /** Registers a new account (fresh P-256 key, terms agreed) on {@code directory}. */
    public Account register(URI directory, Path rootPem) throws Exception {
        Session session = new Session(directory, new TrustingProvider(trusting(rootPem)));
        return new AccountBuilder().agreeToTermsOfService().addEmail("ops@sigil.internal")
                .useKeyPair(KeyPairUtils.createECKeyPair(CURVE)).create(session);
    }

    /** The account's id: the last segment of its URL, as the admin API names it. */
    public static String id(Account account) {
        String url = account.getLocation().toString();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** One complete order for 127.0.0.1 with a fresh key; the certificate as issued. */
    public X509Certificate issue(Account account) throws AcmeException, InterruptedException {
        Order order = authorized(account);
        KeyPair key = KeyPairUtils.createECKeyPair(CURVE);
        order.execute(key);
        Status s = order.waitForCompletion(TIMEOUT);
        if (s != Status.VALID) {
            throw new AcmeException("order ended " + s + ": " + order.getJSON());
        }
        return order.getCertificate().getCertificate();
    }

    /** A new order for 127.0.0.1 with every authorization validated: ready, not yet finalized. */
    public Order authorized(Account account) throws AcmeException, InterruptedException {
        Order order = account.newOrder().identifier(Identifier.ip("127.0.0.1")).create();
        for (Authorization auth : order.getAuthorizations()) {
            if (auth.getStatus() == Status.VALID) {
                continue; // reused from an earlier order of this account
            }
            Http01Challenge challenge = auth.findChallenge(Http01Challenge.class)
                    .orElseThrow(() -> new AcmeException("no http-01 challenge"));
            expect(challenge);
            challenge.trigger();
            Status s = challenge.waitForCompletion(TIMEOUT);
            if (s != Status.VALID) {
                throw new AcmeException("challenge ended " + s + ": " + challenge.getJSON());
            }
        }
        return order;
    }

    /** Makes the responder answer {@code challenge} (before the client triggers it). */
    public void expect(Http01Challenge challenge) {
        keyAuthorizations.put(challenge.getToken(), challenge.getAuthorization());
    }

    /** Makes the responder wait this long before each answer: a validation then stays in progress that long. */
    public void delayResponses(Duration delay) {
        responseDelay = delay;
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                Thread.sleep(responseDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            String keyAuth = keyAuthorizations.get(ex.getRequestURI().getPath().substring(PREFIX.length()));
            if (keyAuth == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = keyAuth.getBytes(StandardCharsets.US_ASCII);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("anchor-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** acme4j's generic provider, trusting Sigil's root (its HTTPS certificate is not in the JDK's truststore). */
    private static final class TrustingProvider extends GenericAcmeProvider {
        private final SSLContext trust;

        TrustingProvider(SSLContext trust) {
            this.trust = trust;
        }

        @Override
        protected HttpConnector createHttpConnector(NetworkSettings settings) {
            return new HttpConnector(settings) {
                @Override
                public HttpClient.Builder createClientBuilder() {
                    return super.createClientBuilder().sslContext(trust);
                }
            };
        }
    }

    @Override
    public void close() {
        responder.stop(0);
    }
}
