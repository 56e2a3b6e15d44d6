package dev.sigil.service.api;

import dev.sigil.service.auth.Role;
import dev.sigil.service.auth.TokenService;
import dev.sigil.storage.token.TokenRecord;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/tokens} (admin only) and {@code /api/v1/whoami}. Workload tokens are listed and revoked here but
 * created by {@code POST /api/v1/managed/{name}/tokens}, where their scope is checked to name a managed certificate.
 */
public final class TokensApi implements HttpService {

    /** Body of POST /tokens. */
    public record CreateBody(String name, String role) {
    }

    private final TokenService tokens;
    private final Guard guard;
    private final Json json;

    public TokensApi(TokenService tokens, Guard guard, Json json) {
        this.tokens = tokens;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/whoami", guard.require(Role.AUDITOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, Map.of("name", caller.name(), "role", caller.role().wireName()))))
                .post("/tokens", guard.require(Role.ADMIN, (req, res, caller) -> {
                    CreateBody body = json.read(req, CreateBody.class);
                    TokenService.Created created = tokens.create(body.name(), Role.parse(body.role()), caller.name());
                    Map<String, Object> m = token(created.record());
                    m.put("token", created.secret());
                    json.send(res, Status.CREATED_201, m);
                }))
                .get("/tokens", guard.require(Role.ADMIN, (req, res, caller) ->
                        json.send(res, Status.OK_200, Map.of("items", tokens.list().stream().map(TokensApi::token).toList()))))
                .delete("/tokens/{id}", guard.require(Role.ADMIN, (req, res, caller) -> {
                    tokens.revoke(req.path().pathParameters().get("id"), caller.name());
                    res.status(Status.NO_CONTENT_204).send();
                }));
    }

    /** The JSON of a token (never its secret). */
    static Map<String, Object> token(TokenRecord t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("role", t.role());
        m.put("createdAt", t.createdAt().toString());
        m.put("createdBy", t.createdBy());
        t.scope().ifPresent(s -> m.put("scope", s));
        t.revokedAt().ifPresent(r -> m.put("revokedAt", r.toString()));
        return m;
    }
}
