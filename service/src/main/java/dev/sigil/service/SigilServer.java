package dev.sigil.service;

import dev.sigil.service.acme.AcmeModule;
import dev.sigil.service.api.AuditApi;
import dev.sigil.service.api.CertificatesApi;
import dev.sigil.service.api.Guard;
import dev.sigil.service.api.IssuersApi;
import dev.sigil.service.api.Json;
import dev.sigil.service.api.Problems;
import dev.sigil.service.api.TokensApi;
import dev.sigil.service.auth.TokenService;
import dev.sigil.service.ca.bootstrap.CaBootstrap;
import dev.sigil.service.ca.bootstrap.CaSettings;
import dev.sigil.service.ca.crl.CrlService;
import dev.sigil.service.ca.issuance.IssuanceService;
import dev.sigil.service.ca.keys.EncryptedFileKeyCustody;
import dev.sigil.service.ca.keys.Passphrase;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.ca.x509.LeafSigner;
import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.web.ObserveService;
import dev.sigil.service.web.PublicHttpService;
import dev.sigil.service.web.RequestMetrics;
import dev.sigil.service.web.ServerTls;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The composition root: builds every part of Sigil from its configuration with explicit constructor wiring,
 * and runs the three listeners. {@link Main} starts one; end-to-end tests start others on free ports.
 */
public final class SigilServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SigilServer.class.getName());

    /** What a start produced, for the banner and for tests. */
    public record Started(Path dataDir, Path rootPem, String rootFingerprint, boolean caCreated,
                          boolean adminTokenCreated, String passphraseOrigin, boolean passphraseGenerated) {
    }

    private final Database db;
    private final WebServer server;
    private final Started started;
    private final Optional<AcmeModule> acme;

    private SigilServer(Database db, WebServer server, Started started, Optional<AcmeModule> acme) {
        this.db = db;
        this.server = server;
        this.started = started;
        this.acme = acme;
    }

    public static SigilServer start(SigilConfig config, Clock clock) {
        Path dataDir = Path.of(config.string(ConfigKeys.DATA_DIR, "data")).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create data directory " + dataDir + ": " + e.getMessage());
        }
        String host = config.string(ConfigKeys.SERVER_HOST, "0.0.0.0");
        int httpsPort = port(config.integer(ConfigKeys.SERVER_HTTPS_PORT, 8443));
        int httpPort = port(config.integer(ConfigKeys.SERVER_HTTP_PORT, 8080));
        int observePort = port(config.integer(ConfigKeys.SERVER_OBSERVE_PORT, 9090));
        int maxBody = config.integer(ConfigKeys.SERVER_MAX_BODY, 65536);

        Database db = Database.open(config.string(ConfigKeys.DB_URL)
                .map(url -> new DatabaseSettings(url, config.string(ConfigKeys.DB_USER, ""),
                        config.string(ConfigKeys.DB_PASSWORD, ""),
                        config.integer(ConfigKeys.DB_POOL_SIZE, DatabaseSettings.DEFAULT_POOL_SIZE)))
                .orElseGet(() -> DatabaseSettings.embedded(dataDir)));
        try {
            boolean firstStart = db.issuers().list().isEmpty();
            Path caDir = dataDir.resolve("ca");
            Passphrase.Resolved passphrase = Passphrase.resolve(config.string(ConfigKeys.KEY_PASSPHRASE),
                    config.string(ConfigKeys.KEY_PASSPHRASE_FILE).map(Path::of).orElse(caDir.resolve("passphrase")),
                    firstStart);
            CaUrls urls = new CaUrls(config.string(ConfigKeys.SERVER_PUBLIC_URL, "http://localhost:" + httpPort));
            CaBootstrap.Result ca = new CaBootstrap(db, new EncryptedFileKeyCustody(caDir, passphrase.value()), urls, clock, caDir)
                    .loadOrCreate(CaSettings.from(config));

            SigilMetrics metrics = new SigilMetrics();
            Profiles profiles = Profiles.fromConfig(config);
            LeafSigner signer = new LeafSigner(urls);
            CrlService crls = new CrlService(ca.registry(), db.certificates(),
                    config.duration(ConfigKeys.CRL_VALIDITY, Duration.ofDays(1)), clock);
            IssuanceService issuance = new IssuanceService(ca.registry(), profiles, signer, db.ledger(), metrics, clock);
            RevocationService revocation = new RevocationService(db.certificates(), db.ledger(), crls, metrics, clock);
            TokenService tokens = new TokenService(db.tokens(), db.ledger(), clock);
            boolean adminCreated = tokens.ensureAdminToken(dataDir.resolve("admin-token"));
            Json json = new Json(maxBody);
            Problems problems = new Problems(json);
            Guard guard = new Guard(tokens, db.ledger(), clock);

            Tls tls = new ServerTls(ca.registry(), issuance, clock)
                    .issue(config.list(ConfigKeys.SERVER_HOSTNAMES).orElse(List.of()),
                            config.duration(ConfigKeys.SERVER_TLS_VALIDITY, Duration.ofDays(30)));

            Optional<AcmeModule> acme = config.bool(ConfigKeys.ACME_ENABLED, true)
                    ? Optional.of(AcmeModule.create(config, db, new AcmeModule.Ca(issuance, revocation, ca.registry(),
                            profiles, urls), guard, json, maxBody, httpsPort, clock))
                    : Optional.empty();
            HttpRouting.Builder api = routing("https", metrics, problems)
                    .register("/api/v1", new CertificatesApi(issuance, revocation, db.certificates(), ca.registry(), guard, json, clock),
                            new IssuersApi(ca.registry(), profiles, urls, guard, json),
                            new TokensApi(tokens, guard, json),
                            new AuditApi(db.audit(), guard, json));
            acme.ifPresent(a -> api.register("/api/v1/acme", a.adminApi()).register("/acme", a.http()));
            HttpRouting.Builder pub = routing("http", metrics, problems)
                    .register(new PublicHttpService(ca.registry(), crls, clock));
            HttpRouting.Builder observe = routing("observe", metrics, problems)
                    .register(new ObserveService(db, ca.registry(), metrics, json, clock));
            for (HttpRouting.Builder r : List.of(api, pub, observe)) {
                r.any((req, res) -> problems.send(res, SigilException.notFound("no such resource: " + req.path().path())));
            }

            long maxPayload = 4L * maxBody; // hard transport limit; Json answers 413 above maxBody with a problem
            WebServer server = WebServer.builder()
                    .host(host).port(httpsPort).tls(tls).routing(api)
                    .maxPayloadSize(maxPayload)
                    .directHandlers(problems.directHandlers())
                    .shutdownHook(false)
                    .putSocket("http", l -> l.host(host).port(httpPort).routing(pub).maxPayloadSize(maxPayload)
                            .directHandlers(problems.directHandlers()))
                    .putSocket("observe", l -> l.host(host).port(observePort).routing(observe)
                            .directHandlers(problems.directHandlers()))
                    .build()
                    .start();
            LOG.log(System.Logger.Level.INFO, "Sigil listening: https {0}, http {1}, observe {2} ({3})",
                    httpsPort, httpPort, observePort, db.productName());
            return new SigilServer(db, server, new Started(dataDir, ca.rootPem(), ca.rootFingerprint(), ca.created(),
                    adminCreated, passphrase.origin(), passphrase.generated()), acme);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static HttpRouting.Builder routing(String listener, SigilMetrics metrics, Problems problems) {
        HttpRouting.Builder r = HttpRouting.builder().addFilter(RequestMetrics.filter(listener, metrics));
        problems.install(r);
        return r;
    }

    /** Port 0 means "any free port": resolved here, because CDP/AIA URLs must name the real port before binding. */
    private static int port(int configured) {
        if (configured != 0) {
            return configured;
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    public int httpsPort() {
        return server.port();
    }

    public int httpPort() {
        return server.port("http");
    }

    public int observePort() {
        return server.port("observe");
    }

    public Started started() {
        return started;
    }

    public Database database() {
        return db;
    }

    /** The ACME front end, unless {@code sigil.acme.enabled} is false. */
    public Optional<AcmeModule> acme() {
        return acme;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            try {
                acme.ifPresent(AcmeModule::close);
            } finally {
                db.close();
            }
        }
    }
}
