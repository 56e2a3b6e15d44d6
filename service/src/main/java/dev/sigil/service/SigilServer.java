package dev.sigil.service;

import dev.sigil.service.acme.AcmeDirectoryConfig;
import dev.sigil.service.acme.AcmeModule;
import dev.sigil.service.acme.accounts.AcmeAccounts;
import dev.sigil.service.api.AcmeAccountsApi;
import dev.sigil.service.api.AuditApi;
import dev.sigil.service.api.CertificateRenewalApi;
import dev.sigil.service.api.CertificatesApi;
import dev.sigil.service.api.CrlsApi;
import dev.sigil.service.api.Guard;
import dev.sigil.service.api.HealthApi;
import dev.sigil.service.api.IssuersApi;
import dev.sigil.service.api.Json;
import dev.sigil.service.api.ManagedApi;
import dev.sigil.service.api.Problems;
import dev.sigil.service.api.SshApi;
import dev.sigil.service.api.TokensApi;
import dev.sigil.service.api.WebhooksApi;
import dev.sigil.service.auth.TokenService;
import dev.sigil.service.ca.bootstrap.CaBootstrap;
import dev.sigil.service.ca.bootstrap.CaSettings;
import dev.sigil.service.ca.crl.CrlPublisher;
import dev.sigil.service.ca.crl.CrlService;
import dev.sigil.service.ca.crl.CrlSettings;
import dev.sigil.service.ca.expiry.ExpiryReport;
import dev.sigil.service.ca.issuance.CertificateRenewal;
import dev.sigil.service.ca.issuance.IssuanceService;
import dev.sigil.service.ca.keys.KeyCustodies;
import dev.sigil.service.ca.keys.KeyCustody;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.keys.Passphrase;
import dev.sigil.service.ca.ocsp.OcspHttpService;
import dev.sigil.service.ca.ocsp.OcspResponder;
import dev.sigil.service.ca.ocsp.OcspSigners;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.ca.x509.LeafSigner;
import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.jobs.CrlPublishJob;
import dev.sigil.service.jobs.KrlPublishJob;
import dev.sigil.service.jobs.ManagedRenewalJob;
import dev.sigil.service.jobs.ExpiryNoticeJob;
import dev.sigil.service.jobs.WebhookDeliveryJob;
import dev.sigil.service.jobs.NodeTimer;
import dev.sigil.service.jobs.SigilScheduler;
import dev.sigil.service.managed.ManagedIssuer;
import dev.sigil.service.managed.ManagedKeys;
import dev.sigil.service.managed.ManagedService;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.service.web.BodyReader;
import dev.sigil.service.web.HeaderDeadline;
import dev.sigil.service.web.ObserveService;
import dev.sigil.service.web.PublicHttpService;
import dev.sigil.service.web.ClientLimits;
import dev.sigil.service.web.RelyingPartyListener;
import dev.sigil.service.web.RequestMetrics;
import dev.sigil.service.web.SshHttpService;
import dev.sigil.service.ssh.KrlService;
import dev.sigil.service.ssh.SshCaBootstrap;
import dev.sigil.service.ssh.SshCas;
import dev.sigil.service.ssh.SshPolicy;
import dev.sigil.service.ssh.SshService;
import dev.sigil.service.web.ServerHealth;
import dev.sigil.service.web.ServerTls;
import dev.sigil.service.webhook.Notifier;
import dev.sigil.service.webhook.WebhookNotifier;
import dev.sigil.service.webhook.WebhookSettings;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1LoggingConnectionListener;
import io.helidon.webserver.http.HttpRouting;
import org.quartz.Job;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The composition root: builds every part of Sigil from its configuration with explicit constructor wiring,
 * and runs the three listeners. {@link Main} starts one; end-to-end tests start others on free ports.
 */
public final class SigilServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SigilServer.class.getName());
    /** The server's terminal, if it runs on one: asks for the CA key passphrase without echo. */
    private static Optional<java.util.function.Supplier<char[]>> terminalPrompt() {
        java.io.Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return Optional.empty();
        }
        return Optional.of(() -> console.readPassword("CA key passphrase (not echoed): "));
    }

    /**
     * Console.isTerminal() (JDK 22+; on those, System.console() is not null under systemd or in a container either);
     * Sigil compiles for 21, where a console exists only on a terminal.
     */
    private static boolean isTerminal(java.io.Console console) {
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** How often each node recounts expiring certificates for its metrics. */
    static final Duration EXPIRY_REPORT_INTERVAL = Duration.ofMinutes(5);
    /** How often each node checks whether its OCSP responder certificates are due (more often for short lifetimes). */
    static final Duration OCSP_RENEWAL_CHECK = Duration.ofMinutes(10);
    /**
     * How long stopping waits for requests in progress (an issuance takes well under a second) before interrupting
     * them; the database closes only after. Behind a load balancer, a node stopped for a rolling restart finishes
     * what it started instead of stranding it.
     */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    /** What a start produced, for the banner and for tests. */
    public record Started(Path dataDir, Path rootPem, String rootFingerprint, boolean caCreated,
                          boolean adminTokenCreated, String passphraseOrigin, boolean passphraseGenerated,
                          String keyCustody) {
    }

    private final Database db;
    private final WebServer server;
    private final RelyingPartyListener relyingParty;
    private final Started started;
    private final Optional<AcmeModule> acme;
    private final SigilScheduler scheduler;
    private final NodeTimer nodeTimer;
    private final ManagedService managed;

    private SigilServer(Database db, WebServer server, RelyingPartyListener relyingParty, Started started,
                        Optional<AcmeModule> acme, SigilScheduler scheduler, NodeTimer nodeTimer, ManagedService managed) {
        this.managed = managed;
        this.scheduler = scheduler;
        this.nodeTimer = nodeTimer;
        this.db = db;
        this.server = server;
        this.relyingParty = relyingParty;
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
        SigilScheduler scheduler = null;
        NodeTimer nodeTimer = null;
        try {
            boolean firstStart = db.issuers().list().isEmpty();
            Path caDir = dataDir.resolve("ca");
            Passphrase.Resolved passphrase = Passphrase.resolve(config.string(ConfigKeys.KEY_PASSPHRASE),
                    config.string(ConfigKeys.KEY_PASSPHRASE_FILE).map(Path::of).orElse(caDir.resolve("passphrase")),
                    firstStart, terminalPrompt());
            CaUrls urls = new CaUrls(config.string(ConfigKeys.SERVER_PUBLIC_URL, "http://localhost:" + httpPort));
            // One custody for the X.509 and SSH CA keys: key files under the passphrase, or a PKCS#11 token (docs/HSM.md).
            KeyCustody custody = KeyCustodies.open(config, caDir, passphrase.value());
            CaSettings caSettings = CaSettings.from(config);
            // A token without Ed25519 defaults the SSH CAs to P-256; an unsupported type stops before anything is made.
            KeyType sshKeyType = KeyType.parse(config.string(ConfigKeys.SSH_KEY_TYPE,
                    custody.keyTypes().contains(KeyType.ED25519) ? "ED25519" : "EC_P256"));
            if (firstStart) {
                custody.requireSupported(caSettings.keyType(), ConfigKeys.CA_KEY_TYPE);
                custody.requireSupported(sshKeyType, ConfigKeys.SSH_KEY_TYPE);
            }
            CaBootstrap.Result ca = new CaBootstrap(db, custody, urls, clock, caDir).loadOrCreate(caSettings);

            SigilMetrics metrics = new SigilMetrics();
            metrics.bindConnectionPool(db.dataSource());
            Profiles profiles = Profiles.fromConfig(config);
            LeafSigner signer = new LeafSigner(urls);
            String node = config.string(ConfigKeys.NODE_NAME).orElseGet(SigilServer::defaultNodeName);
            CrlSettings crlSettings = CrlSettings.from(config);
            CrlPublisher crlPublisher = new CrlPublisher(db.certificates(), db.crls(), urls, crlSettings, metrics, node, clock);
            CrlService crls = new CrlService(ca.registry(), db.crls(), crlPublisher, clock);
            CrlPublishJob crlJob = new CrlPublishJob(ca.registry(), crlPublisher, crlSettings, metrics, clock);
            Optional<WebhookSettings> webhookSettings = WebhookSettings.from(config);
            Optional<WebhookNotifier> webhooks = webhookSettings.map(w -> new WebhookNotifier(db.webhooks(), clock));
            Notifier notifier = webhooks.<Notifier>map(w -> w).orElse(Notifier.NONE);
            WebhookDeliveryJob webhookJob = WebhookDeliveryJob.create(webhookSettings, db.webhooks(), metrics, clock);
            ExpiryNoticeJob expiryNoticeJob = ExpiryNoticeJob.create(webhookSettings, db.webhooks(), ca.registry(),
                    config.duration(ConfigKeys.CA_EXPIRY_WARNING, Duration.ofDays(180)), metrics, clock);
            IssuanceService issuance = new IssuanceService(ca.registry(), profiles, signer, db.ledger(), metrics, clock);
            RevocationService revocation = new RevocationService(db.certificates(), db.ledger(), crlJob, metrics, clock);
            TokenService tokens = new TokenService(db.tokens(), db.ledger(), clock);
            boolean adminCreated = tokens.ensureAdminToken(dataDir.resolve("admin-token"));
            Json json = new Json(new BodyReader(maxBody,
                    config.duration(ConfigKeys.SERVER_BODY_TIMEOUT, Duration.ofSeconds(30))));
            Problems problems = new Problems(json);
            Guard guard = new Guard(tokens, db.ledger(), clock);
            // SSH CA keys sit beside the X.509 ones, in the same custody (docs/SSH.md, docs/HSM.md).
            SshCas sshCas = new SshCaBootstrap(db.ssh(), custody, clock, caDir).loadOrCreate(sshKeyType);
            SshService ssh = new SshService(sshCas, SshPolicy.fromConfig(config), db.ssh(), db.ledger(), metrics, clock);
            KrlService krl = new KrlService(db.ssh(), sshCas);
            KrlPublishJob krlJob = new KrlPublishJob(db.ssh(), krl,
                    config.duration(ConfigKeys.SSH_KRL_PERIOD, Duration.ofHours(1)), metrics, clock);

            // The KEK file sits beside the CA keys and is copied with them to every node (docs/MANAGED.md).
            ManagedKeys managedKeys = ManagedKeys.open(caDir, passphrase.value(), db.managed());
            ManagedService managedService = new ManagedService(db.managed(), new ManagedIssuer(issuance, ca.registry(),
                    db.certificates(), managedKeys, clock), revocation, notifier, metrics, clock);
            ManagedRenewalJob managedJob = new ManagedRenewalJob(managedService,
                    config.duration(ConfigKeys.MANAGED_CHECK_INTERVAL, Duration.ofMinutes(1)), metrics);
            ServerTls serverTls = new ServerTls(managedService);
            Tls tls = serverTls.start(config.list(ConfigKeys.SERVER_HOSTNAMES).orElse(List.of()),
                    config.duration(ConfigKeys.SERVER_TLS_VALIDITY, Duration.ofDays(30)));
            Duration ocspSignerValidity = config.duration(ConfigKeys.OCSP_SIGNER_VALIDITY, Duration.ofDays(7));
            OcspSigners ocspSigners = OcspSigners.issue(ca.registry(), issuance, ocspSignerValidity, clock.instant());
            OcspResponder ocsp = new OcspResponder(ca.registry(), ocspSigners, db.certificates(),
                    config.duration(ConfigKeys.OCSP_VALIDITY, Duration.ofHours(1)), clock);

            Optional<AcmeModule> acme = config.bool(ConfigKeys.ACME_ENABLED, true)
                    ? Optional.of(AcmeModule.create(config, db, new AcmeModule.Ca(issuance, revocation, ca.registry(),
                            profiles, urls), guard, json, maxBody, httpsPort, clock).observe(metrics))
                    : Optional.empty();
            HttpRouting.Builder api = routing("https", metrics, problems)
                    .addFilter(new ClientLimits(config.integer(ConfigKeys.SERVER_MAX_REQUESTS_PER_CLIENT, 64), problems).filter())
                    .register("/api/v1", new CertificatesApi(issuance, revocation, db.certificates(), ca.registry(), guard, json, clock),
                            new CertificateRenewalApi(new CertificateRenewal(issuance, ca.registry(), profiles, clock),
                                    revocation, guard, json, clock),
                            new IssuersApi(ca.registry(), profiles, db.crls(), urls, guard, json),
                            new CrlsApi(ca.registry(), db.crls(), urls, guard, json),
                            new TokensApi(tokens, guard, json),
                            new ManagedApi(managedService, tokens, profiles, guard, json),
                            new AuditApi(db.audit(), guard, json),
                            new WebhooksApi(db.webhooks(), webhooks, guard, json, clock),
                            new SshApi(ssh, guard, json, clock));
            acme.ifPresent(a -> {
                AcmeAccounts accounts = new AcmeAccounts(db.acme(), revocation, db.ledger(),
                        a.directories().stream().map(AcmeDirectoryConfig::name).collect(Collectors.toSet()), clock);
                api.register("/api/v1/acme", a.adminApi(), new AcmeAccountsApi(accounts, guard, json, clock))
                        .register("/acme", a.http());
            });
            api.register("/api/v1", new HealthApi(new ServerHealth(db, ca.registry(), clock), json));
            // The relying-party listener is the JDK's server, not a Helidon socket: it must speak HTTP/1.0 (openssl).
            List<RelyingPartyListener.Service> pub = List.of(new PublicHttpService(ca.registry(), crls, clock),
                    new OcspHttpService(ocsp, clock), new SshHttpService(sshCas, krl));
            HttpRouting.Builder observe = routing("observe", metrics, problems)
                    .register(new ObserveService(db, ca.registry(), metrics, json, clock));
            for (HttpRouting.Builder r : List.of(api, observe)) {
                r.any((req, res) -> problems.send(res, SigilException.notFound("no such resource: " + req.path().path())));
            }

            Map<Class<? extends Job>, Job> jobs = new HashMap<>();
            jobs.put(CrlPublishJob.class, crlJob);
            jobs.put(ManagedRenewalJob.class, managedJob);
            jobs.put(WebhookDeliveryJob.class, webhookJob);
            jobs.put(ExpiryNoticeJob.class, expiryNoticeJob);
            jobs.put(KrlPublishJob.class, krlJob);
            scheduler = SigilScheduler.start(db.dataSource(), node, config.integer(ConfigKeys.SCHEDULER_THREADS, 2), jobs)
                    .observe(metrics);
            crlJob.schedule(scheduler);
            managedJob.schedule(scheduler);
            webhookJob.schedule(scheduler);
            expiryNoticeJob.schedule(scheduler);
            krlJob.schedule(scheduler);
            nodeTimer = new NodeTimer(metrics);
            // Well inside the signer's renewal point (2/3 of its lifetime), so an answer is never signed by an expired one.
            Duration renewalCheck = ocspSignerValidity.dividedBy(10).compareTo(OCSP_RENEWAL_CHECK) < 0
                    ? ocspSignerValidity.dividedBy(10) : OCSP_RENEWAL_CHECK;
            nodeTimer.every("ocsp-signer-renewal", renewalCheck, () -> ocspSigners.renewIfDue(clock.instant()));
            ExpiryReport expiry = new ExpiryReport(ca.registry(), db.certificates(), metrics,
                    config.duration(ConfigKeys.CA_EXPIRY_WARNING, Duration.ofDays(180)), clock);
            nodeTimer.every("expiry-report", EXPIRY_REPORT_INTERVAL, expiry::run);

            Duration idleTimeout = config.duration(ConfigKeys.SERVER_IDLE_TIMEOUT, Duration.ofSeconds(30));
            long maxPayload = 4L * maxBody; // hard transport limit; Json answers 413 above maxBody with a problem
            WebServer server = WebServer.builder()
                    .host(host).port(httpsPort).tls(tls).routing(api)
                    .maxPayloadSize(maxPayload)
                    .maxTcpConnections(config.integer(ConfigKeys.SERVER_MAX_CONNECTIONS, 10_000))
                    // Idle kept-alive connections are closed. Helidon 4.2's server has no read timeout
                    // (SocketOptions.readTimeout is for its clients): headers trickled after the request line are cut
                    // off by HeaderDeadline, bodies by BodyReader (both sigil.server.body-timeout).
                    // Helidon's own debug listeners (FINE: request and response lines and headers, which the
                    // redacting log filter cleans) are kept: configuring listeners replaces the defaults.
                    .addProtocol(Http1Config.builder()
                            .addReceiveListener(new HeaderDeadline(config.duration(ConfigKeys.SERVER_BODY_TIMEOUT,
                                    Duration.ofSeconds(30)), new Http1LoggingConnectionListener("recv")))
                            .addSendListener(new Http1LoggingConnectionListener("send"))
                            .build())
                    .idleConnectionTimeout(idleTimeout)
                    .idleConnectionPeriod(idleTimeout.dividedBy(4))
                    .directHandlers(problems.directHandlers())
                    // Helidon's default (500 ms) interrupts a finalize still issuing: the certificate is recorded
                    // but its order stays processing, and the database closes under the request. See close().
                    .shutdownGracePeriod(SHUTDOWN_GRACE)
                    .shutdownHook(false)
                    .putSocket("observe", l -> l.host(host).port(observePort).routing(observe)
                            .directHandlers(problems.directHandlers()))
                    .build()
                    .start();
            RelyingPartyListener relyingParty;
            try {
                relyingParty = RelyingPartyListener.start(host, httpPort, maxPayload, problems, metrics,
                        pub.toArray(RelyingPartyListener.Service[]::new));
            } catch (RuntimeException e) {
                server.stop();
                throw e;
            }
            // Whichever node renewed sigil-https, every node picks the new version up on its own listener.
            nodeTimer.every("https-reload", config.duration(ConfigKeys.SERVER_TLS_RELOAD_CHECK, ServerTls.DEFAULT_RELOAD_CHECK),
                    () -> serverTls.reloadIfRenewed(server));
            LOG.log(System.Logger.Level.INFO, "Sigil listening: https {0,number,#}, http {1,number,#}, observe {2,number,#} ({3})",
                    httpsPort, httpPort, observePort, db.productName());
            return new SigilServer(db, server, relyingParty, new Started(dataDir, ca.rootPem(), ca.rootFingerprint(), ca.created(),
                    adminCreated, passphrase.origin(), passphrase.generated(), custody.location()), acme, scheduler, nodeTimer,
                    managedService);
        } catch (RuntimeException e) {
            if (nodeTimer != null) {
                nodeTimer.close();
            }
            if (scheduler != null) {
                scheduler.close();
            }
            db.close();
            throw e;
        }
    }

    /** Unique per process, readable in QRTZ_SCHEDULER_STATE and on published CRLs. */
    private static String defaultNodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "sigil";
        }
        return host + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
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
        return relyingParty.port();
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

    /** Managed certificates (Sigil holds the keys and renews them), for the admin API and tests. */
    public ManagedService managed() {
        return managed;
    }

    /** The ACME front end, unless {@code sigil.acme.enabled} is false. */
    public Optional<AcmeModule> acme() {
        return acme;
    }

    @Override
    public void close() {
        try {
            try {
                relyingParty.close();
            } finally {
                server.stop();
            }
        } finally {
            try {
                nodeTimer.close();
                scheduler.close(); // waits for a running job, which may still need the database
                acme.ifPresent(AcmeModule::close);
            } finally {
                db.close();
            }
        }
    }
}
