package dev.sigil.acme.order;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.acme.identifier.Identifiers;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.port.IdentifierRefusal;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeIdentifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "identifiers" of a newOrder (RFC 8555 §7.4): canonical, duplicates removed, each one something a challenge of
 * this directory can validate and the CA's policy allows. Every refused identifier becomes a subproblem (§6.7.1),
 * so a client learns about all of them at once.
 */
final class OrderIdentifiers {

    private OrderIdentifiers() {
    }

    static List<AcmeIdentifier> parse(JsonNode payload, int max, Set<String> challengeTypes) {
        JsonNode node = payload.get("identifiers");
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw AcmeProblem.malformed("\"identifiers\" must be a non-empty array");
        }
        if (node.size() > max) {
            throw new AcmeProblem(ProblemType.REJECTED_IDENTIFIER, "an order may have at most " + max
                    + " identifiers");
        }
        Set<AcmeIdentifier> identifiers = new LinkedHashSet<>();
        List<AcmeProblem.Subproblem> problems = new ArrayList<>();
        for (JsonNode entry : node) {
            JsonNode type = entry.get("type");
            JsonNode value = entry.get("value");
            if (!entry.isObject() || type == null || !type.isTextual() || value == null || !value.isTextual()) {
                throw AcmeProblem.malformed("each identifier must be an object with string \"type\" and \"value\"");
            }
            AcmeIdentifier given = new AcmeIdentifier(Identifiers.echo(type.textValue()),
                    Identifiers.echo(value.textValue()));
            try {
                AcmeIdentifier canonical = Identifiers.canonical(type.textValue(), value.textValue());
                if (ChallengeTypes.offered(canonical, challengeTypes).isEmpty()) {
                    throw new AcmeProblem(ProblemType.REJECTED_IDENTIFIER, "no challenge type this directory offers "
                            + "can validate " + (Identifiers.isWildcard(canonical) ? "a wildcard name (dns-01 only)"
                            : "an identifier of type " + canonical.type()));
                }
                identifiers.add(canonical);
            } catch (AcmeProblem p) {
                problems.add(new AcmeProblem.Subproblem(p.type(), p.detail(), given));
            }
        }
        throwIfAny(problems);
        return List.copyOf(identifiers);
    }

    /** Asks the CA's policy; refusals become rejectedIdentifier subproblems. */
    static void checkPolicy(CertificateAuthorityPort ca, String profile, List<AcmeIdentifier> identifiers) {
        Map<String, AcmeIdentifier> byPortForm = new LinkedHashMap<>();
        identifiers.forEach(i -> byPortForm.put(Identifiers.portForm(i), i));
        List<IdentifierRefusal> refusals = ca.checkIdentifiers(profile, List.copyOf(byPortForm.keySet()));
        List<AcmeProblem.Subproblem> problems = new ArrayList<>();
        for (IdentifierRefusal refusal : refusals) {
            AcmeIdentifier identifier = byPortForm.get(refusal.identifier());
            if (identifier != null) {
                problems.add(new AcmeProblem.Subproblem(ProblemType.REJECTED_IDENTIFIER, refusal.reason(), identifier));
            }
        }
        throwIfAny(problems);
    }

    private static void throwIfAny(List<AcmeProblem.Subproblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        Set<ProblemType> types = new LinkedHashSet<>();
        problems.forEach(p -> types.add(p.type()));
        // One kind of failure keeps its type at the top; mixed ones are "compound" (RFC 8555 §6.7.1).
        ProblemType top = types.size() == 1 ? types.iterator().next() : ProblemType.COMPOUND;
        String detail = problems.size() == 1
                ? problems.getFirst().detail()
                : problems.size() + " identifiers were refused; see subproblems";
        throw new AcmeProblem(top, detail).withSubproblems(problems);
    }
}
