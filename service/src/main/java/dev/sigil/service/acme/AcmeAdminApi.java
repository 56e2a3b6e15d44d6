package dev.sigil.service.acme;

import dev.sigil.service.api.Guard;
import dev.sigil.service.api.Json;
import dev.sigil.service.auth.Role;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.storage.acme.EabKey;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/acme}: the operator's view of the ACME directories and their EAB keys.
 * GET /directories (auditor); GET /directories/{name}/eab-keys (auditor); POST /directories/{name}/eab-keys
 * (operator; the answer carries the HMAC key, once).
 */
public final class AcmeAdminApi implements HttpService {

    /** Body of POST /directories/{name}/eab-keys. */
    public record EabBody(String label) {
    }

    private final List<AcmeDirectoryConfig> directories;
    private final EabKeys eab;
    private final Guard guard;
    private final Json json;
    private final String acmeBaseHint;

    public AcmeAdminApi(List<AcmeDirectoryConfig> directories, EabKeys eab, Guard guard, Json json, String acmeBaseHint) {
        this.directories = directories;
        this.eab = eab;
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
                }));
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
