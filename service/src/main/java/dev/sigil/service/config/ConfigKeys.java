package dev.sigil.service.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every configuration key Sigil reads, with its default and meaning. This list is the single source of truth:
 * {@link SigilConfig} refuses to read a key that is not here, environment variables are mapped from it, and the
 * deploy module's tests check that the shipped configs set only keys listed here.
 *
 * <p>Keys are YAML paths under {@code sigil:}. A {@code *} segment matches one name (e.g. a profile name).
 * The environment variable of a key is its upper-case form with {@code .} and {@code -} as {@code _}:
 * {@code sigil.db.url} is {@code SIGIL_DB_URL}, {@code sigil.profiles.server.max-lifetime} is
 * {@code SIGIL_PROFILES_SERVER_MAX_LIFETIME}.
 */
public final class ConfigKeys {

    /** One documented key. */
    public record Key(String name, String defaultValue, String description) {
        public Key {
            if (!name.matches("sigil(\\.([a-z0-9-]+|\\*))+")) {
                throw new IllegalArgumentException("bad key name " + name);
            }
        }

        /** True if {@code candidate} is this key (with {@code *} matching one segment). */
        public boolean matches(String candidate) {
            return pattern().matcher(candidate).matches();
        }

        Pattern pattern() {
            return Pattern.compile(name.replace(".", "\\.").replace("*", "[a-z0-9-]+"));
        }

        /** The environment variable pattern of this key. */
        Pattern envPattern() {
            String upper = name.toUpperCase(Locale.ROOT).replace('-', '_').replace(".", "_");
            return Pattern.compile(upper.replace("*", "([A-Z0-9_]+?)"));
        }
    }

    public static final String DATA_DIR = "sigil.data-dir";
    public static final String DB_URL = "sigil.db.url";
    public static final String DB_USER = "sigil.db.user";
    public static final String DB_PASSWORD = "sigil.db.password";
    public static final String DB_POOL_SIZE = "sigil.db.pool-size";
    public static final String KEY_PASSPHRASE = "sigil.key.passphrase";
    public static final String KEY_PASSPHRASE_FILE = "sigil.key.passphrase-file";
    public static final String KEY_CUSTODY = "sigil.key.custody";
    public static final String KEY_PKCS11_LIBRARY = "sigil.key.pkcs11.library";
    public static final String KEY_PKCS11_SLOT = "sigil.key.pkcs11.slot";
    public static final String KEY_PKCS11_SLOT_INDEX = "sigil.key.pkcs11.slot-index";
    public static final String KEY_PKCS11_PIN = "sigil.key.pkcs11.pin";
    public static final String KEY_PKCS11_PIN_FILE = "sigil.key.pkcs11.pin-file";
    public static final String CA_KEY_TYPE = "sigil.ca.key-type";
    public static final String CA_ROOT_NAME = "sigil.ca.root-name";
    public static final String CA_INTERMEDIATE_NAME = "sigil.ca.intermediate-name";
    public static final String CA_ORGANIZATION = "sigil.ca.organization";
    public static final String CA_ROOT_VALIDITY = "sigil.ca.root-validity";
    public static final String CA_INTERMEDIATE_VALIDITY = "sigil.ca.intermediate-validity";
    public static final String CA_EXPIRY_WARNING = "sigil.ca.expiry-warning";
    public static final String CRL_VALIDITY = "sigil.crl.validity";
    public static final String CRL_PERIOD = "sigil.crl.period";
    public static final String CRL_REVOCATION_DELAY = "sigil.crl.revocation-delay";
    public static final String CRL_RETENTION = "sigil.crl.retention";
    public static final String CRL_DELTA_ENABLED = "sigil.crl.delta.enabled";
    public static final String CRL_DELTA_VALIDITY = "sigil.crl.delta.validity";
    public static final String CRL_DELTA_MAX_ENTRIES = "sigil.crl.delta.max-entries";
    public static final String NODE_NAME = "sigil.node.name";
    public static final String LOG_FORMAT = "sigil.log.format";
    public static final String SCHEDULER_THREADS = "sigil.scheduler.threads";
    public static final String OCSP_VALIDITY = "sigil.ocsp.validity";
    public static final String OCSP_SIGNER_VALIDITY = "sigil.ocsp.signer-validity";
    public static final String WEBHOOK_URL = "sigil.webhook.url";
    public static final String WEBHOOK_SECRET = "sigil.webhook.secret";
    public static final String WEBHOOK_SECRET_FILE = "sigil.webhook.secret-file";
    public static final String WEBHOOK_MAX_ATTEMPTS = "sigil.webhook.max-attempts";
    public static final String WEBHOOK_TIMEOUT = "sigil.webhook.timeout";
    public static final String WEBHOOK_RETRY_BASE = "sigil.webhook.retry-base";
    public static final String WEBHOOK_POLL_INTERVAL = "sigil.webhook.poll-interval";
    public static final String EXPIRY_NOTICE_WINDOWS = "sigil.expiry.notice-windows";
    public static final String EXPIRY_CHECK_INTERVAL = "sigil.expiry.check-interval";
    public static final String EXPIRY_EXCLUDED_PROFILES = "sigil.expiry.excluded-profiles";
    public static final String SERVER_HOST = "sigil.server.host";
    public static final String SERVER_HTTPS_PORT = "sigil.server.https-port";
    public static final String SERVER_HTTP_PORT = "sigil.server.http-port";
    public static final String SERVER_OBSERVE_PORT = "sigil.server.observe-port";
    public static final String SERVER_HOSTNAMES = "sigil.server.hostnames";
    public static final String SERVER_PUBLIC_URL = "sigil.server.public-url";
    public static final String SERVER_TLS_VALIDITY = "sigil.server.tls-validity";
    public static final String SERVER_TLS_RELOAD_CHECK = "sigil.server.tls-reload-check";
    public static final String MANAGED_CHECK_INTERVAL = "sigil.managed.check-interval";
    public static final String SERVER_MAX_BODY = "sigil.server.max-body";
    public static final String SERVER_IDLE_TIMEOUT = "sigil.server.idle-timeout";
    public static final String SERVER_BODY_TIMEOUT = "sigil.server.body-timeout";
    public static final String SERVER_MAX_CONNECTIONS = "sigil.server.max-connections";
    public static final String SERVER_MAX_REQUESTS_PER_CLIENT = "sigil.server.max-requests-per-client";
    public static final String PROFILE_DEFAULT_LIFETIME = "sigil.profiles.*.default-lifetime";
    public static final String PROFILE_MAX_LIFETIME = "sigil.profiles.*.max-lifetime";
    public static final String PROFILE_KEY_TYPES = "sigil.profiles.*.key-types";
    public static final String PROFILE_ALLOWED_DNS = "sigil.profiles.*.allowed-dns-suffixes";
    public static final String PROFILE_DENIED_DNS = "sigil.profiles.*.denied-dns-suffixes";
    public static final String PROFILE_ALLOWED_IPS = "sigil.profiles.*.allowed-ip-ranges";
    public static final String PROFILE_DENIED_IPS = "sigil.profiles.*.denied-ip-ranges";
    public static final String ACME_ENABLED = "sigil.acme.enabled";
    public static final String ACME_PUBLIC_URL = "sigil.acme.public-url";
    public static final String ACME_NONCE_LIFETIME = "sigil.acme.nonce-lifetime";
    public static final String ACME_TIDY_INTERVAL = "sigil.acme.tidy-interval";
    public static final String ACME_PROCESSING_TIMEOUT = "sigil.acme.processing-timeout";
    public static final String ACME_ORDER_LIFETIME = "sigil.acme.order-lifetime";
    public static final String ACME_AUTHZ_LIFETIME = "sigil.acme.authorization-lifetime";
    public static final String ACME_VALID_AUTHZ_LIFETIME = "sigil.acme.valid-authorization-lifetime";
    public static final String ACME_VALIDATION_DNS_RESOLVER = "sigil.acme.validation.dns-resolver";
    public static final String ACME_VALIDATION_HTTP_PORT = "sigil.acme.validation.http-port";
    public static final String ACME_VALIDATION_TLS_ALPN_PORT = "sigil.acme.validation.tls-alpn-port";
    public static final String ACME_VALIDATION_TIMEOUT = "sigil.acme.validation.timeout";
    public static final String ACME_VALIDATION_MAX_CONCURRENT = "sigil.acme.validation.max-concurrent";
    public static final String ACME_RATE_NEW_ACCOUNT = "sigil.acme.rate-limits.new-accounts-per-ip";
    public static final String ACME_RATE_NEW_ORDER = "sigil.acme.rate-limits.new-orders-per-account";
    public static final String ACME_RATE_NEW_ORDER_IP = "sigil.acme.rate-limits.new-orders-per-ip";
    public static final String ACME_RATE_FAILED_VALIDATIONS = "sigil.acme.rate-limits.failed-validations-per-account";
    public static final String ACME_DIR_ENABLED = "sigil.acme.directories.*.enabled";
    public static final String ACME_DIR_PROFILE = "sigil.acme.directories.*.profile";
    public static final String ACME_DIR_CHALLENGES = "sigil.acme.directories.*.challenges";
    public static final String ACME_DIR_LIFETIME = "sigil.acme.directories.*.lifetime";
    public static final String ACME_DIR_MAX_LIFETIME = "sigil.acme.directories.*.max-lifetime";
    public static final String ACME_DIR_KEY_TYPES = "sigil.acme.directories.*.key-types";
    public static final String ACME_DIR_ALLOWED_DNS = "sigil.acme.directories.*.allowed-dns-suffixes";
    public static final String ACME_DIR_DENIED_DNS = "sigil.acme.directories.*.denied-dns-suffixes";
    public static final String ACME_DIR_ALLOWED_IPS = "sigil.acme.directories.*.allowed-ip-ranges";
    public static final String ACME_DIR_DENIED_IPS = "sigil.acme.directories.*.denied-ip-ranges";
    public static final String ACME_DIR_EAB_REQUIRED = "sigil.acme.directories.*.eab-required";
    public static final String ACME_DIR_TOS = "sigil.acme.directories.*.terms-of-service";
    public static final String ACME_DIR_WEBSITE = "sigil.acme.directories.*.website";
    public static final String ACME_DIR_CAA = "sigil.acme.directories.*.caa-identities";
    public static final String SSH_KEY_TYPE = "sigil.ssh.key-type";
    public static final String SSH_KRL_PERIOD = "sigil.ssh.krl.period";
    public static final String SSH_USER_DEFAULT_TTL = "sigil.ssh.user.default-ttl";
    public static final String SSH_USER_MAX_TTL = "sigil.ssh.user.max-ttl";
    public static final String SSH_USER_PRINCIPALS = "sigil.ssh.user.principals";
    public static final String SSH_USER_DENIED_PRINCIPALS = "sigil.ssh.user.denied-principals";
    public static final String SSH_USER_EXTENSIONS = "sigil.ssh.user.extensions";
    public static final String SSH_USER_ALLOWED_EXTENSIONS = "sigil.ssh.user.allowed-extensions";
    public static final String SSH_USER_CRITICAL_OPTIONS = "sigil.ssh.user.critical-options";
    public static final String SSH_USER_KEY_TYPES = "sigil.ssh.user.key-types";
    public static final String SSH_HOST_DEFAULT_TTL = "sigil.ssh.host.default-ttl";
    public static final String SSH_HOST_MAX_TTL = "sigil.ssh.host.max-ttl";
    public static final String SSH_HOST_PRINCIPALS = "sigil.ssh.host.principals";
    public static final String SSH_HOST_DENIED_PRINCIPALS = "sigil.ssh.host.denied-principals";
    public static final String SSH_HOST_KEY_TYPES = "sigil.ssh.host.key-types";
    public static final String SSH_POLICY_TYPE = "sigil.ssh.policies.*.type";
    public static final String SSH_POLICY_PRINCIPALS = "sigil.ssh.policies.*.principals";
    public static final String SSH_POLICY_DENIED_PRINCIPALS = "sigil.ssh.policies.*.denied-principals";
    public static final String SSH_POLICY_DEFAULT_TTL = "sigil.ssh.policies.*.default-ttl";
    public static final String SSH_POLICY_MAX_TTL = "sigil.ssh.policies.*.max-ttl";
    public static final String SSH_POLICY_EXTENSIONS = "sigil.ssh.policies.*.extensions";
    public static final String SSH_POLICY_ALLOWED_EXTENSIONS = "sigil.ssh.policies.*.allowed-extensions";
    public static final String SSH_POLICY_CRITICAL_OPTIONS = "sigil.ssh.policies.*.critical-options";
    public static final String SSH_POLICY_KEY_TYPES = "sigil.ssh.policies.*.key-types";
    public static final String SSH_POLICY_ROLES = "sigil.ssh.policies.*.roles";

    private static final List<Key> KEYS = List.of(
            new Key(DATA_DIR, "data", "Directory for the embedded database, CA key files, root.pem and admin-token."),
            new Key(DB_URL, "(embedded H2 under data-dir)", "JDBC URL; jdbc:mariadb://host:3306/sigil for production."),
            new Key(DB_USER, "", "Database user."),
            new Key(DB_PASSWORD, "", "Database password (prefer the SIGIL_DB_PASSWORD environment variable)."),
            new Key(DB_POOL_SIZE, "16", "Maximum database connections."),
            new Key(KEY_PASSPHRASE, "", "Passphrase of the CA key files (prefer SIGIL_KEY_PASSPHRASE or a passphrase file)."),
            new Key(KEY_PASSPHRASE_FILE, "(data-dir)/ca/passphrase", "File holding the CA key passphrase; created with mode 0600 on a zero-config first start."),
            new Key(KEY_CUSTODY, "file", "Where CA keys (X.509 and SSH) are generated and kept: file (encrypted key files in data/ca) or pkcs11 (an HSM token through SunPKCS11, docs/HSM.md). Chosen before the first start."),
            new Key(KEY_PKCS11_LIBRARY, "", "PKCS#11 module of the token, e.g. /usr/lib/softhsm/libsofthsm2.so (required with custody pkcs11)."),
            new Key(KEY_PKCS11_SLOT, "", "Slot ID of the token (as softhsm2-util --show-slots or pkcs11-tool -L print it); else slot-index."),
            new Key(KEY_PKCS11_SLOT_INDEX, "0", "Index of the token in the module's slot list, used when no slot ID is set."),
            new Key(KEY_PKCS11_PIN, "", "User PIN of the token (prefer SIGIL_KEY_PKCS11_PIN or a PIN file); never logged."),
            new Key(KEY_PKCS11_PIN_FILE, "", "File (mode 0600) holding the token's user PIN."),
            new Key(CA_KEY_TYPE, "EC_P256", "Key type of a new root and intermediate: EC_P256, EC_P384, RSA_2048, RSA_3072, RSA_4096, ED25519."),
            new Key(CA_ROOT_NAME, "Sigil Root CA", "Common name of a new root CA."),
            new Key(CA_INTERMEDIATE_NAME, "Sigil Issuing CA 1", "Common name of a new issuing intermediate."),
            new Key(CA_ORGANIZATION, "", "Organization (O=) of new CA certificates; empty to omit."),
            new Key(CA_ROOT_VALIDITY, "3650d", "Lifetime of a new root CA."),
            new Key(CA_INTERMEDIATE_VALIDITY, "1825d", "Lifetime of a new intermediate CA."),
            new Key(CA_EXPIRY_WARNING, "180d", "A CA certificate closer than this to its notAfter is logged and exported (sigil_ca_renewal_due) as due for rotation."),
            new Key(CRL_VALIDITY, "1d", "nextUpdate - thisUpdate of CRLs served at the CDP URL."),
            new Key(CRL_PERIOD, "1h", "A new CRL is published when the latest is this old; must be shorter than the validity (overlap = validity - period)."),
            new Key(CRL_REVOCATION_DELAY, "5s", "After a revocation a delta CRL (a full CRL with deltas off) is published at the end of a window this long; a burst of revocations yields one CRL."),
            new Key(CRL_RETENTION, "7d", "How long a revoked certificate stays on the CRL after it expired (the inventory keeps it regardless)."),
            new Key(CRL_DELTA_ENABLED, "true", "Publish delta CRLs (docs/CRL.md): after a revocation a small delta of the latest full CRL, instead of a new full CRL."),
            new Key(CRL_DELTA_VALIDITY, "2 x period (at most the validity)", "nextUpdate - thisUpdate of delta CRLs; must be longer than sigil.crl.period and at most sigil.crl.validity."),
            new Key(CRL_DELTA_MAX_ENTRIES, "10000", "A delta that would list more revocations than this is replaced by a new full CRL."),
            new Key(NODE_NAME, "(host name)-(random)", "This node's name in the scheduler's cluster table and on the CRLs it publishes; unique per process."),
            new Key(LOG_FORMAT, "text", "Log lines on stderr: text (one line per record) or json (one JSON object per line: time, level, logger, thread, message, error, stack)."),
            new Key(SCHEDULER_THREADS, "2", "Threads running scheduled jobs (CRL publication) on this node."),
            new Key(OCSP_VALIDITY, "1h", "nextUpdate - thisUpdate of OCSP responses (and the longest HTTP max-age of GET answers)."),
            new Key(OCSP_SIGNER_VALIDITY, "7d", "Lifetime of each issuer's delegated OCSP responder certificate (in-memory key, renewed after 2/3 of it)."),
            new Key(WEBHOOK_URL, "", "http(s) URL that receives webhook events (docs/WEBHOOKS.md); empty switches webhooks and expiry notices off."),
            new Key(WEBHOOK_SECRET, "", "HMAC-SHA256 key signing webhook requests, at least 16 characters (prefer SIGIL_WEBHOOK_SECRET or a secret file); required with a URL."),
            new Key(WEBHOOK_SECRET_FILE, "", "File holding the webhook signing secret (alternative to sigil.webhook.secret; set one of them)."),
            new Key(WEBHOOK_MAX_ATTEMPTS, "12", "Attempts per webhook delivery before it is marked FAILED."),
            new Key(WEBHOOK_TIMEOUT, "10s", "Connect and response time limit of one webhook attempt."),
            new Key(WEBHOOK_RETRY_BASE, "30s", "Delay after the first failed attempt; doubles per attempt, with jitter, capped at 1h."),
            new Key(WEBHOOK_POLL_INTERVAL, "10s", "How often the cluster looks for due webhook deliveries (one node sends them)."),
            new Key(EXPIRY_NOTICE_WINDOWS, "30d,7d,1d", "A certificate.expiring event is sent once per certificate for each window its notAfter enters (needs a webhook URL)."),
            new Key(EXPIRY_CHECK_INTERVAL, "1h", "How often the cluster looks for certificates entering a notice window."),
            new Key(EXPIRY_EXCLUDED_PROFILES, "", "Profiles that get no expiry notices, besides the self-renewing internal ones (ocsp-signer, sigil-tls)."),
            new Key(SERVER_HOST, "0.0.0.0", "Address the listeners bind to."),
            new Key(SERVER_HTTPS_PORT, "8443", "HTTPS listener (admin API, ACME). 0 picks a free port."),
            new Key(SERVER_HTTP_PORT, "8080", "HTTP listener (CRLs, CA certificates). 0 picks a free port."),
            new Key(SERVER_OBSERVE_PORT, "9090", "Observability listener (/health, /metrics). 0 picks a free port."),
            new Key(SERVER_HOSTNAMES, "localhost", "Names (and IPs) in Sigil's own TLS certificate, besides localhost, 127.0.0.1 and ::1. Comma-separated in the environment."),
            new Key(SERVER_PUBLIC_URL, "http://localhost:(http-port)", "Base URL of the HTTP listener as relying parties reach it; used in CDP and AIA URLs."),
            new Key(SERVER_TLS_VALIDITY, "30d", "Lifetime of Sigil's own TLS server certificate (the managed certificate sigil-https, renewed at 2/3 of it)."),
            new Key(SERVER_TLS_RELOAD_CHECK, "30s", "How often each node looks for a renewed sigil-https version and reloads its HTTPS listener with it."),
            new Key(MANAGED_CHECK_INTERVAL, "1m", "How often the cluster renews due managed certificates and revokes superseded ones (one node runs it)."),
            new Key(SERVER_MAX_BODY, "65536", "Largest request body accepted, in bytes."),
            new Key(SERVER_IDLE_TIMEOUT, "30s", "HTTPS listener: a kept-alive connection idle between requests this long is closed."),
            new Key(SERVER_BODY_TIMEOUT, "30s", "HTTPS listener: a request's headers must arrive within this long of its request line, and its body within this long of its headers; a client that stalls or trickles them is disconnected."),
            new Key(SERVER_MAX_CONNECTIONS, "10000", "HTTPS listener: TCP connections held at once; further clients wait in the accept backlog."),
            new Key(SERVER_MAX_REQUESTS_PER_CLIENT, "64", "HTTPS listener: requests in progress at once per client IP address; beyond it 429 with Retry-After (0: no limit)."),
            new Key(PROFILE_DEFAULT_LIFETIME, "(per profile)", "Lifetime when the request names none."),
            new Key(PROFILE_MAX_LIFETIME, "(per profile)", "Longest lifetime the profile allows; longer requests are refused."),
            new Key(PROFILE_KEY_TYPES, "EC_P256,EC_P384,RSA_2048,RSA_3072,RSA_4096,ED25519", "Leaf key types the profile accepts."),
            new Key(PROFILE_ALLOWED_DNS, "localhost,.internal,.local,.lan,.home.arpa,.test", "DNS names allowed: an exact name, or a suffix starting with a dot. Empty list allows none."),
            new Key(PROFILE_DENIED_DNS, "", "DNS names denied (same syntax); deny wins over allow."),
            new Key(PROFILE_ALLOWED_IPS, "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7", "IP ranges (CIDR) allowed in IP SANs."),
            new Key(PROFILE_DENIED_IPS, "", "IP ranges denied; deny wins over allow."),
            new Key(ACME_ENABLED, "true", "Serve ACME under /acme/{directory}/ on the HTTPS listener."),
            new Key(ACME_PUBLIC_URL, "https://(Host header of the request)", "Base URL ACME clients reach the HTTPS listener at (e.g. behind a TLS-passthrough load balancer: https://ca.example.internal). Directory URLs and the JWS url check use it."),
            new Key(ACME_NONCE_LIFETIME, "1h", "How long an unused Replay-Nonce stays valid."),
            new Key(ACME_TIDY_INTERVAL, "5m", "How often each node deletes expired nonces and marks lapsed pending orders and authorizations (idempotent across nodes)."),
            new Key(ACME_PROCESSING_TIMEOUT, "5m", "An order (finalize) or challenge (validation) still processing after this was abandoned by a node that died; housekeeping fails it with serverInternal. Must exceed sigil.acme.validation.timeout plus its recording margin."),
            new Key(ACME_ORDER_LIFETIME, "7d", "How long a new order may stay pending or ready."),
            new Key(ACME_AUTHZ_LIFETIME, "7d", "How long a pending authorization waits for its challenge."),
            new Key(ACME_VALID_AUTHZ_LIFETIME, "30d", "How long a validated authorization lasts and is reused for the same account's new orders."),
            new Key(ACME_VALIDATION_DNS_RESOLVER, "(system resolver)", "DNS server (host:port) used to resolve names and TXT records during validation."),
            new Key(ACME_VALIDATION_HTTP_PORT, "80", "Port dialled for http-01 (RFC 8555 says 80; tests use a loopback port)."),
            new Key(ACME_VALIDATION_TLS_ALPN_PORT, "443", "Port dialled for tls-alpn-01 (RFC 8737 says 443)."),
            new Key(ACME_VALIDATION_TIMEOUT, "10s", "Time limit of one validation attempt."),
            new Key(ACME_VALIDATION_MAX_CONCURRENT, "16", "Validations run at once on this node; more wait their turn."),
            new Key(ACME_RATE_NEW_ACCOUNT, "300/1m", "New accounts per client IP, as COUNT/PERIOD (token bucket, per node); beyond it: rateLimited with Retry-After."),
            new Key(ACME_RATE_NEW_ORDER, "300/1m", "New orders per account (COUNT/PERIOD, per node)."),
            new Key(ACME_RATE_NEW_ORDER_IP, "3000/1m", "New orders per client IP (COUNT/PERIOD, per node)."),
            new Key(ACME_RATE_FAILED_VALIDATIONS, "300/1h", "Failed validations per account (COUNT/PERIOD, per node); when used up, challenge answers are refused until the bucket refills."),
            new Key(ACME_DIR_ENABLED, "true", "false switches a directory off (the built-in default directory too)."),
            new Key(ACME_DIR_PROFILE, "server", "Profile (sigil.profiles) whose EKUs and limits the directory's certificates get."),
            new Key(ACME_DIR_CHALLENGES, "http-01,dns-01,tls-alpn-01", "Challenge types offered (wildcards always get dns-01 only)."),
            new Key(ACME_DIR_LIFETIME, "30d", "Lifetime of certificates issued when the order names no notAfter."),
            new Key(ACME_DIR_MAX_LIFETIME, "(the profile's max-lifetime)", "Longest lifetime an order may ask for with notAfter."),
            new Key(ACME_DIR_KEY_TYPES, "(the profile's key-types)", "Leaf key types accepted in finalize CSRs."),
            new Key(ACME_DIR_ALLOWED_DNS, "(the profile's allowed-dns-suffixes)", "DNS identifiers allowed: an exact name or a suffix starting with a dot."),
            new Key(ACME_DIR_DENIED_DNS, "(the profile's denied-dns-suffixes)", "DNS identifiers denied; deny wins."),
            new Key(ACME_DIR_ALLOWED_IPS, "(the profile's allowed-ip-ranges)", "IP identifiers allowed (CIDR)."),
            new Key(ACME_DIR_DENIED_IPS, "(the profile's denied-ip-ranges)", "IP identifiers denied; deny wins."),
            new Key(ACME_DIR_EAB_REQUIRED, "false", "Require External Account Binding (keys from sigil acme eab create) for new accounts."),
            new Key(ACME_DIR_TOS, "", "Terms of service URL (meta.termsOfService); when set, new accounts must agree."),
            new Key(ACME_DIR_WEBSITE, "", "meta.website URL."),
            new Key(ACME_DIR_CAA, "", "meta.caaIdentities (comma-separated domain names)."),
            new Key(SSH_KEY_TYPE, "ED25519", "Key type of the SSH user and host CAs created on first start (docs/SSH.md): ED25519, EC_P256, EC_P384, RSA_3072, RSA_4096. With custody pkcs11 the default is EC_P256 (no Ed25519 in SunPKCS11)."),
            new Key(SSH_KRL_PERIOD, "1h", "How often the cluster tidies the SSH KRL (drops revoked certificates expired over a day ago, as a new KRL version)."),
            new Key(SSH_USER_DEFAULT_TTL, "8h", "Lifetime of an SSH user certificate when the request names none."),
            new Key(SSH_USER_MAX_TTL, "16h", "Longest SSH user certificate lifetime; longer requests are refused."),
            new Key(SSH_USER_PRINCIPALS, "${token}", "Patterns every user principal must match (* matches any characters; ${token} or {token} is the calling token's name)."),
            new Key(SSH_USER_DENIED_PRINCIPALS, "root", "Patterns no user principal may match; deny wins over allow."),
            new Key(SSH_USER_EXTENSIONS, "permit-X11-forwarding,permit-agent-forwarding,permit-port-forwarding,permit-pty,permit-user-rc", "Extensions a user certificate gets when the request lists none."),
            new Key(SSH_USER_ALLOWED_EXTENSIONS, "(all six OpenSSH extensions)", "Extensions a request may list (the five permit-* and no-touch-required)."),
            new Key(SSH_USER_CRITICAL_OPTIONS, "force-command,source-address,verify-required", "Critical options a user certificate request may set."),
            new Key(SSH_USER_KEY_TYPES, "(all supported)", "Subject key types accepted for user certificates (ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com); DSA and RSA under 2048 bits never."),
            new Key(SSH_HOST_DEFAULT_TTL, "30d", "Lifetime of an SSH host certificate when the request names none."),
            new Key(SSH_HOST_MAX_TTL, "30d", "Longest SSH host certificate lifetime."),
            new Key(SSH_HOST_PRINCIPALS, "localhost,*.internal,*.local,*.lan,*.home.arpa,*.test", "Patterns every host principal must match (case-insensitive; * matches any characters)."),
            new Key(SSH_HOST_DENIED_PRINCIPALS, "", "Patterns no host principal may match; deny wins."),
            new Key(SSH_HOST_KEY_TYPES, "(all supported)", "Subject key types accepted for host certificates."),
            new Key(SSH_POLICY_TYPE, "(required)", "user or host: the certificates a named SSH policy signs (docs/SSH.md). Its other rules start from the built-in defaults of that type."),
            new Key(SSH_POLICY_PRINCIPALS, "(per type)", "Patterns every principal must match (* matches any characters; ${token} or {token} is the calling token's name)."),
            new Key(SSH_POLICY_DENIED_PRINCIPALS, "(per type)", "Patterns no principal may match; deny wins over allow."),
            new Key(SSH_POLICY_DEFAULT_TTL, "(per type)", "Lifetime when the request names none."),
            new Key(SSH_POLICY_MAX_TTL, "(per type)", "Longest lifetime; longer requests are refused."),
            new Key(SSH_POLICY_EXTENSIONS, "(per type)", "Extensions granted when the request lists none (user policies only)."),
            new Key(SSH_POLICY_ALLOWED_EXTENSIONS, "(per type)", "Extensions a request may list (user policies only)."),
            new Key(SSH_POLICY_CRITICAL_OPTIONS, "(per type)", "Critical options a request may set: force-command, source-address, verify-required (user policies only)."),
            new Key(SSH_POLICY_KEY_TYPES, "(all supported)", "Subject key types accepted."),
            new Key(SSH_POLICY_ROLES, "operator", "Token roles that may sign under the policy: operator (which admin includes) or admin."));

    private ConfigKeys() {
    }

    /** All documented keys. */
    public static List<Key> all() {
        return KEYS;
    }

    /** The documented key matching {@code name}, if any. */
    public static Optional<Key> lookup(String name) {
        return KEYS.stream().filter(k -> k.matches(name)).findFirst();
    }

    /** True if Sigil reads {@code name}. */
    public static boolean isKnown(String name) {
        return lookup(name).isPresent();
    }

    /** The environment variable that sets a concrete key ({@code sigil.db.url} → {@code SIGIL_DB_URL}). */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** The key an environment variable sets, if it names a known key. Profile names are read lower-case with '_' as '-'. */
    public static Optional<String> keyForEnv(String envName) {
        // Several keys may match (SIGIL_ACME_DIRECTORIES_X_MAX_LIFETIME fits both *.lifetime with X_MAX and
        // *.max-lifetime with X): the most specific key, the one whose names take the fewest characters, wins.
        String best = null;
        int bestWildcardLength = Integer.MAX_VALUE;
        for (Key key : KEYS) {
            var m = key.envPattern().matcher(envName);
            if (m.matches()) {
                String concrete = key.name();
                int wildcardLength = 0;
                for (int i = 1; i <= m.groupCount(); i++) {
                    wildcardLength += m.group(i).length();
                    concrete = concrete.replaceFirst("\\*", m.group(i).toLowerCase(Locale.ROOT).replace('_', '-'));
                }
                if (wildcardLength < bestWildcardLength) {
                    best = concrete;
                    bestWildcardLength = wildcardLength;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
