package dev.sigil.service.acme;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.service.metrics.SigilMetrics;

import java.io.IOException;
import java.util.Locale;

/**
 * Turns an ACME answer into {@code sigil_acme_requests_total{resource,status,problem}}. The resource is named from
 * the path's first segment (a fixed set, so label values stay few whatever clients send); the problem type is read
 * from the answer's problem document.
 */
class AcmeRequestMetrics {

    static final AcmeRequestMetrics NONE = new AcmeRequestMetrics(null);
    private static final JsonFactory JSON = new JsonFactory();

    private final SigilMetrics metrics;

    AcmeRequestMetrics(SigilMetrics metrics) {
        this.metrics = metrics;
    }

    void answered(String path, AcmeHttpResponse answer) {
        if (metrics == null) {
            return;
        }
        metrics.acmeRequest(resource(path), answer.status(), problem(answer));
    }

    /** {@code /new-order} → new-order, {@code /order/ID/finalize} → finalize, {@code /chall/ID} → chall, ... */
    static String resource(String path) {
        if (path.isEmpty() || path.equals("/directory")) {
            return "directory";
        }
        String[] parts = path.split("/", -1);
        if (parts.length < 2) {
            return "other";
        }
        String first = parts[1];
        if (first.equals("order") && parts.length == 4 && parts[3].equals("finalize")) {
            return "finalize";
        }
        if (first.equals("account") && parts.length >= 4 && parts[3].equals("orders")) {
            return "orders";
        }
        return switch (first) {
            case "new-nonce", "new-account", "new-order", "revoke-cert", "key-change", "renewal-info", "account",
                 "order", "authz", "chall", "cert" -> first;
            default -> "other";
        };
    }

    /** The problem type's short name (badNonce, unauthorized, ...), "none" if the answer is no problem. */
    static String problem(AcmeHttpResponse answer) {
        boolean isProblem = answer.header("Content-Type").map(t -> t.toLowerCase(Locale.ROOT)
                .startsWith("application/problem+json")).orElse(false);
        if (!isProblem || answer.body().length == 0) {
            return "none";
        }
        try (JsonParser p = JSON.createParser(answer.body())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "other";
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("type") && p.currentToken() == JsonToken.VALUE_STRING) {
                    String type = p.getText();
                    return type.startsWith(ProblemType.PREFIX) && type.length() < ProblemType.PREFIX.length() + 40
                            ? type.substring(ProblemType.PREFIX.length()) : "other";
                }
                p.skipChildren();
            }
            return "other";
        } catch (IOException e) {
            return "other";
        }
    }
}
