package dev.sigil.acme.jws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.problem.AcmeProblem;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The syntax every JWS of RFC 8555 shares (§6.2, §7.3.4, §7.3.5): the flattened JSON serialization (RFC 7515 §7.2.2)
 * with a protected header only. What a particular JWS must carry in that header is its caller's business.
 *
 * @param what         how problem details name this JWS, e.g. "JWS" or "inner JWS of keyChange"
 * @param protectedB64 the "protected" string exactly as sent (it is part of the signing input)
 * @param payloadB64   the "payload" string exactly as sent
 */
record FlattenedJws(String what, String protectedB64, String payloadB64, ObjectNode header, byte[] payload,
                    byte[] signature) {

    private static final List<String> MEMBERS = List.of("protected", "payload", "signature");
    /** Header members naming a key other than by jwk/kid; RFC 8555 §6.2 allows exactly one of those two. */
    private static final List<String> OTHER_KEY_REFERENCES = List.of("jku", "x5u", "x5c", "x5t", "x5t#S256");

    static FlattenedJws parse(JsonNode jws, String what) {
        if (jws == null || !jws.isObject()) {
            throw AcmeProblem.malformed(what + " must be a JSON object (flattened JWS serialization)");
        }
        if (jws.has("signatures")) {
            throw AcmeProblem.malformed(what + " must use the flattened JSON serialization, not the general one");
        }
        if (jws.has("header")) {
            throw AcmeProblem.malformed(what + " must not have an unprotected header");
        }
        for (Iterator<String> names = jws.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw AcmeProblem.malformed(what + " has unexpected member \"" + StrictJson.echo(name) + "\"");
            }
        }
        String protectedB64 = text(jws, "protected", what);
        String payloadB64 = text(jws, "payload", what);
        String signatureB64 = text(jws, "signature", what);
        if (protectedB64.isEmpty()) {
            throw AcmeProblem.malformed(what + " has an empty protected header");
        }
        if (signatureB64.isEmpty()) {
            throw AcmeProblem.malformed(what + " has an empty signature");
        }
        ObjectNode header = StrictJson.parseObject(Base64Url.decode(protectedB64, what + " protected header"),
                what + " protected header");
        // RFC 8555 §6.2: no "b64" (RFC 7797 unencoded payloads) and no "crit" extensions.
        for (String forbidden : List.of("b64", "crit")) {
            if (header.has(forbidden)) {
                throw AcmeProblem.malformed(what + " protected header must not contain \"" + forbidden + "\"");
            }
        }
        for (String reference : OTHER_KEY_REFERENCES) {
            if (header.has(reference)) {
                throw AcmeProblem.malformed(what + " protected header must identify its key by jwk or kid only, not \""
                        + reference + "\"");
            }
        }
        byte[] payload = Base64Url.decode(payloadB64, what + " payload");
        byte[] signature = Base64Url.decode(signatureB64, what + " signature");
        return new FlattenedJws(what, protectedB64, payloadB64, header, payload, signature);
    }

    /** ASCII(BASE64URL(protected) || '.' || BASE64URL(payload)), RFC 7515 §5.2 step 8. */
    byte[] signingInput() {
        return (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
    }

    /** A header member that must be a string if present. */
    Optional<String> headerText(String name) {
        JsonNode value = header.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw AcmeProblem.malformed(what + " protected header member \"" + name + "\" must be a string");
        }
        return Optional.of(value.textValue());
    }

    /** A header member that must be a non-empty string. */
    String requiredHeaderText(String name) {
        String value = headerText(name).orElseThrow(() -> AcmeProblem.malformed(
                what + " protected header has no \"" + name + "\""));
        if (value.isEmpty()) {
            throw AcmeProblem.malformed(what + " protected header member \"" + name + "\" is empty");
        }
        return value;
    }

    void refuseHeader(String name, String why) {
        if (header.has(name)) {
            throw AcmeProblem.malformed(what + " protected header must not contain \"" + name + "\"" + why);
        }
    }

    private static String text(JsonNode jws, String name, String what) {
        JsonNode value = jws.get(name);
        if (value == null) {
            throw AcmeProblem.malformed(what + " has no \"" + name + "\"");
        }
        if (!value.isTextual()) {
            throw AcmeProblem.malformed(what + " member \"" + name + "\" must be a string");
        }
        return value.textValue();
    }
}
