package dev.sigil.acme.testing;

import dev.sigil.acme.AcmeFrontEnd;
import dev.sigil.acme.AcmeSettings;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.http.AcmeHttpRequest;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.validation.ChallengeValidators;
import dev.sigil.acme.validation.ValidationSettings;
import dev.sigil.storage.Database;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ACME front end as tests drive it: a real database (H2 or MariaDB, migrated by storage), the {@link TestCa},
 * real validators dialing loopback responders ({@link Http01Responder}, {@link TlsAlpnResponder}) and resolving
 * through a {@link LoopbackDns}, and a {@link MutableClock}. Directories:
 * {@code default} (no EAB, no terms), {@code eab} (EAB required) and {@code tos} (terms of service).
 */
public final class AcmeHarness implements AutoCloseable {

    public static final String BASE = "https://acme.test:8443";
    public static final String CLIENT_IP = "127.0.0.2";
    public static final URI TERMS = URI.create("https://acme.test/terms");

    public final MutableClock clock = new MutableClock();
    public final TestCa ca = new TestCa(clock);
    public final Http01Responder http;
    public final TlsAlpnResponder tlsAlpn;
    public final LoopbackDns dns;
    public final Database database;
    public final AcmeStore store;
    public final AcmeFrontEnd frontEnd;
    private final TestDatabase testDatabase;
    private final ChallengeValidators validators;

    private AcmeHarness(TestDatabase testDatabase, Consumer<AcmeSettings.Builder> customize) throws Exception {
        this.testDatabase = testDatabase;
        this.http = new Http01Responder();
        this.tlsAlpn = new TlsAlpnResponder();
        this.dns = new LoopbackDns();
        this.database = testDatabase.open();
        this.store = database.acme();
        this.validators = new ChallengeValidators(ValidationSettings.defaults().withDnsResolver(dns.address())
                .withPorts(http.port(), tlsAlpn.port()).withTimeout(Duration.ofSeconds(5)));
        AcmeSettings.Builder settings = AcmeSettings.builder()
                .directory(DirectorySettings.builder("default", "server").build())
                .directory(DirectorySettings.builder("eab", "device").eabRequired(true).build())
                .directory(DirectorySettings.builder("tos", "server").termsOfService(TERMS)
                        .website(URI.create("https://acme.test/")).caaIdentities(java.util.List.of("acme.test"))
                        .build());
        customize.accept(settings);
        this.frontEnd = new AcmeFrontEnd(settings.build(), store, ca, validators, clock);
    }

    public static AcmeHarness h2(Path dir) throws Exception {
        return h2(dir, s -> { });
    }

    public static AcmeHarness h2(Path dir, Consumer<AcmeSettings.Builder> customize) throws Exception {
        return new AcmeHarness(TestDatabases.h2(dir), customize);
    }

    public static AcmeHarness mariaDb() throws Exception {
        return new AcmeHarness(TestDatabases.mariaDb(), s -> { });
    }

    /** A client with a fresh P-256 key on directory {@code directory}. */
    public AcmeTestClient client(String directory) {
        return new AcmeTestClient(this, JwsSigner.es256(), directory);
    }

    public AcmeTestClient client(String directory, JwsSigner signer) {
        return new AcmeTestClient(this, signer, directory);
    }

    public static String url(String directory, String path) {
        return BASE + "/acme/" + directory + path;
    }

    /** Sends a request to an absolute URL under {@link #BASE}. */
    public AcmeHttpResponse send(String method, String url, Optional<String> contentType, byte[] body) {
        if (!url.startsWith(BASE + "/acme/")) {
            throw new IllegalArgumentException("not an ACME URL of this harness: " + url);
        }
        String rest = url.substring((BASE + "/acme/").length());
        int slash = rest.indexOf('/');
        String directory = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        return frontEnd.handle(new AcmeHttpRequest(method, directory, path, url, contentType, body, CLIENT_IP));
    }

    public AcmeHttpResponse get(String url) {
        return send("GET", url, Optional.empty(), new byte[0]);
    }

    @Override
    public void close() {
        validators.close();
        http.close();
        dns.close();
        try {
            tlsAlpn.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        database.close();
        testDatabase.close();
    }
}
