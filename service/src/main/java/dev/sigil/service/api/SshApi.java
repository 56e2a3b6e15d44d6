package dev.sigil.service.api;

import dev.sigil.service.auth.Role;
import dev.sigil.service.config.Durations;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.ssh.SshCertificateFields;
import dev.sigil.service.ssh.SshCertificateType;
import dev.sigil.service.ssh.SshCriticalOptions;
import dev.sigil.service.ssh.SshExtension;
import dev.sigil.service.ssh.SshGeneratedKeyType;
import dev.sigil.service.ssh.SshKeyType;
import dev.sigil.service.ssh.SshPolicy;
import dev.sigil.service.ssh.SshPublicKey;
import dev.sigil.service.ssh.SshService;
import dev.sigil.service.ssh.SshSignRequest;
import dev.sigil.storage.ssh.SshCaType;
import dev.sigil.storage.ssh.SshCertificateQuery;
import dev.sigil.storage.ssh.SshCertificateRecord;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code /api/v1/ssh/...}: sign SSH certificates, search and show them, revoke (by serial, key id or public key), and
 * read the CA public keys. The contract is in docs/API.md. Handlers parse, call {@link SshService}, render.
 */
public final class SshApi implements HttpService {

    /**
     * Body of POST /ssh/certificates: exactly one of publicKey (the client's key) and generateKey (a key type);
     * policy names an SSH policy (default: the built-in one of the type).
     */
    public record SignBody(String publicKey, String generateKey, String type, String keyId, List<String> principals,
                           String ttl, CriticalOptionsBody criticalOptions, List<String> extensions, String policy) {
    }

    /** What a policy name looks like: a config key segment, so nothing else can name one. */
    private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9-]{1,64}");

    /** Critical options of a user certificate; sourceAddress is a comma-separated list of addresses or CIDR blocks. */
    public record CriticalOptionsBody(String forceCommand, String sourceAddress, Boolean verifyRequired) {
    }

    /** Body of POST /ssh/revocations: exactly one of serial, keyId (with type), publicKey; and a reason. */
    public record RevokeBody(String serial, String keyId, String type, String publicKey, String reason) {
    }

    private final SshService ssh;
    private final Guard guard;
    private final Json json;
    private final Clock clock;

    public SshApi(SshService ssh, Guard guard, Json json, Clock clock) {
        this.ssh = ssh;
        this.guard = guard;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/ssh/certificates", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    SshSignRequest request = toRequest(json.read(req, SignBody.class));
                    SshService.Issued issued = ssh.sign(request, caller.name(), caller.role());
                    res.header(HeaderNames.LOCATION, "/api/v1/ssh/certificates/" + issued.record().serialText());
                    Map<String, Object> out = full(issued.record(), clock.instant());
                    issued.generatedKey().ifPresent(k -> {
                        // The only copy of the private key: no cache on the way may keep it.
                        res.header(HeaderNames.CACHE_CONTROL, "no-store");
                        out.put("publicKey", k.publicKey());
                        out.put("privateKey", k.privateKey());
                    });
                    json.send(res, Status.CREATED_201, out);
                }))
                .get("/ssh/certificates", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    Instant now = clock.instant();
                    List<Map<String, Object>> items = ssh.search(query(req, now)).stream()
                            .map(c -> summary(c, now)).toList();
                    json.send(res, Status.OK_200, Map.of("items", items));
                }))
                .get("/ssh/certificates/{serial}", guard.require(Role.AUDITOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, full(ssh.find(req.path().pathParameters().get("serial")),
                                clock.instant()))))
                .post("/ssh/revocations", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    SshService.Revoked r = revoke(json.read(req, RevokeBody.class), caller.name());
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("revoked", r.certificates());
                    out.put("kind", r.kind());
                    out.put("krlVersion", r.krlVersion());
                    json.send(res, Status.CREATED_201, out);
                }))
                .get("/ssh/policies", guard.require(Role.AUDITOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, Map.of("items", ssh.policies().all().stream()
                                .map(SshApi::policy).toList()))))
                .get("/ssh/ca/{type}", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    String t = req.path().pathParameters().get("type");
                    SshCaType type = SshCaType.parse(t)
                            .orElseThrow(() -> SigilException.notFound("no SSH CA '" + t + "' (user or host)"));
                    SshPublicKey key = ssh.cas().get(type).publicKey();
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("type", type.wireName());
                    out.put("publicKey", key.toOpenSsh());
                    out.put("fingerprint", key.fingerprint());
                    json.send(res, Status.OK_200, out);
                }));
    }

    private SshService.Revoked revoke(RevokeBody b, String actor) {
        Optional<String> serial = CertificateJson.nonBlank(b.serial());
        Optional<String> keyId = Optional.ofNullable(b.keyId()).filter(k -> !k.isEmpty());
        Optional<String> publicKey = CertificateJson.nonBlank(b.publicKey());
        long given = Stream.of(serial, keyId, publicKey).filter(Optional::isPresent).count();
        if (given != 1) {
            throw SigilException.malformed("give exactly one of 'serial', 'keyId' (with 'type') or 'publicKey'");
        }
        Optional<String> reason = CertificateJson.nonBlank(b.reason());
        if (keyId.isPresent()) {
            SshCaType type = SshCaType.parse(b.type()).orElseThrow(() ->
                    SigilException.malformed("a keyId revocation needs 'type': user or host"));
            return ssh.revokeKeyId(type, keyId.get(), reason, actor);
        }
        if (b.type() != null) {
            throw SigilException.malformed("'type' goes with 'keyId' only");
        }
        return serial.isPresent() ? ssh.revokeSerial(serial.get(), reason, actor)
                : ssh.revokePublicKey(publicKey.get(), reason, actor);
    }

    static SshSignRequest toRequest(SignBody b) {
        SshSignRequest.SubjectKey key = subjectKey(b);
        SshCertificateType type = switch (b.type() == null ? "" : b.type().strip().toLowerCase(Locale.ROOT)) {
            case "user" -> SshCertificateType.USER;
            case "host" -> SshCertificateType.HOST;
            default -> throw SigilException.malformed("the field 'type' must be user or host");
        };
        if (b.principals() == null || b.principals().isEmpty()) {
            throw SigilException.malformed("the field 'principals' must list at least one "
                    + (type == SshCertificateType.USER ? "user name" : "host name"));
        }
        if (b.principals().stream().anyMatch(p -> p == null)) {
            throw SigilException.malformed("principals must be strings");
        }
        Optional<Duration> ttl = CertificateJson.nonBlank(b.ttl()).map(t -> {
            try {
                return Durations.parse(t);
            } catch (IllegalArgumentException e) {
                throw SigilException.malformed("ttl: " + e.getMessage());
            }
        });
        SshCriticalOptions options = SshCriticalOptions.NONE;
        if (b.criticalOptions() != null) {
            CriticalOptionsBody o = b.criticalOptions();
            options = new SshCriticalOptions(Optional.ofNullable(o.forceCommand()).filter(c -> !c.isEmpty()),
                    CertificateJson.nonBlank(o.sourceAddress()).map(a -> Arrays.stream(a.split(",")).map(String::strip)
                            .filter(s -> !s.isEmpty()).toList()).orElse(List.of()),
                    Boolean.TRUE.equals(o.verifyRequired()));
        }
        Optional<List<SshExtension>> extensions = Optional.ofNullable(b.extensions()).map(list -> {
            List<SshExtension> out = new ArrayList<>();
            for (String name : list) {
                out.add(SshPolicy.extension(name == null ? "" : name).orElseThrow(() -> SigilException.malformed(
                        "unknown extension '" + name + "' (one of " + Arrays.stream(SshExtension.values())
                                .map(SshExtension::wireName).toList() + ")")));
            }
            return out;
        });
        Optional<String> keyId = Optional.ofNullable(b.keyId()).filter(k -> !k.isEmpty());
        Optional<String> policy = CertificateJson.nonBlank(b.policy()).map(String::strip);
        if (policy.isPresent() && !POLICY_NAME.matcher(policy.get()).matches()) {
            throw SigilException.malformed("the field 'policy' must name an SSH policy (a-z, 0-9 and '-', at most 64"
                    + " characters; GET /api/v1/ssh/policies lists them)");
        }
        return new SshSignRequest(key, type, keyId, b.principals(), ttl, options, extensions, policy);
    }

    private static SshSignRequest.SubjectKey subjectKey(SignBody b) {
        boolean given = b.publicKey() != null && !b.publicKey().isBlank();
        if (given == (b.generateKey() != null)) {
            throw SigilException.malformed("give exactly one of 'publicKey' (an OpenSSH public key line) and"
                    + " 'generateKey' (" + String.join(", ", SshGeneratedKeyType.apiNames()) + ")");
        }
        if (given) {
            return new SshSignRequest.ClientKey(b.publicKey().strip());
        }
        return new SshSignRequest.NewKey(SshGeneratedKeyType.parse(b.generateKey()).orElseThrow(() ->
                SigilException.malformed("the field 'generateKey' must be one of "
                        + String.join(", ", SshGeneratedKeyType.apiNames()))));
    }

    private static SshCertificateQuery query(ServerRequest req, Instant now) {
        Optional<SshCaType> type = CertificatesApi.param(req, "type").map(t -> SshCaType.parse(t)
                .orElseThrow(() -> SigilException.malformed("type must be user or host")));
        Optional<SshCertificateQuery.Status> status = CertificatesApi.param(req, "status").map(s -> {
            try {
                return SshCertificateQuery.Status.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw SigilException.malformed("status must be valid, revoked or expired");
            }
        });
        int limit = CertificatesApi.param(req, "limit").map(l -> {
            try {
                int n = Integer.parseInt(l);
                if (n < 1 || n > SshCertificateQuery.MAX_LIMIT) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw SigilException.malformed("limit must be 1.." + SshCertificateQuery.MAX_LIMIT);
            }
        }).orElse(SshCertificateQuery.DEFAULT_LIMIT);
        return new SshCertificateQuery(now, type, CertificatesApi.param(req, "principal"),
                CertificatesApi.param(req, "keyId"), status, limit);
    }

    /** The SSH policy JSON of docs/API.md: every rule, with its value, as the service applies it. */
    static Map<String, Object> policy(SshPolicy.Rules r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("type", r.type().wireName());
        m.put("builtIn", r.builtIn());
        m.put("roles", r.roles().stream().map(Role::wireName).sorted().toList());
        m.put("principals", r.principals());
        m.put("deniedPrincipals", r.deniedPrincipals());
        m.put("defaultTtl", Durations.format(r.defaultTtl()));
        m.put("maxTtl", Durations.format(r.maxTtl()));
        m.put("extensions", r.defaultExtensions().stream().map(SshExtension::wireName).sorted().toList());
        m.put("allowedExtensions", r.allowedExtensions().stream().map(SshExtension::wireName).sorted().toList());
        m.put("criticalOptions", r.criticalOptions().stream().sorted().toList());
        m.put("keyTypes", r.keyTypes().stream().map(SshKeyType::wireName).sorted().toList());
        return m;
    }

    /** The SSH certificate JSON of docs/API.md, without the certificate itself. */
    static Map<String, Object> summary(SshCertificateRecord c, Instant now) {
        SshCertificateFields fields = SshCertificateFields.read(c.certificate());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serial", c.serialText());
        m.put("type", c.caType().wireName());
        m.put("keyId", c.keyId());
        m.put("principals", c.principals());
        m.put("validAfter", c.validAfter().toString());
        m.put("validBefore", c.validBefore().toString());
        Map<String, Object> options = new LinkedHashMap<>();
        Optional.ofNullable(fields.criticalOptions().get("force-command")).ifPresent(v -> options.put("forceCommand", v));
        Optional.ofNullable(fields.criticalOptions().get("source-address")).ifPresent(v -> options.put("sourceAddress", v));
        options.put("verifyRequired", fields.criticalOptions().containsKey("verify-required"));
        m.put("criticalOptions", options);
        m.put("extensions", fields.extensions());
        m.put("keyType", c.keyType());
        m.put("fingerprint", c.fingerprint());
        m.put("caFingerprint", c.caFingerprint());
        m.put("status", c.expiredAt(now) ? "expired" : c.status().name().toLowerCase(Locale.ROOT));
        c.revokedAt().ifPresent(t -> m.put("revokedAt", t.toString()));
        c.revocationReason().ifPresent(r -> m.put("revocationReason", r));
        m.put("issuedAt", c.issuedAt().toString());
        m.put("requestedBy", c.requestedBy());
        return m;
    }

    /** {@link #summary} plus the certificate as the one-line OpenSSH form ({@code id_ed25519-cert.pub}). */
    static Map<String, Object> full(SshCertificateRecord c, Instant now) {
        Map<String, Object> m = summary(c, now);
        String certType = SshKeyType.fromWireName(c.keyType()).map(SshKeyType::certificateName)
                .orElseThrow(() -> new IllegalStateException("stored SSH key type unknown"));
        m.put("certificate", certType + " " + Base64.getEncoder().encodeToString(c.certificate()) + " " + c.keyId());
        return m;
    }
}
