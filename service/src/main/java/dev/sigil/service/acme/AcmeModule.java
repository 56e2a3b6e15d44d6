package dev.sigil.service.acme;

import dev.sigil.acme.AcmeFrontEnd;
import dev.sigil.acme.AcmeSettings;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.acme.ratelimit.RateLimit;
import dev.sigil.acme.ratelimit.RateLimitSettings;
import dev.sigil.acme.validation.ChallengeValidators;
import dev.sigil.acme.validation.ValidationSettings;
import dev.sigil.service.api.Guard;
import dev.sigil.service.api.Json;
import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.issuance.IssuanceService;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.ca.x509.CaUrls;
import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.Durations;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.storage.Database;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wires the ACME front end (module {@code acme}) to Sigil: directories from {@code sigil.acme.*}, the CA port
 * implementation, the challenge validators, the Helidon adapter for {@code /acme}, and the operator API for
 * directories and EAB keys. {@link dev.sigil.service.SigilServer} registers what this builds.
 */
public final class AcmeModule implements AutoCloseable {

    /** On close, beyond the validation time limit: time for a finished validation to record its outcome. */
    static final Duration VALIDATION_RECORD_MARGIN = Duration.ofSeconds(2);
    /** A finalize or validation processing longer than this was abandoned (its node died); see AcmeTidy. */
    static final Duration DEFAULT_PROCESSING_TIMEOUT = Duration.ofMinutes(5);
    private static final System.Logger LOG = System.getLogger(AcmeModule.class.getName());

    private final List<AcmeDirectoryConfig> directories;
    private final ChallengeValidators validators;
    private final AcmeFrontEnd frontEnd;
    private final AcmeHttpService http;
    private final AcmeAdminApi adminApi;
    private final AcmeTidy tidy;
    private final Duration validationDrain;

    private AcmeModule(List<AcmeDirectoryConfig> directories, ChallengeValidators validators, AcmeFrontEnd frontEnd,
                       AcmeHttpService http, AcmeAdminApi adminApi, AcmeTidy tidy, Duration validationDrain) {
        this.directories = directories;
        this.validators = validators;
        this.frontEnd = frontEnd;
        this.http = http;
        this.adminApi = adminApi;
        this.tidy = tidy;
        this.validationDrain = validationDrain;
    }

    /** The pieces of the CA the ACME front end reaches through its port. */
    public record Ca(IssuanceService issuance, RevocationService revocation, IssuerRegistry issuers, Profiles profiles,
                     CaUrls urls) {
    }

    /**
     * @param httpsPort the HTTPS listener's port, for the directory URLs the operator API shows
     * @throws IllegalArgumentException naming a bad {@code sigil.acme.*} setting
     */
    /** Feeds ACME request and validation outcomes to {@code metrics}; returns this module. */
    public AcmeModule observe(SigilMetrics metrics) {
        http.observe(new AcmeRequestMetrics(metrics));
        validators.onOutcome((type, result) -> metrics.acmeValidation(type, result.valid(),
                result.problem().map(p -> p.type().uri().substring(ProblemType.PREFIX.length())).orElse("none")));
        return this;
    }

    public static AcmeModule create(SigilConfig config, Database db, Ca ca, Guard guard, Json json, int maxBody,
                                    int httpsPort, Clock clock) {
        List<AcmeDirectoryConfig> dirs = AcmeDirectoryConfig.fromConfig(config, ca.profiles());
        Map<String, AcmeDirectoryConfig> byName = new LinkedHashMap<>();
        dirs.forEach(d -> byName.put(d.name(), d));
        Optional<String> publicUrl = config.string(ConfigKeys.ACME_PUBLIC_URL);

        AcmeSettings.Builder settings = AcmeSettings.builder()
                .maxBodyBytes(maxBody)
                .nonceLifetime(config.duration(ConfigKeys.ACME_NONCE_LIFETIME, AcmeSettings.DEFAULT_NONCE_LIFETIME))
                .rateLimits(new RateLimitSettings(
                        rate(config, ConfigKeys.ACME_RATE_NEW_ACCOUNT, RateLimitSettings.DEFAULT_NEW_ACCOUNTS_PER_IP),
                        rate(config, ConfigKeys.ACME_RATE_NEW_ORDER, RateLimitSettings.DEFAULT_NEW_ORDERS_PER_ACCOUNT),
                        rate(config, ConfigKeys.ACME_RATE_NEW_ORDER_IP, RateLimitSettings.DEFAULT_NEW_ORDERS_PER_IP),
                        rate(config, ConfigKeys.ACME_RATE_FAILED_VALIDATIONS,
                                RateLimitSettings.DEFAULT_FAILED_VALIDATIONS_PER_ACCOUNT)));
        publicUrl.ifPresent(settings::baseUrl);
        Duration orderLifetime = config.duration(ConfigKeys.ACME_ORDER_LIFETIME, DirectorySettings.DEFAULT_ORDER_LIFETIME);
        Duration authzLifetime = config.duration(ConfigKeys.ACME_AUTHZ_LIFETIME, DirectorySettings.DEFAULT_AUTHORIZATION_LIFETIME);
        Duration validAuthz = config.duration(ConfigKeys.ACME_VALID_AUTHZ_LIFETIME,
                DirectorySettings.DEFAULT_VALID_AUTHORIZATION_LIFETIME);
        for (AcmeDirectoryConfig d : dirs) {
            // The port's "profile" is the directory name: the adapter maps it to the directory's effective profile.
            DirectorySettings.Builder b = DirectorySettings.builder(d.name(), d.name())
                    .eabRequired(d.eabRequired())
                    .challengeTypes(d.challenges())
                    .caaIdentities(d.caaIdentities())
                    .orderLifetime(orderLifetime)
                    .authorizationLifetime(authzLifetime)
                    .validAuthorizationLifetime(validAuthz)
                    .maxCertificateLifetime(d.profile().maxLifetime());
            d.termsOfService().ifPresent(b::termsOfService);
            d.website().ifPresent(b::website);
            settings.directory(b.build());
        }

        ValidationSettings v = ValidationSettings.defaults();
        ValidationSettings validation = new ValidationSettings(
                config.string(ConfigKeys.ACME_VALIDATION_DNS_RESOLVER).map(AcmeModule::hostPort),
                config.integer(ConfigKeys.ACME_VALIDATION_HTTP_PORT, v.httpPort()),
                config.integer(ConfigKeys.ACME_VALIDATION_TLS_ALPN_PORT, v.tlsAlpnPort()),
                config.duration(ConfigKeys.ACME_VALIDATION_TIMEOUT, v.timeout()),
                config.integer(ConfigKeys.ACME_VALIDATION_MAX_CONCURRENT, v.maxConcurrent()));
        ChallengeValidators validators = new ChallengeValidators(validation);
        AcmeCertificateAuthority port = new AcmeCertificateAuthority(byName, ca.issuance(), ca.revocation(),
                db.certificates(), ca.issuers(), ca.urls());
        AcmeFrontEnd frontEnd = new AcmeFrontEnd(settings.build(), db.acme(), port, validators, clock);
        AcmeHttpService http = new AcmeHttpService(frontEnd, publicUrl, json.bodies());
        RenewalOverrides renewals = new RenewalOverrides(db.acme(), db.certificates(), clock);
        AcmeAdminApi admin = new AcmeAdminApi(dirs, new EabKeys(db.acme(), byName, clock), renewals, guard, json,
                publicUrl.orElse("https://localhost:" + httpsPort));
        Duration processingTimeout = config.duration(ConfigKeys.ACME_PROCESSING_TIMEOUT, DEFAULT_PROCESSING_TIMEOUT);
        if (processingTimeout.compareTo(validation.timeout().plus(VALIDATION_RECORD_MARGIN)) <= 0) {
            throw new IllegalArgumentException(ConfigKeys.ACME_PROCESSING_TIMEOUT + " must exceed "
                    + ConfigKeys.ACME_VALIDATION_TIMEOUT + " plus " + VALIDATION_RECORD_MARGIN.toSeconds() + "s");
        }
        AcmeTidy tidy = AcmeTidy.start(db.acme(), config.duration(ConfigKeys.ACME_TIDY_INTERVAL, Duration.ofMinutes(5)),
                processingTimeout, clock);
        return new AcmeModule(dirs, validators, frontEnd, http, admin, tidy,
                validation.timeout().plus(VALIDATION_RECORD_MARGIN));
    }

    private static RateLimit rate(SigilConfig config, String key, RateLimit fallback) {
        return config.string(key).map(v -> {
            int slash = v.indexOf('/');
            try {
                if (slash < 0) {
                    throw new IllegalArgumentException("missing '/'");
                }
                return new RateLimit(Integer.parseInt(v.substring(0, slash).trim()), Durations.parse(v.substring(slash + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + " must be COUNT/PERIOD (e.g. 300/1m), was '" + v + "'");
            }
        }).orElse(fallback);
    }

    private static InetSocketAddress hostPort(String value) {
        int colon = value.lastIndexOf(':');
        try {
            String host = colon < 0 ? value : value.substring(0, colon);
            int port = colon < 0 ? 53 : Integer.parseInt(value.substring(colon + 1));
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new InetSocketAddress(host, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigKeys.ACME_VALIDATION_DNS_RESOLVER + " must be HOST:PORT, was '"
                    + value + "'");
        }
    }

    public List<AcmeDirectoryConfig> directories() {
        return directories;
    }

    public AcmeFrontEnd frontEnd() {
        return frontEnd;
    }

    /** The handler for {@code /acme} on the HTTPS listener. */
    public AcmeHttpService http() {
        return http;
    }

    /** The operator API, registered under {@code /api/v1/acme}. */
    public AcmeAdminApi adminApi() {
        return adminApi;
    }

    /** The housekeeping task (expired nonces, lapsed orders and authorizations). */
    public AcmeTidy tidy() {
        return tidy;
    }

    @Override
    public void close() {
        try {
            tidy.close();
            awaitValidations();
        } finally {
            validators.close();
        }
    }

    /**
     * Lets running validations finish and record their outcome before the validators stop. Stopping them midway
     * would leave each challenge in processing (no node ever finishes it, and new orders reuse its pending
     * authorization until that expires) or record a failure the client did not cause: on a rolling restart of a
     * cluster, every node's close comes here.
     */
    private void awaitValidations() {
        try {
            frontEnd.validations().get(validationDrain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "validations still running after {0}; stopping them", validationDrain);
        } catch (ExecutionException e) {
            // a failed recording was logged where it failed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
