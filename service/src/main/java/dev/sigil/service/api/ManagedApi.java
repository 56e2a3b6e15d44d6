package dev.sigil.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.service.auth.Principal;
import dev.sigil.service.auth.Role;
import dev.sigil.service.auth.TokenService;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.profile.Profile;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.x509.IpAddresses;
import dev.sigil.service.ca.x509.SerialNumbers;
import dev.sigil.service.config.Durations;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.managed.CredentialFormats;
import dev.sigil.service.managed.ManagedService;
import dev.sigil.service.managed.Credential;
import dev.sigil.service.managed.ManagedView;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.managed.ManagedCertificate;
import dev.sigil.storage.managed.ManagedSpec;
import dev.sigil.storage.managed.ManagedState;
import dev.sigil.storage.managed.ManagedVersion;
import dev.sigil.storage.managed.RenewalRule;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/managed}: certificates Sigil keeps issuing and renewing, their credentials (for operators, and for
 * workload tokens scoped to one of them) and the creation of those workload tokens. Handlers parse, call, render.
 */
public final class ManagedApi implements HttpService {

    /** Body of POST /managed. {@code renewAt} is a tree so that a non-number is refused naming the field. */
    public record CreateBody(String name, String commonName, List<String> sans, String profile, String keyType,
                             String lifetime, JsonNode renewAt, String renewBefore, String owner,
                             Boolean revokeSuperseded, String revokeGrace) {
    }

    /** Body of POST /managed/{name}/tokens. */
    public record TokenBody(String name) {
    }

    public static final String PKCS12 = "application/x-pkcs12";
    /** Where a client puts the PKCS#12 password: a header, so that it never lands in an access log's URL. */
    public static final HeaderName PASSWORD_HEADER = HeaderNames.create("X-Sigil-Pkcs12-Password");
    /** Two thirds of the lifetime, as Let's Encrypt's clients renew. */
    static final double DEFAULT_RENEW_AT = 2.0 / 3;
    static final String DEFAULT_KEY_TYPE = KeyType.EC_P256.name();

    private final ManagedService managed;
    private final TokenService tokens;
    private final Profiles profiles;
    private final Guard guard;
    private final Json json;

    public ManagedApi(ManagedService managed, TokenService tokens, Profiles profiles, Guard guard, Json json) {
        this.managed = managed;
        this.tokens = tokens;
        this.profiles = profiles;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/managed", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    ManagedView view = managed.create(toSpec(json.read(req, CreateBody.class)), caller.name());
                    res.header(HeaderNames.LOCATION, "/api/v1/managed/" + view.managed().name());
                    json.send(res, Status.CREATED_201, ManagedJson.full(view));
                }))
                .get("/managed", guard.require(Role.AUDITOR, (req, res, caller) ->
                        json.send(res, Status.OK_200,
                                Map.of("items", managed.list().stream().map(ManagedJson::summary).toList()))))
                .get("/managed/{name}", guard.require(Role.AUDITOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, ManagedJson.full(managed.show(name(req))))))
                .post("/managed/{name}/rotate", guard.require(Role.OPERATOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, ManagedJson.full(managed.rotate(name(req), caller.name())))))
                .delete("/managed/{name}", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    managed.delete(name(req), caller.name());
                    res.status(Status.NO_CONTENT_204).send();
                }))
                .get("/managed/{name}/credential", guard.requireOrScoped(Role.OPERATOR, "name", this::credential))
                .post("/managed/{name}/tokens", guard.require(Role.ADMIN, (req, res, caller) -> {
                    TokenBody body = json.read(req, TokenBody.class);
                    String name = name(req);
                    refuseOwnHttpsKey(name);
                    if (managed.show(name).managed().state() == ManagedState.DELETED) {
                        throw SigilException.conflict("managed certificate " + name + " is deleted");
                    }
                    TokenService.Created created = tokens.createScoped(body.name(), name, caller.name());
                    Map<String, Object> m = TokensApi.token(created.record());
                    m.put("secret", created.secret());
                    res.header(HeaderNames.LOCATION, "/api/v1/tokens/" + created.record().id());
                    json.send(res, Status.CREATED_201, m);
                }));
    }

    private void credential(ServerRequest req, ServerResponse res, Principal caller) {
        refuseOwnHttpsKey(name(req));
        boolean pkcs12 = wantsPkcs12(req);
        char[] password = pkcs12 ? password(req) : new char[0];
        try {
            Credential c = managed.credential(name(req));
            String serial = SerialNumbers.hex(c.certificate().getSerialNumber());
            guard.recordAccess(caller, "managed.credential.read", c.name(), "version=" + c.version() + " serial="
                    + serial + " format=" + (pkcs12 ? "pkcs12" : "pem"));
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            if (pkcs12) {
                byte[] p12 = CredentialFormats.pkcs12(c.name(), c.privateKey(), c.certificate(), c.chain(), password);
                res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + c.name() + ".p12\"");
                res.header(HeaderNames.CONTENT_TYPE, PKCS12);
                res.status(Status.OK_200).send(p12);
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("version", c.version());
            m.put("serial", serial);
            m.put("notAfter", c.certificate().getNotAfter().toInstant().toString());
            m.put("certificate", CredentialFormats.certificatesPem(List.of(c.certificate())));
            m.put("chain", CredentialFormats.certificatesPem(c.chain()));
            m.put("privateKey", CredentialFormats.privateKeyPem(c.privateKey()));
            json.send(res, Status.OK_200, m);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Sigil's own HTTPS key stays inside Sigil: whoever holds it could impersonate the CA's API. */
    private static void refuseOwnHttpsKey(String name) {
        if (ManagedService.HTTPS_NAME.equals(name)) {
            throw new SigilException(ErrorKind.FORBIDDEN, ManagedService.HTTPS_NAME
                    + " is Sigil's own HTTPS certificate; its key is not handed out");
        }
    }

    /** PKCS#12 if asked by {@code ?format=pkcs12} or by an Accept header preferring it; PEM in JSON otherwise. */
    private static boolean wantsPkcs12(ServerRequest req) {
        Optional<String> format = CertificatesApi.param(req, "format").map(f -> f.toLowerCase(Locale.ROOT));
        if (format.isPresent()) {
            return switch (format.get()) {
                case "pkcs12", "p12" -> true;
                case "pem", "json" -> false;
                default -> throw SigilException.malformed("format must be pem or pkcs12");
            };
        }
        return req.headers().acceptedTypes().stream().findFirst()
                .map(t -> t.mediaType().text().equalsIgnoreCase(PKCS12)).orElse(false);
    }

    private static char[] password(ServerRequest req) {
        String p = req.headers().first(PASSWORD_HEADER).orElse("");
        if (p.isEmpty() || p.length() > CredentialFormats.MAX_PASSWORD) {
            // Never echo what was sent: it is a password.
            throw SigilException.malformed("a PKCS#12 needs a password of 1-" + CredentialFormats.MAX_PASSWORD
                    + " characters in the " + PASSWORD_HEADER.defaultCase() + " header");
        }
        return p.toCharArray();
    }

    private static String name(ServerRequest req) {
        return req.path().pathParameters().get("name");
    }

    /** Turns the request body into a spec; every mistake is a 400 naming its field. */
    ManagedSpec toSpec(CreateBody b) {
        String name = CertificateJson.nonBlank(b.name()).orElseThrow(
                () -> SigilException.malformed("the field 'name' is required"));
        Profile profile = profiles.get(CertificateJson.nonBlank(b.profile()).orElse(Profiles.SERVER));
        String keyType;
        try {
            keyType = KeyType.parse(CertificateJson.nonBlank(b.keyType()).orElse(DEFAULT_KEY_TYPE)).name();
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed("keyType: " + e.getMessage());
        }
        Duration lifetime = CertificateJson.nonBlank(b.lifetime()).map(l -> duration("lifetime", l))
                .orElse(profile.defaultLifetime());
        boolean revokeSuperseded = Boolean.TRUE.equals(b.revokeSuperseded());
        Duration grace = CertificateJson.nonBlank(b.revokeGrace()).map(g -> g.matches("0+[dhms]?") ? Duration.ZERO
                : duration("revokeGrace", g)).orElse(Duration.ZERO);
        if (!grace.isZero() && !revokeSuperseded) {
            throw SigilException.malformed("revokeGrace applies only with \"revokeSuperseded\": true");
        }
        try {
            return new ManagedSpec(name, CertificateJson.nonBlank(b.commonName()), sans(b.sans()), profile.name(),
                    keyType, lifetime, renewal(b), CertificateJson.nonBlank(b.owner()), revokeSuperseded, grace);
        } catch (IllegalArgumentException e) {
            // ManagedSpec's messages name the field and are written for clients.
            throw SigilException.malformed(e.getMessage());
        }
    }

    private static RenewalRule renewal(CreateBody b) {
        boolean fraction = b.renewAt() != null && !b.renewAt().isNull();
        Optional<String> before = CertificateJson.nonBlank(b.renewBefore());
        if (fraction && before.isPresent()) {
            throw SigilException.malformed("give renewAt or renewBefore, not both");
        }
        if (before.isPresent()) {
            return new RenewalRule.BeforeExpiry(duration("renewBefore", before.get()));
        }
        double f = DEFAULT_RENEW_AT;
        if (fraction) {
            JsonNode n = b.renewAt();
            try {
                f = n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
            } catch (NumberFormatException e) {
                f = Double.NaN;
            }
            if (!(f > 0 && f < 1)) {
                throw SigilException.malformed("renewAt must be a number strictly between 0 and 1 (e.g. 0.6667)");
            }
        }
        return new RenewalRule.AtFraction(f);
    }

    private static List<San> sans(List<String> texts) {
        if (texts == null) {
            return List.of();
        }
        return texts.stream().map(ManagedApi::san).toList();
    }

    /** {@code dns:NAME} or {@code ip:ADDRESS} as in the certificate JSON; a bare IP literal or name is inferred. */
    static San san(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        String type = colon > 0 && !IpAddresses.isLiteral(t) ? t.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        String value = type.isEmpty() ? t : t.substring(colon + 1).strip();
        try {
            return switch (type) {
                case "dns" -> San.dns(value);
                case "ip" -> San.ip(IpAddresses.canonical(IpAddresses.parseLiteral(value)));
                case "" -> IpAddresses.isLiteral(value) ? San.ip(IpAddresses.canonical(IpAddresses.parseLiteral(value)))
                        : San.dns(value);
                default -> throw new IllegalArgumentException("only dns: and ip: names are supported, not '" + type + ":'");
            };
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed("sans: " + e.getMessage());
        }
    }

    private static Duration duration(String field, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed(field + ": " + e.getMessage());
        }
    }

    /** The managed-certificate JSON. Absent values are left out rather than sent as null. */
    static final class ManagedJson {

        private ManagedJson() {
        }

        static Map<String, Object> summary(ManagedCertificate m) {
            ManagedSpec s = m.spec();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", s.name());
            out.put("state", m.state().name().toLowerCase(Locale.ROOT));
            s.commonName().ifPresent(c -> out.put("commonName", c));
            out.put("sans", s.sans().stream().map(San::toString).toList());
            out.put("profile", s.profile());
            out.put("keyType", s.keyType());
            out.put("lifetime", Durations.format(s.lifetime()));
            switch (s.renewal()) {
                case RenewalRule.AtFraction f -> out.put("renewAt", f.fraction());
                case RenewalRule.BeforeExpiry b -> out.put("renewBefore", Durations.format(b.before()));
            }
            s.owner().ifPresent(o -> out.put("owner", o));
            out.put("revokeSuperseded", s.revokeSuperseded());
            out.put("revokeGrace", s.revokeGrace().isZero() ? "0s" : Durations.format(s.revokeGrace()));
            out.put("currentVersion", m.currentVersion());
            out.put("currentSerial", m.currentSerial());
            out.put("currentIssuer", m.currentIssuerId());
            out.put("notAfter", m.currentNotAfter().toString());
            out.put("nextRenewalAt", m.nextRenewalAt().toString());
            out.put("consecutiveFailures", m.consecutiveFailures());
            m.lastError().ifPresent(e -> out.put("lastError", e));
            out.put("createdAt", m.createdAt().toString());
            out.put("createdBy", m.createdBy());
            return out;
        }

        static Map<String, Object> full(ManagedView v) {
            Map<String, Object> out = summary(v.managed());
            out.put("history", v.history().stream().map(ManagedJson::version).toList());
            return out;
        }

        static Map<String, Object> version(ManagedVersion v) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", v.version());
            out.put("serial", v.serial());
            out.put("issuer", v.issuerId());
            out.put("notAfter", v.notAfter().toString());
            out.put("createdAt", v.createdAt().toString());
            v.supersededAt().ifPresent(t -> out.put("supersededAt", t.toString()));
            v.revokeAfter().ifPresent(t -> out.put("revokeAfter", t.toString()));
            out.put("revoked", v.revoked());
            return out;
        }
    }
}
