package dev.sigil.acme.order;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.storage.acme.AcmeAuthorization;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeIdentifier;
import dev.sigil.storage.acme.AcmeOrder;
import dev.sigil.storage.acme.AcmeStatus;

import java.util.Locale;

/** The order, authorization and challenge objects (RFC 8555 §7.1.3-7.1.5). */
final class OrderJson {

    private OrderJson() {
    }

    static ObjectNode order(AcmeOrder order, AcmeUrls urls) {
        ObjectNode json = AcmeJson.object();
        json.put("status", lower(order.status()));
        json.put("expires", AcmeJson.time(order.expiresAt()));
        ArrayNode identifiers = json.putArray("identifiers");
        order.identifiers().forEach(i -> identifier(identifiers.addObject(), i));
        order.notBefore().ifPresent(t -> json.put("notBefore", AcmeJson.time(t)));
        order.notAfter().ifPresent(t -> json.put("notAfter", AcmeJson.time(t)));
        ArrayNode authorizations = json.putArray("authorizations");
        order.authorizationIds().forEach(id -> authorizations.add(urls.authorization(id)));
        json.put("finalize", urls.finalizeUrl(order.id()));
        if (order.status() == AcmeStatus.Order.VALID && order.certificateSerial().isPresent()) {
            json.put("certificate", urls.certificate(order.id()));
        }
        order.errorJson().ifPresent(e -> json.set("error", AcmeJson.parseStored(e)));
        order.replaces().ifPresent(r -> json.put("replaces", r));
        return json;
    }

    static ObjectNode authorization(AcmeAuthorization authorization, AcmeStatus.Authorization status, AcmeUrls urls) {
        ObjectNode json = AcmeJson.object();
        identifier(json.putObject("identifier"), authorization.identifier());
        json.put("status", lower(status));
        json.put("expires", AcmeJson.time(authorization.expiresAt()));
        ArrayNode challenges = json.putArray("challenges");
        authorization.challenges().forEach(c -> challenges.add(challenge(c, urls)));
        if (authorization.wildcard()) {
            json.put("wildcard", true);
        }
        return json;
    }

    static ObjectNode challenge(AcmeChallenge challenge, AcmeUrls urls) {
        ObjectNode json = AcmeJson.object();
        json.put("type", challenge.type());
        json.put("url", urls.challenge(challenge.id()));
        json.put("status", lower(challenge.status()));
        json.put("token", challenge.token());
        challenge.validatedAt().ifPresent(t -> json.put("validated", AcmeJson.time(t)));
        challenge.errorJson().ifPresent(e -> json.set("error", AcmeJson.parseStored(e)));
        return json;
    }

    private static void identifier(ObjectNode node, AcmeIdentifier identifier) {
        node.put("type", identifier.type());
        node.put("value", identifier.value());
    }

    private static String lower(Enum<?> status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
