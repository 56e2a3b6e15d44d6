package dev.sigil.service.auth;

import dev.sigil.service.ca.keys.FileModes;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.token.TokenRecord;
import dev.sigil.storage.token.TokenRepository;
import dev.sigil.storage.ledger.Ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens: 256 random bits, shown once, stored only as SHA-256. Successful look-ups are cached for a few
 * seconds to keep the database off the hot path; revoking on this node drops the cache entry at once.
 */
public final class TokenService {

    public static final String PREFIX = "sgl_";
    static final int SECRET_BYTES = 32;
    /** How long a successful look-up is trusted before the database is asked again (bounds revocation lag across nodes). */
    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    static final int MAX_NAME = 100;

    /** A token just created: the secret is in here and nowhere else. */
    public record Created(TokenRecord record, String secret) {
        @Override
        public String toString() {
            return "Created[" + record.id() + "]";
        }
    }

    private record Cached(Principal principal, Instant until) {
    }

    private final TokenRepository tokens;
    private final Ledger ledger;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public TokenService(TokenRepository tokens, Ledger ledger, Clock clock) {
        this.tokens = tokens;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Resolves an {@code Authorization} header value. @throws SigilException unauthorized */
    public Principal authenticate(Optional<String> authorization) {
        String header = authorization.orElseThrow(() -> new SigilException(ErrorKind.UNAUTHORIZED,
                "send the API token as 'Authorization: Bearer <token>'"));
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new SigilException(ErrorKind.UNAUTHORIZED, "only Bearer tokens are accepted");
        }
        String secret = header.substring(7).trim();
        String hash = hash(secret);
        Instant now = clock.instant();
        Cached c = cache.get(hash);
        if (c != null && c.until().isAfter(now)) {
            return c.principal();
        }
        TokenRecord t;
        try {
            t = tokens.findBySecretHash(hash).filter(TokenRecord::active)
                    .orElseThrow(() -> new SigilException(ErrorKind.UNAUTHORIZED, "the token is unknown or revoked"));
        } catch (StorageException e) {
            throw new SigilException(ErrorKind.UNAVAILABLE, "cannot check the token right now", e);
        }
        Principal p;
        try {
            p = new Principal(t.id(), t.name(), Role.parse(t.role()), t.scope());
        } catch (IllegalArgumentException | SigilException e) {
            // A row whose role and scope disagree grants nothing rather than something unintended.
            throw new SigilException(ErrorKind.UNAUTHORIZED, "the token is not usable");
        }
        cache.put(hash, new Cached(p, now.plus(CACHE_TTL)));
        return p;
    }

    /** Creates an unscoped token of {@code role}; workload tokens need {@link #createScoped}. */
    public Created create(String name, Role role, String actor) {
        if (role.scoped()) {
            throw SigilException.malformed("a " + role.wireName() + " token is created for one managed certificate:"
                    + " POST /api/v1/managed/{name}/tokens");
        }
        return issue(name, role, Optional.empty(), actor);
    }

    /**
     * Creates a workload token that may read only the credential of the managed certificate {@code scope}. The caller
     * checks that the managed certificate exists.
     */
    public Created createScoped(String name, String scope, String actor) {
        if (scope == null || scope.isBlank()) {
            throw SigilException.malformed("a workload token needs a scope (a managed certificate name)");
        }
        return issue(name, Role.WORKLOAD, Optional.of(scope), actor);
    }

    private Created issue(String name, Role role, Optional<String> scope, String actor) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME || !name.matches("[A-Za-z0-9._@-]+")) {
            throw SigilException.malformed("token name must be 1-" + MAX_NAME + " of letters, digits and . _ @ -");
        }
        byte[] raw = new byte[SECRET_BYTES];
        random.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] idBytes = new byte[9];
        random.nextBytes(idBytes);
        String id = "tok_" + Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
        Instant now = clock.instant();
        TokenRecord record = new TokenRecord(id, name, role.wireName(), hash(secret), now, actor, Optional.empty(), scope);
        String details = "name=" + name + " role=" + role.wireName() + scope.map(s -> " scope=" + s).orElse("");
        ledger.addToken(record, AuditEvent.success(now, actor, "token.create", id, details));
        return new Created(record, secret);
    }

    public void revoke(String id, String actor) {
        Instant now = clock.instant();
        try {
            ledger.revokeToken(id, now, AuditEvent.success(now, actor, "token.revoke", id, ""));
        } catch (StorageException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> SigilException.notFound("no token " + id);
                case CONFLICT -> SigilException.conflict("token " + id + " is already revoked");
                case UNAVAILABLE -> new SigilException(ErrorKind.UNAVAILABLE, "the token could not be revoked now", e);
            };
        }
        cache.values().removeIf(c -> c.principal().tokenId().equals(id));
    }

    public List<TokenRecord> list() {
        return tokens.list();
    }

    /**
     * On a first start (no tokens at all), creates an admin token and writes it to {@code file} with mode 0600.
     *
     * @return true if a token was created
     */
    public boolean ensureAdminToken(Path file) {
        if (!tokens.list().isEmpty()) {
            return false;
        }
        Created c = create("admin", Role.ADMIN, "system");
        try {
            Files.deleteIfExists(file);
            FileModes.writePrivateFile(file, (c.secret() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the admin token file " + file + ": " + e.getMessage(), e);
        }
        return true;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
