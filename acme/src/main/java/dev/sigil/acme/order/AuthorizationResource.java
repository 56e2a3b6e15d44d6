package dev.sigil.acme.order;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.account.SignedRequest;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code authz/{id}} (RFC 8555 §7.5): POST-as-GET reads it (pending or valid past expiry shows expired);
 * {@code {"status": "deactivated"}} deactivates it (§7.5.2), which fails every order that uses it.
 */
public final class AuthorizationResource {

    private final AcmeStore store;
    private final Clock clock;
    private final Ownership ownership;

    public AuthorizationResource(AcmeStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.ownership = new Ownership(store);
    }

    public Reply handle(SignedRequest request, String authorizationId, AcmeUrls urls) {
        AcmeAuthorization authorization = ownership.authorization(authorizationId, request.requireAccount());
        if (!request.jws().postAsGet()) {
            ObjectNode payload = request.jws().payloadJson();
            Optional<String> status = AcmeJson.optionalText(payload, "status");
            if (status.isEmpty() || !status.get().equals("deactivated")) {
                throw AcmeProblem.malformed("an authorization can only be updated with {\"status\": \"deactivated\"}");
            }
            if (!store.deactivateAuthorization(authorizationId)) {
                throw AcmeProblem.malformed("only a pending or valid authorization can be deactivated");
            }
            authorization = store.authorization(authorizationId).orElseThrow(() -> Ownership.notFound("authorization"));
        }
        return Reply.ok().json(OrderJson.authorization(authorization,
                OrderState.effective(authorization, clock.instant()), urls));
    }
}
