package dev.sigil.service.acme;

import dev.sigil.service.api.Guard;
import dev.sigil.service.api.Json;
import dev.sigil.service.auth.Role;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.acme.EabKey;
import dev.sigil.storage.acme.RenewalOverride;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/acme}: the operator's view of the ACME directories, their EAB keys and certificates' renewal
 * windows. GET /directories (auditor); GET /directories/{name}/eab-keys (auditor); POST /directories/{name}/eab-keys
 * (operator; the answer carries the HMAC key, once); POST /renewal-windows (operator; sets the RFC 9773 window of one
 * certificate: 201 if it had none, 200 if an earlier one was replaced).
 */
public final class AcmeAdminApi implements HttpService {

    /** Body of POST /directories/{name}/eab-keys. */
    public record EabBody(String label) {
    }

    /** Body of POST /renewal-windows: one certificate (by serial, and issuer if ambiguous), RFC 3339 times. */
    public record RenewalWindowBody(String serial, String issuer, String start, String end, String reason) {
    }

    private final List<AcmeDirectoryConfig> directories;
    private final EabKeys eab;
    private final RenewalOverrides renewals;
    private final Guard guard;
    private final Json json;
    private final String acmeBaseHint;

    public AcmeAdminApi(List<AcmeDirectoryConfig> directories, EabKeys eab, RenewalOverrides renewals, Guard guard,
                        Json json, String acmeBaseHint) {
        this.directories = directories;
        this.eab = eab;
        this.renewals = renewals;
        this.guard = guard;
        this.json = json;
        this.acmeBaseHint = acmeBaseHint;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/directories", guard.require(Role.AUDITOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, Map.of("items", directories.stream().map(this::directory).toList()))))
                .get("/directories/{name}/eab-keys", guard.require(Role.AUDITOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, Map.of("items",
                                eab.list(req.path().pathParameters().get("name")).stream().map(AcmeAdminApi::eabKey).toList()))))
                .post("/directories/{name}/eab-keys", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    EabBody body = req.content().hasEntity() ? json.read(req, EabBody.class) : new EabBody(null);
                    EabKeys.Created created = eab.create(req.path().pathParameters().get("name"),
                            Optional.ofNullable(body == null ? null : body.label()), caller.name());
                    Map<String, Object> m = eabKey(created.key());
                    m.put("hmacKey", created.hmacKeyBase64Url());
                    json.send(res, Status.CREATED_201, m);
                }))
                .post("/renewal-windows", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    RenewalWindowBody body = json.read(req, RenewalWindowBody.class);
                    RenewalOverrides.Suggested done = renewals.suggest(required("serial", body.serial()),
                            Optional.ofNullable(body.issuer()).map(String::strip).filter(i -> !i.isEmpty()),
                            instant("start", body.start()), instant("end", body.end()), body.reason(), caller.name());
                    json.send(res, done.replaced() ? Status.OK_200 : Status.CREATED_201,
                            renewalWindow(done.override(), done.replaced()));
                }));
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw SigilException.malformed("the field '" + field + "' is required");
        }
        return value.strip();
    }

    /** RFC 3339 with any offset (Z, +02:00); stored and shown in UTC. */
    private static Instant instant(String field, String text) {
        try {
            return OffsetDateTime.parse(required(field, text)).toInstant();
        } catch (DateTimeParseException e) {
            throw SigilException.malformed(field + " must be an RFC 3339 time like 2026-11-23T20:00:00Z");
        }
    }

    private static Map<String, Object> renewalWindow(RenewalOverride o, boolean replaced) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", o.issuerId());
        m.put("serial", o.serial());
        m.put("start", o.start().toString());
        m.put("end", o.end().toString());
        m.put("reason", o.reason());
        m.put("createdAt", o.createdAt().toString());
        m.put("createdBy", o.createdBy());
        m.put("replaced", replaced);
        return m;
    }

    private Map<String, Object> directory(AcmeDirectoryConfig d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("url", acmeBaseHint + "/acme/" + d.name() + "/directory");
        m.put("profile", d.profile().name());
        m.put("challenges", d.challenges().stream().sorted().toList());
        m.put("lifetime", d.profile().defaultLifetime().toString());
        m.put("maxLifetime", d.profile().maxLifetime().toString());
        m.put("keyTypes", d.profile().keyTypes().stream().map(KeyType::name).sorted().toList());
        m.put("allowedDnsSuffixes", d.profile().names().allowedDns());
        m.put("allowedIpRanges", d.profile().names().allowedIps().stream().map(Object::toString).toList());
        m.put("eabRequired", d.eabRequired());
        d.termsOfService().ifPresent(u -> m.put("termsOfService", u.toString()));
        return m;
    }

    private static Map<String, Object> eabKey(EabKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyId", k.keyId());
        m.put("directory", k.directory());
        m.put("label", k.label());
        m.put("createdAt", k.createdAt().toString());
        k.boundAccountId().ifPresent(a -> m.put("boundAccount", a));
        k.boundAt().ifPresent(a -> m.put("boundAt", a.toString()));
        return m;
    }
}
